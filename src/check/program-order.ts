/**
 * Program order: the order in which one client issued its operations. An operation of a client
 * follows another of the same client when that one returned before it was called (real time,
 * with history.ts's rule for equal times). An operation with no answer precedes nothing: it may
 * take effect at any later moment, even after the client's next operations.
 */
import type { Operation } from "./history";
import { byCall, precedes } from "./real-time";

/**
 * For each operation (by position), its immediate predecessors in program order: the same
 * client's operations that precede it, leaving out those that precede another of them (they
 * follow by transitivity). A client that issues one operation at a time gets a chain.
 */
export function programOrderPredecessors(operations: readonly Operation[]): number[][] {
  const predecessors: number[][] = operations.map(() => []);
  for (const lane of lanesByClient(operations)) {
    lane.forEach((b, k) => {
      // Backwards in call order: anything that precedes a predecessor found already is implied by it.
      const immediate: number[] = [];
      for (let j = k - 1; j >= 0; j--) {
        const a = lane[j];
        if (precedes(operations[a], operations[b]) && !immediate.some((c) => precedes(operations[a], operations[c]))) immediate.push(a);
      }
      predecessors[b] = immediate.reverse();
    });
  }
  return predecessors;
}

/** Positions of each client's operations, in call order. */
function lanesByClient(operations: readonly Operation[]): number[][] {
  const lanes = new Map<string, number[]>();
  const positions = operations.map((_, i) => i).sort((a, b) => byCall(operations[a], operations[b]));
  for (const i of positions) {
    const lane = lanes.get(operations[i].client);
    if (lane) lane.push(i);
    else lanes.set(operations[i].client, [i]);
  }
  return [...lanes.values()];
}
