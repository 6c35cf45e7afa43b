/**
 * Keeps the deck and presenter windows on the same slide without a server.
 * Every navigation is sent twice: on a BroadcastChannel (instant, same origin) and as a
 * localStorage write, whose "storage" event reaches the other windows also where
 * BroadcastChannel is unavailable (some browsers under file://). Receiving the same message
 * twice is harmless: moving to the slide already shown does nothing and is never re-sent.
 * The last value stays in localStorage, so a window opened or reloaded later can catch up.
 * A message carries the whole shared state: slide, step, and whether the audience screen is
 * blacked out.
 */
export interface DeckState {
  n: number;
  step: number;
  black: boolean;
}
interface SlideMessage extends DeckState {
  from: string;
  t: number;
}

/** A window opened this much later than the last navigation does not take it up (a rehearsal yesterday). */
const FRESH_MS = 6 * 60 * 60 * 1000;

export interface Sync {
  send(state: DeckState): void;
  onState(listener: (state: DeckState) => void): void;
  /** The state most recently sent by any window of this deck, if recent. */
  last(): DeckState | null;
}

const keyOf = (deckPath: string) => `boot-talk:slide:${deckPath}`;

function read(text: string | null): SlideMessage | null {
  try {
    return text ? (JSON.parse(text) as SlideMessage) : null;
  } catch {
    return null;
  }
}

/** The state most recently sent by any window of the deck at deckPath, if recent. */
export function lastState(deckPath: string): DeckState | null {
  try {
    const msg = read(localStorage.getItem(keyOf(deckPath)));
    if (!msg || typeof msg.n !== "number" || !(Date.now() - msg.t < FRESH_MS)) return null;
    return { n: msg.n, step: Number(msg.step) || 0, black: msg.black === true };
  } catch {
    return null;
  }
}

/** `deckPath` scopes the channel so two decks on one origin do not steer each other. */
export function createSync(deckPath: string): Sync {
  const key = keyOf(deckPath);
  const id = Math.random().toString(36).slice(2);
  const listeners: Array<(state: DeckState) => void> = [];
  let channel: BroadcastChannel | null = null;
  try {
    channel = new BroadcastChannel(key);
  } catch {
    channel = null;
  }
  const deliver = (msg: SlideMessage | null) => {
    if (msg && msg.from !== id && typeof msg.n === "number")
      for (const l of listeners) l({ n: msg.n, step: Number(msg.step) || 0, black: msg.black === true });
  };
  channel?.addEventListener("message", (e) => deliver(e.data as SlideMessage));
  addEventListener("storage", (e) => {
    if (e.key === key) deliver(read(e.newValue));
  });
  return {
    send(state) {
      const msg: SlideMessage = { ...state, from: id, t: Date.now() };
      channel?.postMessage(msg);
      try {
        localStorage.setItem(key, JSON.stringify(msg));
      } catch {
        // Storage can be disabled; the channel still works.
      }
    },
    onState(listener) {
      listeners.push(listener);
    },
    last: () => lastState(deckPath),
  };
}
