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
  message: string;
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
    const at = `${send.topicPartition} offset ${send.offset}`;
    if (send.offset >= log.length) {
      anomalies.push({ rule: "lost-write", topicPartition: send.topicPartition, message: `the broker confirmed ${show(send.value)} at ${at} (t=${Math.round(send.t)}ms), but the log ends at offset ${log.length - 1}` });
    } else if (log[send.offset] !== send.value) {
      anomalies.push({ rule: "inconsistent-offset", topicPartition: send.topicPartition, message: `the broker confirmed ${show(send.value)} at ${at}, but the log holds ${show(log[send.offset])} there` });
    } else if (!read.has(`${send.topicPartition}@${send.offset}`) && (highestRead.get(send.topicPartition) ?? -1) > send.offset) {
      anomalies.push({ rule: "lost-write", topicPartition: send.topicPartition, message: `${show(send.value)} at ${at} was never read, although offset ${highestRead.get(send.topicPartition)} of the same partition was` });
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
      anomalies.push({ rule: "inconsistent-offset", topicPartition: poll.topicPartition, message: `${poll.consumer} read ${show(poll.value)} at ${poll.topicPartition} offset ${poll.offset}, but the log holds ${show(logged)} there` });
    } else if (earlier && earlier.value !== poll.value) {
      anomalies.push({ rule: "inconsistent-offset", topicPartition: poll.topicPartition, message: `${earlier.consumer} read ${show(earlier.value)} and ${poll.consumer} read ${show(poll.value)} at ${poll.topicPartition} offset ${poll.offset}` });
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
      if (at.length > 1) anomalies.push({ rule: "duplicate", topicPartition: tp, message: `${show(value)} is in ${tp} ${at.length} times, at offsets ${at.join(", ")}` });
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
      anomalies.push({ rule: "non-monotonic-poll", topicPartition: tp, message: `${poll.consumer} read ${tp} offset ${before}, then offset ${poll.offset} (t=${Math.round(poll.t)}ms) with no restart, rebalance or seek between` });
    } else if (poll.offset > before + 1) {
      const missing = (history.log[tp] ?? []).slice(before + 1, poll.offset).length;
      if (missing > 0) anomalies.push({ rule: "skipped-offset", topicPartition: tp, message: `${poll.consumer} read ${tp} offset ${before}, then offset ${poll.offset} (t=${Math.round(poll.t)}ms): offset(s) ${before + 1}..${poll.offset - 1} were never handed to it` });
    }
  }
  return anomalies;
}

function show(value: string): string {
  return value.length > 60 ? `${value.slice(0, 59)}…` : value;
}
