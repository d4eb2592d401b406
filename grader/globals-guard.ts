/**
 * Learner code runs in the same process as the tests that judge it, so it could replace
 * Math.random, Date.now or a prototype method and change how the tests behave. The guard
 * snapshots the built-ins before each job, and afterwards restores anything that changed and
 * names it, so the test that ran the code loses its points with a reason and the next test
 * starts clean. (The simulator swaps Math.random and Date.now while handlers run and puts
 * them back itself; that is not a change the guard sees.)
 */

const GUARDED: [string, object][] = [
  ["Math", Math],
  ["Date", Date],
  ["JSON", JSON],
  ["Object", Object],
  ["Array", Array],
  ["Promise", Promise],
  ["Array.prototype", Array.prototype],
  ["Object.prototype", Object.prototype],
  ["Function.prototype", Function.prototype],
  ["String.prototype", String.prototype],
  ["Number.prototype", Number.prototype],
  ["Map.prototype", Map.prototype],
  ["Set.prototype", Set.prototype],
  ["Promise.prototype", Promise.prototype],
  ["globalThis", globalThis],
];

/** Globals the guard does not police: they legitimately change while tests run. */
const IGNORED_GLOBALS = new Set(["__tslab__", "process", "console"]);

type Snapshot = Map<string, Map<string | symbol, PropertyDescriptor>>;

export function snapshotGlobals(): Snapshot {
  const snapshot: Snapshot = new Map();
  for (const [name, target] of GUARDED) {
    const properties = new Map<string | symbol, PropertyDescriptor>();
    for (const key of Reflect.ownKeys(target)) {
      if (name === "globalThis" && typeof key === "string" && IGNORED_GLOBALS.has(key)) continue;
      const descriptor = Object.getOwnPropertyDescriptor(target, key);
      if (descriptor) properties.set(key, descriptor);
    }
    snapshot.set(name, properties);
  }
  return snapshot;
}

/** Put back everything that differs from `snapshot`; returns what was changed, in words. */
export function restoreGlobals(snapshot: Snapshot): string[] {
  const changed: string[] = [];
  for (const [name, target] of GUARDED) {
    const before = snapshot.get(name) as Map<string | symbol, PropertyDescriptor>;
    for (const key of Reflect.ownKeys(target)) {
      if (name === "globalThis" && typeof key === "string" && IGNORED_GLOBALS.has(key)) continue;
      if (!before.has(key)) {
        if (name === "globalThis") continue; // new globals (a learner's helper) are harmless
        changed.push(`added ${name}.${String(key)}`);
        Reflect.deleteProperty(target, key);
      }
    }
    for (const [key, descriptor] of before) {
      const now = Object.getOwnPropertyDescriptor(target, key);
      if (now && sameDescriptor(now, descriptor)) continue;
      changed.push(`${now ? "replaced" : "deleted"} ${name}.${String(key)}`);
      Object.defineProperty(target, key, descriptor);
    }
  }
  return changed;
}

function sameDescriptor(a: PropertyDescriptor, b: PropertyDescriptor): boolean {
  return Object.is(a.value, b.value) && a.get === b.get && a.set === b.set;
}
