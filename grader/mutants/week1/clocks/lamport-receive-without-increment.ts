/**
 * Mutant: a Lamport receive takes the maximum but forgets the + 1, so a message's receive can get
 * the same time as its send.
 * @symptom but their Lamport times are
 */
import type { HlcTimestamp, HybridLogicalClockApi, LamportClockApi, Ordering, VectorClockApi, VectorTimestamp } from "../../../../src/contracts/clocks";
import type { NodeId } from "../../../../src/contracts/node";

export class LamportClock implements LamportClockApi {
  time = 0;

  tick(): number {
    return ++this.time;
  }

  receive(remoteTime: number): number {
    this.time = Math.max(this.time, remoteTime);
    return this.time;
  }
}

export class VectorClock implements VectorClockApi {
  private vector: VectorTimestamp = {};

  constructor(readonly node: NodeId) {}

  read(): VectorTimestamp {
    return { ...this.vector };
  }

  tick(): VectorTimestamp {
    this.vector[this.node] = (this.vector[this.node] ?? 0) + 1;
    return this.read();
  }

  receive(remote: VectorTimestamp): VectorTimestamp {
    this.vector = mergeVectors(this.vector, remote);
    return this.tick();
  }
}

/** Entry-wise maximum; a missing entry counts as 0. */
export function mergeVectors(a: VectorTimestamp, b: VectorTimestamp): VectorTimestamp {
  const merged: VectorTimestamp = { ...a };
  for (const [node, count] of Object.entries(b)) merged[node] = Math.max(merged[node] ?? 0, count);
  return merged;
}

/** How the events stamped `a` and `b` relate. */
export function compareVectors(a: VectorTimestamp, b: VectorTimestamp): Ordering {
  let aSmaller = false;
  let bSmaller = false;
  for (const node of new Set([...Object.keys(a), ...Object.keys(b)])) {
    const x = a[node] ?? 0;
    const y = b[node] ?? 0;
    if (x < y) aSmaller = true;
    if (y < x) bSmaller = true;
  }
  if (aSmaller && bSmaller) return "concurrent";
  if (aSmaller) return "before";
  if (bSmaller) return "after";
  return "equal";
}

export class HybridLogicalClock implements HybridLogicalClockApi {
  private last: HlcTimestamp = { wallMs: 0, logical: 0 };

  read(): HlcTimestamp {
    return { ...this.last };
  }

  now(physicalMs: number): HlcTimestamp {
    const wallMs = Math.max(this.last.wallMs, physicalMs);
    this.last = { wallMs, logical: wallMs === this.last.wallMs ? this.last.logical + 1 : 0 };
    return this.read();
  }

  receive(remote: HlcTimestamp, physicalMs: number): HlcTimestamp {
    const wallMs = Math.max(this.last.wallMs, remote.wallMs, physicalMs);
    let logical = 0;
    if (wallMs === this.last.wallMs && wallMs === remote.wallMs) logical = Math.max(this.last.logical, remote.logical) + 1;
    else if (wallMs === this.last.wallMs) logical = this.last.logical + 1;
    else if (wallMs === remote.wallMs) logical = remote.logical + 1;
    this.last = { wallMs, logical };
    return this.read();
  }
}

/** Negative when a comes first, positive when b does, 0 when equal: by wallMs, then logical. */
export function compareHlc(a: HlcTimestamp, b: HlcTimestamp): number {
  return a.wallMs - b.wallMs || a.logical - b.logical;
}
