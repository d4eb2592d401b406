/**
 * Heap measurement for benchmarks: force a full GC before reading heapUsed, so numbers are
 * live memory, not garbage that happens not to be collected yet.
 */
import { setFlagsFromString } from "node:v8";
import { runInNewContext } from "node:vm";

setFlagsFromString("--expose-gc");
const collect = runInNewContext("gc") as () => void;

/** Live heap bytes after a full collection. */
export function liveHeapBytes(): number {
  collect();
  collect();
  return process.memoryUsage().heapUsed;
}
