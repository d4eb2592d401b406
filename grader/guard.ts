/**
 * Learner code runs in the same process as the tests that judge it, so it could replace
 * Math.random or a prototype method, or patch a course class the tests rely on (a checker's
 * method, the simulator's Rng), and change how the tests behave. The guard remembers those
 * objects as they were before any learner code ran; after each job it restores anything that
 * changed and names it, so the test that ran the code loses its points with a reason and the
 * next test starts clean. A course module first loaded by learner code is remembered as it is
 * after that job: the guard cannot tell how it looked before.
 * (The simulator swaps Math.random and Date.now while handlers run and puts them back itself;
 * that is not a change the guard sees.)
 */
import { EventEmitter } from "node:events";
import { relative, sep } from "node:path";

/** An object whose own properties must be the same after a job as before it. */
export interface Guarded {
  /** How a message names it: "Array.prototype", "src/sim/random.ts: Rng.prototype". */
  name: string;
  target: object;
  /** Whether a change counts as patching a built-in or tampering with the course's code. */
  kind: "globals" | "tampering";
  /** Police only these properties (an object with much legitimate state, like `process`). */
  keys?: readonly (string | symbol)[];
}

/** Built-ins that tests and the simulator rely on. */
const BUILT_INS: [string, object][] = [
  ["globalThis", globalThis],
  ["Math", Math],
  ["JSON", JSON],
  ["Reflect", Reflect],
  ...[Object, Array, Number, String, Boolean, Symbol, Promise, Date, Map, Set, RegExp, Error, RangeError, TypeError, Function].flatMap(
    (constructor): [string, object][] => [
      [constructor.name, constructor],
      [`${constructor.name}.prototype`, constructor.prototype as object],
    ],
  ),
  // process.on, process.send and friends: learner code must not rewire how the child talks to the grader
  ["EventEmitter.prototype", EventEmitter.prototype],
];

/** Globals the guard does not police: they legitimately change while tests run. */
const IGNORED_GLOBALS = new Set(["__tslab__", "process", "console"]);

/**
 * The built-ins to guard. Node defines many globals (AbortController, atob, Blob, ...) as lazy
 * getters that replace themselves with a plain value on first use; they are settled here, once,
 * so that a test or a learner merely using one is not mistaken for a patch.
 */
export function builtIns(): Guarded[] {
  for (const key of Reflect.ownKeys(globalThis)) {
    if (Object.getOwnPropertyDescriptor(globalThis, key)?.get === undefined) continue;
    try {
      void (globalThis as Record<string | symbol, unknown>)[key];
    } catch {
      // a getter that throws stays as it is; it can still be compared
    }
  }
  return BUILT_INS.map(([name, target]) => ({ name, target, kind: "globals" }));
}

/**
 * The loaded course modules (src/, grader/, node_modules/) other than those under `skipDirs`
 * (the graded file's folder and the test folder, which are loaded afresh for every job): their
 * exports objects, exported classes and functions with their prototypes, and exported plain objects.
 */
export function courseModules(root: string, skipDirs: readonly string[]): Guarded[] {
  const guarded: Guarded[] = [];
  for (const [file, module] of Object.entries(require.cache)) {
    if (!module || skipDirs.some((dir) => file.startsWith(dir))) continue;
    const label = relative(root, file).split(sep).join("/");
    const exports: unknown = module.exports;
    if (!isObjectLike(exports)) continue;
    guarded.push({ name: `${label}: exports`, target: exports, kind: "tampering" });
    for (const key of Object.keys(exports)) {
      const value = readSafely(exports, key);
      if (typeof value === "function") {
        guarded.push({ name: `${label}: ${key}`, target: value, kind: "tampering" });
        const prototype: unknown = (value as { prototype?: unknown }).prototype;
        if (isObjectLike(prototype)) guarded.push({ name: `${label}: ${key}.prototype`, target: prototype, kind: "tampering" });
      } else if (isObjectLike(value) && !Array.isArray(value) && Object.getPrototypeOf(value) === Object.prototype) {
        guarded.push({ name: `${label}: ${key}`, target: value, kind: "tampering" });
      }
    }
  }
  return guarded;
}

export interface Change {
  kind: Guarded["kind"];
  /** "replaced Array.prototype.findIndex" */
  text: string;
}

/**
 * Remembers how each watched object looked when it was first watched, and puts it back after
 * every job. Watching is cheap for objects already watched, so a child can call `watch` with
 * every loaded module before each job and pay only for the modules loaded since.
 */
export class Guard {
  private readonly watched = new Map<object, { guarded: Guarded; properties: Map<string | symbol, PropertyDescriptor> }>();

  watch(guarded: readonly Guarded[]): void {
    for (const entry of guarded) {
      if (this.watched.has(entry.target)) continue;
      const properties = new Map<string | symbol, PropertyDescriptor>();
      for (const key of policedKeys(entry)) {
        const descriptor = Object.getOwnPropertyDescriptor(entry.target, key);
        if (descriptor) properties.set(key, descriptor);
      }
      this.watched.set(entry.target, { guarded: entry, properties });
    }
  }

  /** Put back everything that differs from the watched state; returns what was changed, in words. */
  restore(): Change[] {
    const changes: Change[] = [];
    for (const { guarded, properties } of this.watched.values()) {
      const note = (verb: string, key: string | symbol) => changes.push({ kind: guarded.kind, text: `${verb} ${guarded.name}.${String(key)}` });
      for (const key of policedKeys(guarded)) {
        // New globals (a learner's helper) are harmless; new properties anywhere else are not.
        if (properties.has(key) || guarded.target === globalThis) continue;
        note("added", key);
        Reflect.deleteProperty(guarded.target, key);
      }
      for (const [key, descriptor] of properties) {
        const now = Object.getOwnPropertyDescriptor(guarded.target, key);
        if (now && sameDescriptor(now, descriptor)) continue;
        note(now ? "replaced" : "deleted", key);
        try {
          Object.defineProperty(guarded.target, key, descriptor);
        } catch {
          note("could not restore", key);
        }
      }
    }
    return changes;
  }
}

function policedKeys(guarded: Guarded): (string | symbol)[] {
  const keys = Reflect.ownKeys(guarded.target);
  if (guarded.keys) return keys.filter((key) => guarded.keys?.includes(key));
  if (guarded.target !== globalThis) return keys;
  return keys.filter((key) => typeof key !== "string" || !IGNORED_GLOBALS.has(key));
}

function sameDescriptor(a: PropertyDescriptor, b: PropertyDescriptor): boolean {
  return Object.is(a.value, b.value) && a.get === b.get && a.set === b.set;
}

function isObjectLike(value: unknown): value is object {
  return (typeof value === "object" && value !== null) || typeof value === "function";
}

/** An export's value; a getter that throws (some libraries load lazily) is simply not guarded. */
function readSafely(target: object, key: string): unknown {
  try {
    return (target as Record<string, unknown>)[key];
  } catch {
    return undefined;
  }
}
