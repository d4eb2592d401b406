/**
 * A retry storm, for notebook 11: many clients that failed at the same moment (their dependency
 * went down) retry against it while it comes back with little capacity. A demo, not an exercise.
 *
 * The dependency is down (503 at once) for the first 3 s, then answers again, working on at most
 * 10 requests at a time (50 ms each: about 200 a second) and shedding the rest with 503. Every
 * client starts one operation at t=0. The retry policy is a parameter: `naiveRetry` is the one
 * most code starts with (exponential backoff, with or without full jitter, retrying everything,
 * no deadline); pass yours (exercises/week3/retry.ts) to see it in the same storm.
 */
import type { CallFailure, RetryDecision, RetrySession } from "../../contracts/resilience";
import type { RetryFactory } from "../../resilience/caller";
import type { HealthPhase } from "../../resilience/dependency";
import { runResilience, type ResilienceRun } from "../../resilience/scenario";
import { arrivalsPerBucket } from "../../resilience/views";
import type { LoadPanel } from "../../viz/load-over-time";

export const STORM_BUCKET_MS = 100;
/** What the recovered dependency serves per bucket: 10 at a time, 50 ms each. */
export const STORM_CAPACITY_PER_BUCKET = 20;

const STORM_PHASES: HealthPhase[] = [
  { fromMs: 0, name: "down", failureRate: 1, latencyMsMin: 1, latencyMsMax: 2 },
  { fromMs: 3_000, name: "recovering", failureRate: 0, latencyMsMin: 50, latencyMsMax: 50, concurrencyMax: 10 },
];

export interface NaiveRetryOptions {
  /** Multiply each delay by a random number in [0, 1) (full jitter), or not. */
  jitter: boolean;
  baseDelayMs?: number;
  maxDelayMs?: number;
  maxAttempts?: number;
}

/** Retry whatever failed, after 100, 200, 400... ms (capped), optionally times random(). */
export function naiveRetry(options: NaiveRetryOptions): RetryFactory {
  const baseMs = options.baseDelayMs ?? 100;
  const capMs = options.maxDelayMs ?? 5_000;
  const attemptsMax = options.maxAttempts ?? 12;
  return (_clock, random) => ({
    begin: (): RetrySession => {
      let failures = 0;
      return {
        remainingMs: () => Infinity,
        onFailure: (_failure: CallFailure): RetryDecision => {
          failures += 1;
          if (failures >= attemptsMax) return { retry: false, reason: "attempts-exhausted" };
          const backoffMs = Math.min(capMs, baseMs * Math.pow(2, failures - 1));
          return { retry: true, delayMs: options.jitter ? backoffMs * random() : backoffMs, attempt: failures + 1 };
        },
      };
    },
  });
}

export interface StormRun {
  run: ResilienceRun;
  /** Requests reaching the dependency per 100 ms: served, shed by overload, failed while down. */
  loadPanel(title: string): LoadPanel;
  /** Operations that succeeded, gave up, and when the last one ended; attempts in all. */
  summary(): { clients: number; succeeded: number; gaveUp: number; lastEndedMs: number; attempts: number };
}

export function runRetryStorm(retry: RetryFactory, options: { seed?: number; clients?: number; runMs?: number } = {}): StormRun {
  const clients = options.clients ?? 200;
  const runMs = options.runMs ?? 20_000;
  const run = runResilience({
    seed: options.seed ?? 1,
    phases: STORM_PHASES,
    runMs,
    callers: Array.from({ length: clients }, () => ({ everyMs: 1, operations: 1, attemptTimeoutMs: 1_000, retry })),
  });
  const operations = () => run.callers.map((caller) => caller.operations[0]);
  return {
    run,
    loadPanel: (title) => {
      const load = arrivalsPerBucket(run.dependency.arrivals, STORM_BUCKET_MS, runMs);
      return {
        title,
        series: [
          { name: "served", values: load.served, color: "#3ebd93" },
          { name: "shed (overload)", values: load.shed, color: "#e8833a" },
          { name: "failed (down)", values: load.failed, color: "#d64545" },
        ],
        reference: { value: STORM_CAPACITY_PER_BUCKET, label: "capacity" },
      };
    },
    summary: () => ({
      clients,
      succeeded: operations().filter((op) => op.outcome?.ok).length,
      gaveUp: operations().filter((op) => op.outcome && !op.outcome.ok).length,
      lastEndedMs: Math.max(0, ...operations().map((op) => op.outcome?.atMs ?? runMs)),
      attempts: operations().reduce((sum, op) => sum + op.attempts.length, 0),
    }),
  };
}
