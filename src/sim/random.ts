/**
 * Seeded randomness. One seed decides a whole run; every consumer (the network, each node's
 * `ctx.random()`, timer jitter, the nemesis, Math.random inside handlers) draws from its own
 * stream, derived from the seed and a label. Separate streams keep runs comparable: a node
 * that draws one more random number does not shift which messages the network drops.
 */
import * as prand from "pure-rand";

const TWO_POW_32 = 4294967296;

export class Rng {
  private readonly generator: prand.RandomGenerator;

  constructor(
    /** The 32-bit seed this stream was built from (printed with the run's parameters). */
    readonly seed: number,
  ) {
    this.generator = prand.xoroshiro128plus(seed | 0);
  }

  /** A stream for `label`, independent of this one's position. */
  static derive(seed: number, label: string): Rng {
    return new Rng(deriveSeed(seed, label));
  }

  /** Uniform in [0, 1). */
  next(): number {
    return (this.generator.unsafeNext() >>> 0) / TWO_POW_32;
  }

  /** Uniform integer in [min, max], both inclusive. */
  int(min: number, max: number): number {
    return min + Math.floor(this.next() * (max - min + 1));
  }

  /** Uniform real in [min, max). */
  between(min: number, max: number): number {
    return min + this.next() * (max - min);
  }

  /** True with probability `p`. Draws nothing when p <= 0, so a disabled fault costs no randomness. */
  chance(p: number): boolean {
    return p > 0 && this.next() < p;
  }

  /** One element of a non-empty array. */
  pick<T>(items: readonly T[]): T {
    if (items.length === 0) throw new RangeError("Rng.pick: empty array");
    return items[Math.floor(this.next() * items.length)];
  }

  /** A shuffled copy (Fisher-Yates). */
  shuffle<T>(items: readonly T[]): T[] {
    const out = items.slice();
    for (let i = out.length - 1; i > 0; i--) {
      const j = Math.floor(this.next() * (i + 1));
      [out[i], out[j]] = [out[j], out[i]];
    }
    return out;
  }
}

/** A 32-bit seed for `label` under `seed`: FNV-1a over the label, mixed with a murmur3 finalizer. */
export function deriveSeed(seed: number, label: string): number {
  let hash = 0x811c9dc5 ^ (seed | 0);
  for (let i = 0; i < label.length; i++) {
    hash = Math.imul(hash ^ label.charCodeAt(i), 0x01000193);
  }
  hash ^= hash >>> 16;
  hash = Math.imul(hash, 0x85ebca6b);
  hash ^= hash >>> 13;
  hash = Math.imul(hash, 0xc2b2ae35);
  hash ^= hash >>> 16;
  return hash >>> 0;
}

/** Parse a seed given on a command line or in a test: a non-negative integer below 2^32. */
export function parseSeed(text: string): number {
  const value = Number(text);
  if (!Number.isInteger(value) || value < 0 || value >= TWO_POW_32) {
    throw new RangeError(`a seed is an integer from 0 to ${TWO_POW_32 - 1}, got "${text}"`);
  }
  return value;
}
