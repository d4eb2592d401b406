/**
 * Test doubles for the resilience exercises' injected time and chance: a clock that moves only
 * when told, and a random source that plays back a script and counts its draws. Tests and
 * notebook cells drive a breaker or a retry policy with them, so nothing depends on real time.
 */
import type { Clock, RandomSource } from "../contracts/resilience";

export class ManualClock implements Clock {
  constructor(private t = 0) {}

  now(): number {
    return this.t;
  }

  /** Move time forward by `ms` (never backwards: the contract's clock is monotonic). */
  advance(ms: number): number {
    if (!(ms >= 0)) throw new RangeError(`ManualClock.advance(${ms}): time only moves forward`);
    this.t += ms;
    return this.t;
  }
}

/** A RandomSource that returns `values` in turn (then repeats the last one) and counts the draws. */
export interface ScriptedRandom extends RandomSource {
  readonly draws: number;
}

export function scriptedRandom(values: readonly number[]): ScriptedRandom {
  if (values.length === 0 || values.some((v) => !(v >= 0 && v < 1))) throw new RangeError("scriptedRandom needs values in [0, 1)");
  let draws = 0;
  const next = (() => values[Math.min(draws++, values.length - 1)]) as ScriptedRandom;
  Object.defineProperty(next, "draws", { get: () => draws });
  return next;
}
