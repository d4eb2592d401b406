/**
 * The steady-state hypothesis judged bucket by bucket, and recovery time. Definitions (the tests
 * in test/chaos/hypothesis.test.ts hold them to these words):
 *
 * - A bucket HOLDS when every probe's metric has a value in it and lies within its tolerance.
 * - Fault periods: the windows during which some fault acted, overlapping ones merged.
 * - Look-ahead: the largest time a probe allows (an order sent at the end of a bucket may take
 *   that long to be answered or settled). A bucket is still open until its end plus the
 *   look-ahead; a fault that starts while it is open may spoil it, so it is not judged against
 *   the time before that fault.
 * - Before: the hypothesis held in every bucket closed before the first fault began.
 * - After: it held in every bucket that began at or after the rollbacks.
 * - Recovery time of a fault period: from its end to the moment from which the hypothesis held
 *   in every bucket until the next period began (or the run ended). That moment is the start of
 *   the first such bucket, or the period's end if that bucket began earlier (a fault that did no
 *   harm recovers in 0 ms). Judged: the buckets that end after the period and are closed before
 *   the next one begins; if the last of them fails, the period did NOT recover; if none is left (the
 *   next fault came too soon), its recovery is unknown, and it counts neither way.
 * - The hypothesis held over the experiment when it held before, after, and every period recovered.
 */
import type { Bucket } from "./buckets";
import type { Probe, SteadyStateHypothesis } from "./experiment";

export interface ProbeResult {
  probe: Probe;
  value: number | null;
  ok: boolean;
}

export function judgeBucket(hypothesis: SteadyStateHypothesis, bucket: Bucket): ProbeResult[] {
  return hypothesis.probes.map((probe) => {
    const value = bucket[probe.metric];
    const { min, max } = probe.tolerance;
    const ok = value !== null && Number.isFinite(value) && (min === undefined || value >= min) && (max === undefined || value <= max);
    return { probe, value, ok };
  });
}

export interface FaultPeriod {
  fromMs: number;
  toMs: number;
  what: string[];
}

export function faultPeriods(windows: readonly { fromMs: number; toMs: number; what: string }[]): FaultPeriod[] {
  const periods: FaultPeriod[] = [];
  for (const w of [...windows].sort((a, b) => a.fromMs - b.fromMs || a.toMs - b.toMs)) {
    const last = periods[periods.length - 1];
    if (last && w.fromMs <= last.toMs) {
      last.toMs = Math.max(last.toMs, w.toMs);
      last.what.push(w.what);
    } else periods.push({ fromMs: w.fromMs, toMs: w.toMs, what: [w.what] });
  }
  return periods;
}

export interface Recovery {
  period: FaultPeriod;
  /** When the hypothesis held again for good (until the next period); null: it did not, or unknown. */
  recoveredAtMs: number | null;
  recoveryMs: number | null;
  /** No bucket could be judged: the next fault began too soon after this one to tell. */
  unknown: boolean;
}

/** The largest time a probe allows: how long after its end a bucket's orders may still be open. */
export function lookAheadMs(hypothesis: SteadyStateHypothesis): number {
  const times = hypothesis.probes.filter((p) => p.metric.endsWith("Ms")).map((p) => p.tolerance.max ?? 0);
  return Math.max(0, ...times);
}

export function recoveries(periods: readonly FaultPeriod[], buckets: readonly Bucket[], holds: readonly boolean[], endMs: number, lookAheadMs = 0): Recovery[] {
  return periods.map((period, i) => {
    const next = periods[i + 1];
    const closed = (b: Bucket) => (next ? b.toMs + lookAheadMs <= next.fromMs : b.toMs <= endMs);
    const judged = buckets.map((b, k) => ({ b, holds: holds[k] })).filter(({ b }) => b.toMs > period.toMs && closed(b));
    let start = judged.length;
    while (start > 0 && judged[start - 1].holds) start--;
    if (start === judged.length) return { period, recoveredAtMs: null, recoveryMs: null, unknown: judged.length === 0 };
    const recoveredAtMs = Math.max(period.toMs, judged[start].b.fromMs);
    return { period, recoveredAtMs, recoveryMs: recoveredAtMs - period.toMs, unknown: false };
  });
}

export interface HypothesisVerdict {
  before: boolean;
  after: boolean;
  recoveries: Recovery[];
  held: boolean;
}

export function judgeExperiment(hypothesis: SteadyStateHypothesis, buckets: readonly Bucket[], periods: readonly FaultPeriod[], rollbackAtMs: number, endMs: number): HypothesisVerdict {
  const holds = buckets.map((b) => judgeBucket(hypothesis, b).every((r) => r.ok));
  const firstFaultMs = periods[0]?.fromMs ?? endMs;
  const lookAhead = lookAheadMs(hypothesis);
  const beforeBuckets = holds.filter((_, k) => buckets[k].toMs + (periods.length > 0 ? lookAhead : 0) <= firstFaultMs);
  const afterBuckets = holds.filter((_, k) => buckets[k].fromMs >= rollbackAtMs);
  const before = beforeBuckets.length > 0 && beforeBuckets.every(Boolean);
  const after = afterBuckets.length > 0 && afterBuckets.every(Boolean);
  const recovered = recoveries(periods, buckets, holds, endMs, lookAhead);
  return { before, after, recoveries: recovered, held: before && after && recovered.every((r) => r.recoveryMs !== null || r.unknown) };
}
