/**
 * One seed for every property test, so two runs of `npm test` give the same verdict: a red CI
 * run is then a real regression, never the luck of the draw. `FC_SEED=123 npm test` tries
 * another seed; `FC_SEED=random` draws a fresh one per run, for exploring. A failing property
 * prints its seed and shrink path, which replay it exactly.
 */
import fc from "fast-check";

const DEFAULT_SEED = 20261201;
const fromEnv = process.env.FC_SEED;

if (fromEnv !== "random") {
  const seed = fromEnv === undefined ? DEFAULT_SEED : Number(fromEnv);
  if (!Number.isInteger(seed)) throw new Error(`FC_SEED must be an integer or "random", got ${JSON.stringify(fromEnv)}`);
  fc.configureGlobal({ seed });
}
