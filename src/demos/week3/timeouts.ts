/**
 * Timeouts and deadlines, for notebook 11: a dependency that hangs (takes requests and never
 * answers) from 2 s to 8 s, and one caller sending it 20 requests a second. A demo, not an
 * exercise.
 *
 * Without a timeout every request sent into the hang waits forever, holding whatever it holds
 * (a thread, a connection, memory): the caller's in-flight calls pile up and never come back.
 * With a timeout each waits at most that long. With retries each attempt has its timeout, so an
 * operation can take attempts x timeout plus the backoff: only a deadline bounds the whole.
 */
import type { RetryFactory } from "../../resilience/caller";
import type { HealthPhase } from "../../resilience/dependency";
import { runResilience } from "../../resilience/scenario";
import { inFlightPerBucket } from "../../resilience/views";
import type { LoadPanel } from "../../viz/load-over-time";

const PHASES: HealthPhase[] = [
  { fromMs: 0, name: "healthy", failureRate: 0, latencyMsMin: 20, latencyMsMax: 40 },
  { fromMs: 2_000, name: "down", failureRate: 0, latencyMsMin: 0, latencyMsMax: 0, unresponsive: true },
  { fromMs: 8_000, name: "healthy", failureRate: 0, latencyMsMin: 20, latencyMsMax: 40 },
];

export const HANG_RUN_MS = 12_000;
export const HANG_BUCKET_MS = 200;
/** "No timeout": an hour, longer than any run here. */
export const NO_TIMEOUT_MS = 3_600_000;

export interface HangRun {
  inFlightPanel(title: string): LoadPanel;
  /** The longest an operation took, from its start to its success or to the caller giving up. */
  worstOperationMs: number;
  operations: number;
  succeeded: number;
}

export function runHangingDependency(options: { attemptTimeoutMs: number; retry?: RetryFactory; seed?: number }): HangRun {
  const run = runResilience({ seed: options.seed ?? 1, phases: PHASES, runMs: HANG_RUN_MS, callers: [{ everyMs: 50, operations: 200, attemptTimeoutMs: options.attemptTimeoutMs, retry: options.retry }] });
  const caller = run.caller("c1");
  const ended = caller.operations.filter((op) => op.outcome);
  return {
    inFlightPanel: (title) => ({ title, series: [{ name: "calls in flight", values: inFlightPerBucket(caller, HANG_BUCKET_MS, HANG_RUN_MS), color: "#e8833a" }] }),
    worstOperationMs: Math.max(0, ...caller.operations.map((op) => (op.outcome?.atMs ?? HANG_RUN_MS) - op.startedAtMs)),
    operations: caller.operations.length,
    succeeded: ended.filter((op) => op.outcome?.ok).length,
  };
}
