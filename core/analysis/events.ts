/**
 * The raw material of an analysis: what happened during each pass, in arrival order, with
 * host monotonic times. Saved as JSONL beside the record so a run can be re-analysed without
 * booting (`npm run analyze -- --log FILE`). Pure: text in, events out.
 */
import { z } from "zod";
import { zodFieldText } from "../errors.ts";

export const EVENTS_SCHEMA = "boot-talk/analysis-events@1";

const Stream = z.enum(["stdout", "stderr"]);

/** First line of every events file: what was run, so re-analysis needs nothing else. */
export const EventsHeader = z.object({
  type: z.literal("header"),
  schema: z.literal(EVENTS_SCHEMA),
  /** Rule set name used at capture time (re-analysis may pick another with --rules). */
  rules: z.string(),
  target: z.object({
    kind: z.string(),
    argv: z.array(z.string()),
    appliance: z.unknown().nullable(),
    /** What could be learned of an --exec target (versions); see scripts/analyze/target-info.ts. */
    about: z.record(z.string(), z.string()).default({}),
  }),
  passes: z.number().int().positive(),
  warmup: z.number().int().nonnegative(),
  createdAt: z.string(),
  tool: z.unknown(),
  host: z.unknown(),
  qemu: z.unknown().nullable(),
  accelerator: z.enum(["kvm", "tcg"]).nullable(),
  /**
   * How output was read: "fifo" (a real pipe: QEMU's 1-byte serial writes cannot overrun it
   * quickly) or "socketpair" (older captures: Node's default, which QEMU overran, losing bytes).
   */
  capture: z.enum(["fifo", "socketpair"]).default("socketpair"),
});
export type EventsHeader = z.infer<typeof EventsHeader>;

/** A recorded pass starts: the process was spawned at t = 0. */
const SpawnEvent = z.object({
  type: z.literal("spawn"),
  pass: z.number().int().nonnegative(),
  t: z.number(),
  startedAt: z.number(),
});
/** One chunk of output exactly as read from the pipe. */
const OutputEvent = z.object({
  type: z.literal("output"),
  pass: z.number().int().nonnegative(),
  t: z.number(),
  stream: Stream,
  text: z.string(),
});
/** The process ended (or was killed); failure says why it did not count as a success. */
const ExitEvent = z.object({
  type: z.literal("exit"),
  pass: z.number().int().nonnegative(),
  t: z.number(),
  exitCode: z.number().int().nullable(),
  failure: z.string().nullable(),
});
/** Quiet (benchmark-mode) boots measured for the cost of observing; wall times in ms. */
const ObserverEvent = z.object({ type: z.literal("observer"), quietWallMs: z.array(z.number()) });

export const PassEvent = z.discriminatedUnion("type", [SpawnEvent, OutputEvent, ExitEvent]);
export type PassEvent = z.infer<typeof PassEvent>;
export type OutputEvent = z.infer<typeof OutputEvent>;
export type ObserverEvent = z.infer<typeof ObserverEvent>;

const AnyEvent = z.discriminatedUnion("type", [SpawnEvent, OutputEvent, ExitEvent, ObserverEvent]);

/** Everything one events file holds. */
export interface EventLog {
  header: EventsHeader;
  events: PassEvent[];
  observer: ObserverEvent | null;
}

/** Serialises a log: header first, then events in order, then the observer line if any. */
export function formatEventLog(log: EventLog): string {
  const lines = [JSON.stringify(log.header), ...log.events.map((e) => JSON.stringify(e))];
  if (log.observer) lines.push(JSON.stringify(log.observer));
  return lines.join("\n") + "\n";
}

/**
 * Parses an events file; errors name the file, the line and the field. A last line cut short
 * (no newline, not JSON: a journal whose writer was killed mid-write) is left out.
 */
export function parseEventLog(text: string, file: string): EventLog {
  const cutShort = text !== "" && !text.endsWith("\n");
  const rows = text.split("\n");
  if (rows.at(-1) === "") rows.pop();
  if (rows.length === 0) throw new EventLogError(`${file}: empty events file`);
  let header: EventsHeader | null = null;
  const events: PassEvent[] = [];
  let observer: ObserverEvent | null = null;
  rows.forEach((row, index) => {
    const where = `${file}:${index + 1}`;
    let json: unknown;
    try {
      json = JSON.parse(row);
    } catch (error) {
      if (cutShort && index === rows.length - 1 && index > 0) return;
      throw new EventLogError(`${where}: not valid JSON (${(error as Error).message})`);
    }
    if (index === 0) {
      const parsed = EventsHeader.safeParse(json);
      if (!parsed.success)
        throw new EventLogError(
          `${where}: not a boot-talk events header (${zodFieldText(parsed.error)}); events files are written by npm run analyze`,
        );
      header = parsed.data;
      return;
    }
    const parsed = AnyEvent.safeParse(json);
    if (!parsed.success) throw new EventLogError(`${where}: bad event (${zodFieldText(parsed.error)})`);
    if (parsed.data.type === "observer") observer = parsed.data;
    else events.push(parsed.data);
  });
  return { header: header!, events, observer };
}

export class EventLogError extends Error {
  override name = "EventLogError";
}

/** Splits events by pass number, keeping order. */
export function eventsByPass(events: readonly PassEvent[]): PassEvent[][] {
  const passes: PassEvent[][] = [];
  for (const event of events) (passes[event.pass] ??= []).push(event);
  return passes.map((p) => p ?? []);
}
