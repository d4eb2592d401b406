/**
 * The simulated network's settings: how long a message takes, how often it is lost or
 * duplicated, and whether links keep order. Every random choice is drawn from the network's
 * own seeded stream at send time.
 */
import type { Rng } from "./random";

/** How long a message spends in flight. */
export type DelayDistribution =
  | { kind: "fixed"; ms: number }
  | { kind: "uniform"; msMin: number; msMax: number }
  /**
   * Mostly fast with a long tail, like a real network: msMin plus an exponential with mean
   * `msMean - msMin`, capped at msMax so a single message cannot stall a run forever.
   */
  | { kind: "exponential"; msMin: number; msMean: number; msMax: number };

export interface NetworkConfig {
  delay: DelayDistribution;
  /** Probability that a message is lost. */
  dropRate: number;
  /** Probability that a message is delivered more than once. */
  duplicateRate: number;
  /** Extra copies a duplicated message gets at most (each arrives at its own random time). */
  duplicatesMax: number;
  /**
   * Keep per-link order (like one TCP connection). When false, random delays reorder
   * messages, which is what UDP, retries over new connections and RPC frameworks do.
   */
  fifo: boolean;
}

export const DEFAULT_NETWORK: NetworkConfig = {
  delay: { kind: "uniform", msMin: 1, msMax: 10 },
  dropRate: 0,
  duplicateRate: 0,
  duplicatesMax: 1,
  fifo: false,
};

/** A network that loses, duplicates and reorders: the "unreliable" setting of the tests. */
export const UNRELIABLE_NETWORK: NetworkConfig = {
  delay: { kind: "exponential", msMin: 1, msMean: 12, msMax: 200 },
  dropRate: 0.1,
  duplicateRate: 0.05,
  duplicatesMax: 2,
  fifo: false,
};

export function sampleDelay(delay: DelayDistribution, rng: Rng): number {
  switch (delay.kind) {
    case "fixed":
      return delay.ms;
    case "uniform":
      return rng.between(delay.msMin, delay.msMax);
    case "exponential": {
      const tail = -Math.log(1 - rng.next()) * (delay.msMean - delay.msMin);
      return Math.min(delay.msMin + tail, delay.msMax);
    }
  }
}

/** Throws a RangeError that names the bad setting. */
export function validateNetwork(config: NetworkConfig): void {
  const rate = (name: string, value: number) => {
    if (!(value >= 0 && value <= 1)) throw new RangeError(`network.${name} must be between 0 and 1, got ${value}`);
  };
  rate("dropRate", config.dropRate);
  rate("duplicateRate", config.duplicateRate);
  if (!Number.isInteger(config.duplicatesMax) || config.duplicatesMax < 0) {
    throw new RangeError(`network.duplicatesMax must be a non-negative integer, got ${config.duplicatesMax}`);
  }
  const delay = config.delay;
  const values = delay.kind === "fixed" ? [delay.ms] : delay.kind === "uniform" ? [delay.msMin, delay.msMax] : [delay.msMin, delay.msMean, delay.msMax];
  if (values.some((ms) => !(ms >= 0 && Number.isFinite(ms)))) {
    throw new RangeError(`network.delay values must be finite and >= 0, got ${JSON.stringify(delay)}`);
  }
  if (delay.kind === "uniform" && delay.msMin > delay.msMax) {
    throw new RangeError(`network.delay.msMin (${delay.msMin}) is above msMax (${delay.msMax})`);
  }
  if (delay.kind === "exponential" && !(delay.msMin <= delay.msMean && delay.msMean <= delay.msMax)) {
    throw new RangeError(`network.delay needs msMin <= msMean <= msMax, got ${JSON.stringify(delay)}`);
  }
}

export function describeDelay(delay: DelayDistribution): string {
  switch (delay.kind) {
    case "fixed":
      return `fixed ${delay.ms}ms`;
    case "uniform":
      return `uniform ${delay.msMin}..${delay.msMax}ms`;
    case "exponential":
      return `exponential min ${delay.msMin}ms mean ${delay.msMean}ms max ${delay.msMax}ms`;
  }
}
