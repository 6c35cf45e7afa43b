/**
 * Keeps the deck and presenter windows on the same slide without a server.
 * Every navigation is sent twice: on a BroadcastChannel (instant, same origin) and as a
 * localStorage write, whose "storage" event reaches the other windows also where
 * BroadcastChannel is unavailable (some browsers under file://). Receiving the same message
 * twice is harmless: moving to the slide already shown does nothing and is never re-sent.
 * The last value stays in localStorage, so a window opened or reloaded later can catch up.
 */
export interface SlideMessage {
  n: number;
  from: string;
  t: number;
}

export interface Sync {
  send(n: number): void;
  onGoto(listener: (n: number) => void): void;
  /** The slide most recently shown by any window of this deck, if known. */
  last(): number | null;
}

/** `deckPath` scopes the channel so two decks on one origin do not steer each other. */
export function createSync(deckPath: string): Sync {
  const key = `boot-talk:slide:${deckPath}`;
  const id = Math.random().toString(36).slice(2);
  const listeners: Array<(n: number) => void> = [];
  let channel: BroadcastChannel | null = null;
  try {
    channel = new BroadcastChannel(key);
  } catch {
    channel = null;
  }
  const deliver = (msg: SlideMessage | null) => {
    if (msg && msg.from !== id && typeof msg.n === "number") for (const l of listeners) l(msg.n);
  };
  const read = (text: string | null): SlideMessage | null => {
    try {
      return text ? (JSON.parse(text) as SlideMessage) : null;
    } catch {
      return null;
    }
  };
  channel?.addEventListener("message", (e) => deliver(e.data as SlideMessage));
  addEventListener("storage", (e) => {
    if (e.key === key) deliver(read(e.newValue));
  });
  return {
    send(n) {
      const msg: SlideMessage = { n, from: id, t: Date.now() };
      channel?.postMessage(msg);
      try {
        localStorage.setItem(key, JSON.stringify(msg));
      } catch {
        // Storage can be disabled; the channel still works.
      }
    },
    onGoto(listener) {
      listeners.push(listener);
    },
    last() {
      try {
        return read(localStorage.getItem(key))?.n ?? null;
      } catch {
        return null;
      }
    },
  };
}
