/**
 * What the shoppers saw, per time bucket. Every measure of a bucket is about the orders SENT in
 * it, so one bucket tells one story: of the orders sent in that second, how many were accepted
 * (throughput), how many failed (error rate), how fast the accepted ones were answered (latency
 * percentiles) and how soon they were paid or cancelled (settle time).
 */
import type { TimedRequest } from "./traffic";

export interface Bucket {
  fromMs: number;
  toMs: number;
  sent: number;
  ok: number;
  errors: number;
  /** Accepted orders per second. */
  throughputPerS: number;
  /** Failed orders (rejected, timed out, unanswered) out of those sent, in percent; null when none was sent. */
  errorRatePercent: number | null;
  /** Percentiles of the accepted orders' answer times; null when none was accepted. */
  latencyP50Ms: number | null;
  latencyP95Ms: number | null;
  latencyP99Ms: number | null;
  /** The 99th percentile of send-to-settled times of accepted orders (Infinity for one never settled). */
  settleP99Ms: number | null;
}

/** The nearest-rank percentile (the smallest value with at least p% of the values at or below it). */
export function percentile(values: readonly number[], p: number): number | null {
  if (values.length === 0) return null;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.max(0, Math.ceil((p / 100) * sorted.length) - 1)];
}

export function bucketize(requests: readonly TimedRequest[], bucketMs: number, endMs: number): Bucket[] {
  const count = Math.ceil(endMs / bucketMs);
  const groups: TimedRequest[][] = Array.from({ length: count }, () => []);
  for (const r of requests) if (r.sentMs < endMs) groups[Math.floor(r.sentMs / bucketMs)].push(r);
  return groups.map((sent, i) => {
    const ok = sent.filter((r) => r.outcome === "ok");
    const latencies = ok.map((r) => (r.endedMs as number) - r.sentMs);
    const settles = ok.map((r) => (r.settledMs === null ? Infinity : r.settledMs - r.sentMs));
    return {
      fromMs: i * bucketMs,
      toMs: (i + 1) * bucketMs,
      sent: sent.length,
      ok: ok.length,
      errors: sent.length - ok.length,
      throughputPerS: ok.length / (bucketMs / 1_000),
      errorRatePercent: sent.length === 0 ? null : (100 * (sent.length - ok.length)) / sent.length,
      latencyP50Ms: percentile(latencies, 50),
      latencyP95Ms: percentile(latencies, 95),
      latencyP99Ms: percentile(latencies, 99),
      settleP99Ms: percentile(settles, 99),
    };
  });
}
