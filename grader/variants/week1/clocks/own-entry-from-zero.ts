/**
 * Fair variant: vectors that carry explicit zeros, and a hybrid clock kept as one pair. The
 * vector clock starts with its own entry at 0 ({ n1: 0 } before any event), mergeVectors writes an
 * entry for every node either side names (zeros included), and compareVectors walks the union of
 * names with the contract's "a missing entry is 0"; so { n1: 1 } and { n1: 1, n2: 0 } are the same
 * vector. The Lamport clock's receive is max then tick; the hybrid clock stores [wallMs, logical]
 * and orders timestamps by the pair. Correct by the contract; it must score full marks.
 */
import type { HlcTimestamp, HybridLogicalClockApi, LamportClockApi, Ordering, VectorClockApi, VectorTimestamp } from "../../../../src/contracts/clocks";
import type { NodeId } from "../../../../src/contracts/node";

export class LamportClock implements LamportClockApi {
  time = 0;

  tick(): number {
    this.time = this.time + 1;
    return this.time;
  }

  receive(remoteTime: number): number {
    this.time = remoteTime > this.time ? remoteTime : this.time;
    return this.tick();
  }
}

export function mergeVectors(a: VectorTimestamp, b: VectorTimestamp): VectorTimestamp {
  const merged: VectorTimestamp = {};
  for (const node of Object.keys({ ...a, ...b })) {
    const left = a[node] === undefined ? 0 : a[node];
    const right = b[node] === undefined ? 0 : b[node];
    merged[node] = left > right ? left : right;
  }
  return merged;
}

export function compareVectors(a: VectorTimestamp, b: VectorTimestamp): Ordering {
  const names = Object.keys({ ...a, ...b });
  const atMost = (x: VectorTimestamp, y: VectorTimestamp) => names.every((node) => (x[node] === undefined ? 0 : x[node]) <= (y[node] === undefined ? 0 : y[node]));
  const aAtMostB = atMost(a, b);
  const bAtMostA = atMost(b, a);
  if (aAtMostB && bAtMostA) return "equal";
  if (aAtMostB) return "before";
  if (bAtMostA) return "after";
  return "concurrent";
}

export class VectorClock implements VectorClockApi {
  private vector: VectorTimestamp;

  constructor(readonly node: NodeId) {
    this.vector = { [node]: 0 };
  }

  read(): VectorTimestamp {
    return mergeVectors(this.vector, {});
  }

  tick(): VectorTimestamp {
    this.vector[this.node] += 1;
    return this.read();
  }

  receive(remote: VectorTimestamp): VectorTimestamp {
    this.vector = mergeVectors(remote, this.vector);
    return this.tick();
  }
}

type Pair = [wallMs: number, logical: number];

export class HybridLogicalClock implements HybridLogicalClockApi {
  private pair: Pair = [0, 0];

  read(): HlcTimestamp {
    return { wallMs: this.pair[0], logical: this.pair[1] };
  }

  now(physicalMs: number): HlcTimestamp {
    const [wallMs, logical] = this.pair;
    this.pair = physicalMs > wallMs ? [physicalMs, 0] : [wallMs, logical + 1];
    return this.read();
  }

  receive(remote: HlcTimestamp, physicalMs: number): HlcTimestamp {
    const [wallMs, logical] = this.pair;
    const newest = Math.max(wallMs, remote.wallMs, physicalMs);
    const candidates: number[] = [];
    if (newest === wallMs) candidates.push(logical + 1);
    if (newest === remote.wallMs) candidates.push(remote.logical + 1);
    this.pair = [newest, candidates.length === 0 ? 0 : Math.max(...candidates)];
    return this.read();
  }
}

export function compareHlc(a: HlcTimestamp, b: HlcTimestamp): number {
  return a.wallMs === b.wallMs ? a.logical - b.logical : a.wallMs - b.wallMs;
}
