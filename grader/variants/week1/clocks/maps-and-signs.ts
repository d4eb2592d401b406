/**
 * Fair variant: the clocks kept in other shapes. The Lamport clock hides its counter behind a
 * getter, the vector clock keeps a Map and hands out plain-object copies, the hybrid clock keeps
 * its two parts in separate fields, compareVectors counts the entries on each side instead of
 * setting flags, and compareHlc returns only a sign (-1, 0, 1), which the contract allows
 * ("negative", "positive", 0). Correct by the contract; it must score full marks.
 */
import type { HlcTimestamp, HybridLogicalClockApi, LamportClockApi, Ordering, VectorClockApi, VectorTimestamp } from "../../../../src/contracts/clocks";
import type { NodeId } from "../../../../src/contracts/node";

export class LamportClock implements LamportClockApi {
  private counter = 0;

  get time(): number {
    return this.counter;
  }

  tick(): number {
    this.counter += 1;
    return this.counter;
  }

  receive(remoteTime: number): number {
    if (remoteTime > this.counter) this.counter = remoteTime;
    return this.tick();
  }
}

function toObject(entries: Map<NodeId, number>): VectorTimestamp {
  const copy: VectorTimestamp = {};
  entries.forEach((count, node) => {
    copy[node] = count;
  });
  return copy;
}

export class VectorClock implements VectorClockApi {
  private readonly counts = new Map<NodeId, number>();

  constructor(readonly node: NodeId) {}

  read(): VectorTimestamp {
    return toObject(this.counts);
  }

  tick(): VectorTimestamp {
    this.counts.set(this.node, (this.counts.get(this.node) || 0) + 1);
    return this.read();
  }

  receive(remote: VectorTimestamp): VectorTimestamp {
    for (const node of Object.keys(remote)) {
      const mine = this.counts.get(node) || 0;
      if (remote[node] > mine) this.counts.set(node, remote[node]);
    }
    return this.tick();
  }
}

export function mergeVectors(a: VectorTimestamp, b: VectorTimestamp): VectorTimestamp {
  const counts = new Map<NodeId, number>();
  for (const vector of [a, b]) {
    for (const node of Object.keys(vector)) counts.set(node, Math.max(counts.get(node) || 0, vector[node]));
  }
  return toObject(counts);
}

export function compareVectors(a: VectorTimestamp, b: VectorTimestamp): Ordering {
  let aAhead = 0;
  let bAhead = 0;
  const nodes = Object.keys(a).concat(Object.keys(b).filter((node) => !(node in a)));
  for (const node of nodes) {
    const difference = (a[node] || 0) - (b[node] || 0);
    if (difference > 0) aAhead++;
    else if (difference < 0) bAhead++;
  }
  if (aAhead === 0 && bAhead === 0) return "equal";
  if (aAhead === 0) return "before";
  if (bAhead === 0) return "after";
  return "concurrent";
}

export class HybridLogicalClock implements HybridLogicalClockApi {
  private wallMs = 0;
  private logical = 0;

  read(): HlcTimestamp {
    return { wallMs: this.wallMs, logical: this.logical };
  }

  now(physicalMs: number): HlcTimestamp {
    if (physicalMs > this.wallMs) {
      this.wallMs = physicalMs;
      this.logical = 0;
    } else {
      this.logical += 1;
    }
    return this.read();
  }

  receive(remote: HlcTimestamp, physicalMs: number): HlcTimestamp {
    const previousWallMs = this.wallMs;
    const previousLogical = this.logical;
    this.wallMs = Math.max(previousWallMs, remote.wallMs, physicalMs);
    const ownWall = this.wallMs === previousWallMs;
    const remoteWall = this.wallMs === remote.wallMs;
    if (ownWall && remoteWall) this.logical = Math.max(previousLogical, remote.logical) + 1;
    else if (ownWall) this.logical = previousLogical + 1;
    else if (remoteWall) this.logical = remote.logical + 1;
    else this.logical = 0;
    return this.read();
  }
}

export function compareHlc(a: HlcTimestamp, b: HlcTimestamp): number {
  if (a.wallMs !== b.wallMs) return a.wallMs < b.wallMs ? -1 : 1;
  if (a.logical !== b.logical) return a.logical < b.logical ? -1 : 1;
  return 0;
}
