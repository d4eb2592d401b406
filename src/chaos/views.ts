/**
 * A chaos run's pictures, drawn with the course's charts: throughput, latency percentiles and
 * error rate per time bucket with the fault periods shaded and the hypothesis's tolerances as
 * dashed lines, and the user-service's breaker over time (src/viz/breaker-timeline.ts).
 */
import type { Metric } from "./experiment";
import type { AnyChaosRun, ChaosRun } from "./runner";
import { requestNoun } from "./summary";
import type { Bucket } from "./buckets";
import { lineChart, type LineSeries } from "../viz/chart";
import { breakerTimeline, type TimelineCall } from "../viz/breaker-timeline";

const WIDTH_PX = 900;
const HEIGHT_PX = 260;

export function throughputChart(run: AnyChaosRun): string {
  const { many } = requestNoun(run);
  return chart(run, `accepted ${many} per second (by the second they were sent)`, `${many} / s`, [series(run, "accepted per second", (b) => b.throughputPerS)], "throughputPerS");
}

export function latencyChart(run: AnyChaosRun): string {
  return chart(run, `time to accept ${requestNoun(run).one === "order" ? "an order" : "a command (its commit)"}: percentiles per second (a gap: none was accepted)`, "ms", [
    series(run, "p50", (b) => b.latencyP50Ms),
    series(run, "p95", (b) => b.latencyP95Ms),
    series(run, "p99", (b) => b.latencyP99Ms),
  ], "latencyP99Ms");
}

export function errorRateChart(run: AnyChaosRun): string {
  const { many } = requestNoun(run);
  return chart(run, `${many} that failed (rejected, timed out, unanswered), per second`, `% of ${many} sent`, [series(run, "error rate", (b) => b.errorRatePercent)], "errorRatePercent");
}

export function settleChart(run: ChaosRun): string {
  const settle = (b: Bucket) => (b.settleP99Ms === null || Number.isFinite(b.settleP99Ms) ? b.settleP99Ms : null);
  return chart(run, "time from order to paid or cancelled: p99 per second", "ms", [series(run, "p99 settle time", settle)], "settleP99Ms");
}

/** The breaker's states and every call through the user-service, with the faults as the dependency's health. */
export function breakerChart(run: ChaosRun): string | undefined {
  if (!run.breaker) return undefined;
  const calls = run.requests.map((r): TimelineCall => ({ atMs: r.sentMs, mark: r.outcome === "ok" ? "ok" : r.outcome === "rejected" ? "rejected" : "failed", label: r.orderId }));
  const health = run.periods.flatMap((p) => [
    { fromMs: p.fromMs, name: "down" },
    { fromMs: p.toMs, name: "healthy" },
  ]);
  return breakerTimeline({
    title: "the user-service's circuit breaker, and each order it was asked to pass on",
    transitions: run.breaker,
    calls,
    health: [{ fromMs: 0, name: "healthy" }, ...health],
    fromMs: 0,
    toMs: run.options.durationMs,
    widthPx: WIDTH_PX,
  });
}

function series(run: AnyChaosRun, name: string, value: (b: Bucket) => number | null): LineSeries {
  return { name, points: run.buckets.map((b) => ({ x: b.fromMs / 1_000, y: value(b) })) };
}

function chart(run: AnyChaosRun, title: string, yLabel: string, lines: LineSeries[], metric: Metric): string {
  const references = run.options.experiment.steadyStateHypothesis.probes
    .filter((p) => p.metric === metric)
    .flatMap((p) => [
      ...(p.tolerance.max === undefined ? [] : [{ value: p.tolerance.max, label: `tolerance: at most ${p.tolerance.max}` }]),
      ...(p.tolerance.min === undefined ? [] : [{ value: p.tolerance.min, label: `tolerance: at least ${p.tolerance.min}` }]),
    ]);
  return lineChart({
    title,
    series: lines,
    xLabel: "time (s)",
    yLabel,
    references,
    shaded: { spans: run.windows.map((w) => ({ fromX: w.fromMs / 1_000, toX: w.toMs / 1_000, label: w.what })), legend: "fault active" },
    widthPx: WIDTH_PX,
    heightPx: HEIGHT_PX,
  });
}
