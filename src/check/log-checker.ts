/**
 * The log checker, in the spirit of Jepsen's Kafka checker (jepsen.tests.kafka): given what the
 * producers were told (each acknowledged send and the offset the broker gave it), what the
 * consumers read (each poll, in order, per consumer session) and the log as the broker holds it
 * at the end, it names every anomaly in words:
 *
 *   lost-write           the broker confirmed a write, but the log does not hold it at that offset,
 *                        or nobody ever read it although a later offset of its partition was read
 *   inconsistent-offset  two different values at one offset (a poll and the log, or two polls)
 *   duplicate            one value at two or more offsets of the log (a producer's retry)
 *   skipped-offset       a consumer read offset a, then offset b > a + 1, without a rebalance,
 *                        restart or seek between them: the offsets between were never handed to it
 *   non-monotonic-poll   a consumer read offset a, then b <= a, within one session
 *
 * A session is what a consumer reads between two resets of its position (a start, a restart, a
 * rebalance, a seek): going back is legitimate at a reset and only there. UNKNOWN when nothing was
 * acknowledged and nothing read: such a run says nothing about the log.
 */
import { finding, renderFinding, type Finding } from "../findings/finding";

export type LogRule = "lost-write" | "inconsistent-offset" | "duplicate" | "skipped-offset" | "non-monotonic-poll";

export interface LogHistory {
  /** Acknowledged sends: `value` is the record's identity as a string (e.g. its JSON). */
  sends: { topicPartition: string; offset: number; value: string; t: number }[];
  /** Every record handed to a consumer, in the order it was handed over. */
  polls: { consumer: string; session: string; topicPartition: string; offset: number; value: string; t: number }[];
  /** The log at the end: each partition's values by offset ("orders/0" -> ["a", "b"]). */
  log: { [topicPartition: string]: string[] };
}

export interface LogAnomaly {
  rule: LogRule;
  topicPartition: string;
  /** What broke the rule, in any language. */
  finding: Finding;
  /** The finding in English. */
  message: string;
}

function anomaly(rule: LogRule, topicPartition: string, found: Finding): LogAnomaly {
  return { rule, topicPartition, finding: found, message: renderFinding(found) };
}

export type LogVerdict = { verdict: "OK"; summary: string } | { verdict: "ILLEGAL"; anomalies: LogAnomaly[] } | { verdict: "UNKNOWN"; reason: string };

export interface LogCheckOptions {
  /** Anomalies that this run tolerates, e.g. ["duplicate"] for at-least-once producers. */
  allow?: readonly LogRule[];
}

export function checkLog(history: LogHistory, options: LogCheckOptions = {}): LogVerdict {
  if (history.sends.length === 0 && history.polls.length === 0) {
    return { verdict: "UNKNOWN", reason: "nothing was acknowledged and nothing was read: the run says nothing about the log" };
  }
  const anomalies = [...lostWrites(history), ...inconsistentOffsets(history), ...duplicates(history), ...pollOrder(history)].filter(
    (a) => !(options.allow ?? []).includes(a.rule),
  );
  if (anomalies.length > 0) return { verdict: "ILLEGAL", anomalies };
  const partitions = Object.keys(history.log).length;
  return { verdict: "OK", summary: `${history.sends.length} acknowledged write(s) and ${history.polls.length} read(s) over ${partitions} partition(s): nothing lost, skipped, reordered or inconsistent` };
}

/** The anomalies of a verdict, one line each: "[skipped-offset] c1 read orders/0 offset 2, then 5: ...". */
export function describeLogVerdict(verdict: LogVerdict): string {
  if (verdict.verdict === "OK") return `OK: ${verdict.summary}`;
  if (verdict.verdict === "UNKNOWN") return `UNKNOWN: ${verdict.reason}`;
  return verdict.anomalies.map((a) => `[${a.rule}] ${a.message}`).join("\n");
}

function lostWrites(history: LogHistory): LogAnomaly[] {
  const anomalies: LogAnomaly[] = [];
  const highestRead = new Map<string, number>();
  const read = new Set<string>();
  for (const poll of history.polls) {
    highestRead.set(poll.topicPartition, Math.max(highestRead.get(poll.topicPartition) ?? -1, poll.offset));
    read.add(`${poll.topicPartition}@${poll.offset}`);
  }
  for (const send of history.sends) {
    const log = history.log[send.topicPartition] ?? [];
    const tp = send.topicPartition;
    const highest = highestRead.get(tp) ?? -1;
    if (send.offset >= log.length) {
      anomalies.push(anomaly("lost-write", tp, finding("logLostWrite", show(send.value), tp, send.offset, Math.round(send.t), log.length - 1)));
    } else if (log[send.offset] !== send.value) {
      anomalies.push(anomaly("inconsistent-offset", tp, finding("logConfirmedOther", show(send.value), tp, send.offset, show(log[send.offset]))));
    } else if (!read.has(`${tp}@${send.offset}`) && highest > send.offset) {
      anomalies.push(anomaly("lost-write", tp, finding("logNeverRead", show(send.value), tp, send.offset, highest)));
    }
  }
  return anomalies;
}

function inconsistentOffsets(history: LogHistory): LogAnomaly[] {
  const anomalies: LogAnomaly[] = [];
  const seen = new Map<string, { value: string; consumer: string }>();
  for (const poll of history.polls) {
    const at = `${poll.topicPartition}@${poll.offset}`;
    const logged = history.log[poll.topicPartition]?.[poll.offset];
    const earlier = seen.get(at);
    if (logged !== undefined && logged !== poll.value) {
      anomalies.push(anomaly("inconsistent-offset", poll.topicPartition, finding("logReadOther", poll.consumer, show(poll.value), poll.topicPartition, poll.offset, show(logged))));
    } else if (earlier && earlier.value !== poll.value) {
      anomalies.push(anomaly("inconsistent-offset", poll.topicPartition, finding("logReadTwoValues", earlier.consumer, show(earlier.value), poll.consumer, show(poll.value), poll.topicPartition, poll.offset)));
    }
    if (!earlier) seen.set(at, { value: poll.value, consumer: poll.consumer });
  }
  return anomalies;
}

function duplicates(history: LogHistory): LogAnomaly[] {
  const anomalies: LogAnomaly[] = [];
  for (const [tp, values] of Object.entries(history.log)) {
    const offsets = new Map<string, number[]>();
    values.forEach((value, offset) => offsets.set(value, [...(offsets.get(value) ?? []), offset]));
    for (const [value, at] of offsets) {
      if (at.length > 1) anomalies.push(anomaly("duplicate", tp, finding("logDuplicate", show(value), tp, at.length, at.join(", "))));
    }
  }
  return anomalies;
}

function pollOrder(history: LogHistory): LogAnomaly[] {
  const anomalies: LogAnomaly[] = [];
  const last = new Map<string, number>();
  for (const poll of history.polls) {
    const stream = `${poll.consumer} ${poll.session} ${poll.topicPartition}`;
    const before = last.get(stream);
    last.set(stream, poll.offset);
    if (before === undefined) continue;
    const tp = poll.topicPartition;
    if (poll.offset <= before) {
      anomalies.push(anomaly("non-monotonic-poll", tp, finding("logNonMonotonic", poll.consumer, tp, before, poll.offset, Math.round(poll.t))));
    } else if (poll.offset > before + 1) {
      const missing = (history.log[tp] ?? []).slice(before + 1, poll.offset).length;
      if (missing > 0) anomalies.push(anomaly("skipped-offset", tp, finding("logSkipped", poll.consumer, tp, before, poll.offset, Math.round(poll.t))));
    }
  }
  return anomalies;
}

function show(value: string): string {
  return value.length > 60 ? `${value.slice(0, 59)}…` : value;
}
