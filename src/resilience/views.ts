/**
 * What the simulated callers and the dependency saw, turned into series for pictures: calls as
 * ticks for the breaker timeline, and counts per time bucket (load, in-flight calls) for
 * `loadOverTime` (src/viz/load-over-time.ts).
 */
import type { NodeId } from "../contracts/node";
import type { BreakerState, BreakerTransition } from "../contracts/resilience";
import type { TraceEvent } from "../sim/trace";
import type { TimelineCall } from "../viz/breaker-timeline";
import type { CallerNode } from "./caller";
import type { Arrival } from "./dependency";

/** Every attempt of a caller as a tick: ok, failed, slow (longer than `slowMs`) or rejected. */
export function callsOfCaller(caller: CallerNode, slowMs = Infinity): TimelineCall[] {
  return caller.operations.flatMap((op) =>
    op.attempts
      .filter((attempt) => attempt.result !== undefined)
      .map((attempt): TimelineCall => {
        const tookMs = (attempt.endedAtMs ?? attempt.startedAtMs) - attempt.startedAtMs;
        const mark = attempt.result === "rejected" ? "rejected" : tookMs > slowMs ? "slow" : attempt.result === "ok" ? "ok" : "failed";
        return { atMs: attempt.endedAtMs ?? attempt.startedAtMs, mark, label: `operation ${op.index} attempt ${attempt.n}: ${attempt.result}${attempt.status ? ` ${attempt.status}` : ""} after ${Math.round(tookMs)} ms` };
      }),
  );
}

/** How many of `times` fall in each bucket of `bucketMs`, from 0 to `toMs`. */
export function perBucket(times: readonly number[], bucketMs: number, toMs: number): number[] {
  const counts = new Array<number>(Math.ceil(toMs / bucketMs)).fill(0);
  for (const t of times) if (t >= 0 && t < toMs) counts[Math.floor(t / bucketMs)]++;
  return counts;
}

/** Requests reaching the dependency per bucket: answered 2xx, answered with an error, shed, or never answered. */
export function arrivalsPerBucket(arrivals: readonly Arrival[], bucketMs: number, toMs: number): { served: number[]; failed: number[]; shed: number[]; unanswered: number[] } {
  const of = (keep: (a: Arrival) => boolean) => perBucket(arrivals.filter(keep).map((a) => a.atMs), bucketMs, toMs);
  return {
    served: of((a) => a.status !== undefined && a.status < 400),
    failed: of((a) => a.status !== undefined && a.status >= 400 && !a.shed),
    shed: of((a) => a.shed),
    unanswered: of((a) => a.status === undefined),
  };
}

/** The most attempts a caller had in flight at once, per bucket (waiting for an answer or a timeout). */
export function inFlightPerBucket(caller: CallerNode, bucketMs: number, toMs: number): number[] {
  const changes: { t: number; delta: number }[] = [];
  for (const op of caller.operations) {
    for (const attempt of op.attempts) {
      if (attempt.result === "rejected") continue;
      changes.push({ t: attempt.startedAtMs, delta: +1 });
      if (attempt.endedAtMs !== undefined) changes.push({ t: attempt.endedAtMs, delta: -1 });
    }
  }
  changes.sort((a, b) => a.t - b.t || a.delta - b.delta);
  const most = new Array<number>(Math.ceil(toMs / bucketMs)).fill(0);
  let now = 0;
  let i = 0;
  for (let bucket = 0; bucket < most.length; bucket++) {
    let peak = now;
    while (i < changes.length && changes[i].t < (bucket + 1) * bucketMs) {
      now += changes[i++].delta;
      peak = Math.max(peak, now);
    }
    most[bucket] = peak;
  }
  return most;
}

/** A caller's breaker transitions at true simulated time, read from the trace (the breaker's own clock may be skewed). */
export function breakerTransitionsIn(events: readonly TraceEvent[], node: NodeId): BreakerTransition[] {
  const transitions: BreakerTransition[] = [];
  let state: BreakerState = "CLOSED";
  for (const e of events) {
    if (e.kind !== "annotate" || e.node !== node || !("breaker" in e.state)) continue;
    const to = e.state.breaker as BreakerState;
    if (to !== state) transitions.push({ from: state, to, atMs: e.t });
    state = to;
  }
  return transitions;
}
