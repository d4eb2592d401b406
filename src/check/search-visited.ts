/**
 * The configurations the linearizability search has already explored: (set of linearized
 * operations, model state) pairs, so that none is explored twice.
 *
 * This is the search's hottest structure (one lookup per step, one insert per new
 * configuration), so it uses no JS `Map`: an open-addressing table of entry numbers (linear
 * probing, at most half full) over parallel typed arrays, preallocated from the history's size and
 * doubled when full. An entry is keyed by the set's 64-bit Zobrist hash and the interned state id,
 * and stored compactly: the search runs roughly in time order, so a set is "every determinate
 * operation before p, plus a few extra slots", and the extras live in one Int32Array pool.
 * Entries are compared exactly (prefix, count and every extra), so a hash collision can cost a
 * probe but never a wrong answer.
 */
const EMPTY = 0;
/** What `find` answers for a configuration already remembered. */
export const FOUND = -1;
const ENTRIES_MIN = 1024;
/** Preallocation is a guess: a linearizable history needs about one entry per operation, an illegal one more. */
const ENTRIES_PER_SLOT = 4;
const ENTRIES_PREALLOCATED_MAX = 1 << 20;

export class VisitedConfigurations {
  /** Entry number + 1 at each position, EMPTY for none; its length is a power of two. */
  private table: Int32Array;
  private shift: number;
  private hashLo: Int32Array;
  private hashHi: Int32Array;
  private stateId: Int32Array;
  private prefix: Int32Array;
  private offset: Int32Array;
  private length: Int32Array;
  private pool: Int32Array;
  private count = 0;
  private poolUsed = 0;

  constructor(slotCount: number) {
    let capacity = ENTRIES_MIN;
    while (capacity < Math.min(slotCount * ENTRIES_PER_SLOT, ENTRIES_PREALLOCATED_MAX)) capacity *= 2;
    this.hashLo = new Int32Array(capacity);
    this.hashHi = new Int32Array(capacity);
    this.stateId = new Int32Array(capacity);
    this.prefix = new Int32Array(capacity);
    this.offset = new Int32Array(capacity);
    this.length = new Int32Array(capacity);
    this.pool = new Int32Array(capacity);
    this.table = new Int32Array(2 * capacity);
    this.shift = 32 - Math.log2(2 * capacity);
  }

  /**
   * Where the configuration whose linearized set is "determinate slots below `p`, plus
   * `extrasCount` more" (equal to `bits`, hashed to `hashLo`/`hashHi`) with state `stateId` goes in
   * the table, or FOUND when it is remembered already.
   */
  find(hashLo: number, hashHi: number, stateId: number, p: number, extrasCount: number, bits: Uint32Array): number {
    const table = this.table;
    const mask = table.length - 1;
    let position = positionOf(hashLo, stateId, this.shift);
    for (let e = table[position]; e !== EMPTY; e = table[position]) {
      if (this.matches(e - 1, hashLo | 0, hashHi | 0, stateId, p, extrasCount, bits)) return FOUND;
      position = (position + 1) & mask;
    }
    return position;
  }

  /** Remember a configuration that `find` did not find, at the position it returned; its extra slots are `extras[0..extrasCount)`. */
  add(position: number, hashLo: number, hashHi: number, stateId: number, p: number, extras: Int32Array, extrasCount: number): void {
    if (2 * (this.count + 1) > this.table.length) {
      this.growEntries();
      position = this.emptyPosition(hashLo, stateId);
    }
    while (this.poolUsed + extrasCount > this.pool.length) this.pool = doubled(this.pool);
    const e = this.count++;
    this.hashLo[e] = hashLo | 0;
    this.hashHi[e] = hashHi | 0;
    this.stateId[e] = stateId;
    this.prefix[e] = p;
    this.offset[e] = this.poolUsed;
    this.length[e] = extrasCount;
    this.pool.set(extras.subarray(0, extrasCount), this.poolUsed);
    this.poolUsed += extrasCount;
    this.table[position] = e + 1;
  }

  private matches(e: number, hashLo: number, hashHi: number, stateId: number, p: number, extrasCount: number, bits: Uint32Array): boolean {
    if (this.hashLo[e] !== hashLo || this.hashHi[e] !== hashHi || this.stateId[e] !== stateId || this.prefix[e] !== p || this.length[e] !== extrasCount) return false;
    const pool = this.pool;
    for (let i = this.offset[e], end = i + extrasCount; i < end; i++) {
      const slot = pool[i];
      if ((bits[slot >>> 5] & (1 << (slot & 31))) === 0) return false;
    }
    return true;
  }

  /** Double the entry arrays and the table, and put every entry back in the bigger table. */
  private growEntries(): void {
    this.hashLo = doubled(this.hashLo);
    this.hashHi = doubled(this.hashHi);
    this.stateId = doubled(this.stateId);
    this.prefix = doubled(this.prefix);
    this.offset = doubled(this.offset);
    this.length = doubled(this.length);
    this.table = new Int32Array(2 * this.table.length);
    this.shift--;
    for (let e = 0; e < this.count; e++) this.table[this.emptyPosition(this.hashLo[e], this.stateId[e])] = e + 1;
  }

  private emptyPosition(hashLo: number, stateId: number): number {
    const mask = this.table.length - 1;
    let position = positionOf(hashLo, stateId, this.shift);
    while (this.table[position] !== EMPTY) position = (position + 1) & mask;
    return position;
  }
}

/** Fibonacci hashing of the set's hash mixed with the state id: the top bits pick the position. */
function positionOf(hashLo: number, stateId: number, shift: number): number {
  return Math.imul(hashLo ^ Math.imul(stateId + 1, 0x85ebca6b), 0x9e3779b1) >>> shift;
}

function doubled(array: Int32Array): Int32Array {
  const bigger = new Int32Array(array.length * 2);
  bigger.set(array);
  return bigger;
}
