/**
 * The graded module's boundary, as a test sees it: every function and class the test takes with
 * ctx.exported() is handed out wrapped, so that each call into the learner's code (by the test
 * itself, or by the simulator running a node the test built from an exported class) is named in
 * current-call.ts while it runs. Only the outermost call is named: the calls the learner's code
 * makes meanwhile (`this.helper()`) cost a flag test. An object a learner's function returns is
 * not wrapped: a loop in its methods is named by the export that returned it only while that
 * export still runs.
 *
 * Names read like the call: `preferenceList("k", 9)`, `new Ring(…)`, `Ring.add("s1")`, and for a
 * node (an instance built with a context that has an `id`) `n3's onMessage(AppendEntries from n1)`.
 * The simulator and the harnesses call a node's methods after every event (inspect(), onMessage),
 * so a method's names are encoded once and kept: such a call costs a lookup and a copy of bytes.
 */
import { encodeName, enterCall, inCall, leaveCall } from "./current-call";

/** Arguments are shown up to this length each: enough to recognise a call, never a dump. */
const ARGUMENT_CHARS_MAX = 24;
/** Names kept per method: a node's senders times its message types; past this, names are encoded per call. */
const NAMES_KEPT_MAX = 256;

type AnyFunction = (...args: unknown[]) => unknown;


/** `value` (a function or class exported as `name`) with each call named while it runs. */
export function namedAtBoundary<T>(name: string, value: T): T {
  if (typeof value !== "function") return value;
  const fn = value as unknown as AnyFunction;
  let named: AnyFunction | undefined;
  const proxy: AnyFunction = new Proxy(fn, {
    apply(target, self, args) {
      if (inCall()) return Reflect.apply(target, self, args);
      enterCall(encodeName(`${name}(${describeArguments(args)})`));
      try {
        return Reflect.apply(target, self, args);
      } finally {
        leaveCall();
      }
    },
    construct(target, args, newTarget) {
      const node = nodeIdOf(args[0]);
      const outer = !inCall();
      if (outer) enterCall(encodeName(node ? `${node}'s constructor` : `new ${name}(${describeArguments(args)})`));
      try {
        // `new Export(...)`: an instance of the named subclass; a test's own subclass keeps its prototype.
        const instance = Reflect.construct(target, args, newTarget === proxy ? (named ??= namedSubclass(target)) : newTarget) as object;
        prefixes.set(instance, node ? `${node}'s ` : `${name}.`);
        return instance;
      } finally {
        if (outer) leaveCall();
      }
    },
  });
  return proxy as unknown as T;
}

/** What each instance's calls are named after: its node id, or its class's name. */
const prefixes = new WeakMap<object, string>();
/** Each instance's names, per method. */
const namers = new WeakMap<object, Map<string, (args: unknown[]) => Uint8Array>>();

/**
 * A constructor whose prototype sits between the instances and the exported class's, holding a
 * named wrapper of each method. The instance is the learner's own object (identity, private
 * fields and its shape are untouched, so its property reads stay fast), `constructor` is the
 * exported class, and the simulator's calls are ordinary method calls, not proxy traps.
 */
function namedSubclass(exported: AnyFunction): AnyFunction {
  const Named = function () {} as unknown as AnyFunction;
  const prototype = Object.create(exported.prototype as object, { constructor: { value: exported, writable: true, configurable: true } }) as Record<string, unknown>;
  for (const key of methodKeys(exported.prototype as object)) {
    const method = (exported.prototype as Record<string, AnyFunction>)[key];
    prototype[key] = function (this: object, ...args: unknown[]): unknown {
      if (inCall()) return Reflect.apply(method, this, args);
      enterCall(nameOf(this, key, args));
      try {
        return Reflect.apply(method, this, args);
      } finally {
        leaveCall();
      }
    };
  }
  Named.prototype = prototype;
  return Named;
}

function nameOf(instance: object, method: string, args: unknown[]): Uint8Array {
  let byMethod = namers.get(instance);
  if (byMethod === undefined) namers.set(instance, (byMethod = new Map()));
  let names = byMethod.get(method);
  if (names === undefined) byMethod.set(method, (names = methodNames(prefixes.get(instance) ?? "", method)));
  return names(args);
}

/** The names of the functions on a prototype chain, but Object's and the constructor. */
function methodKeys(prototype: object): Set<string> {
  const keys = new Set<string>();
  for (let level: object | null = prototype; level !== null && level !== Object.prototype; level = Reflect.getPrototypeOf(level)) {
    for (const key of Object.getOwnPropertyNames(level)) {
      if (key !== "constructor" && typeof Reflect.getOwnPropertyDescriptor(level, key)?.value === "function") keys.add(key);
    }
  }
  return keys;
}

/**
 * The encoded names of one method's calls. A call without arguments has one name; a node's
 * onMessage(from, msg) and onTimer(timer) are named by sender and type (the course's handlers,
 * called after every event), kept; any other call is described afresh.
 */
function methodNames(prefix: string, method: string): (args: unknown[]) => Uint8Array {
  // By first argument (a sender, or "" for no arguments), then by kind: lookups of strings the call already has.
  const kept = new Map<string, Map<string, Uint8Array>>();
  let count = 0;
  const keep = (first: string, kind: string, name: () => string): Uint8Array => {
    let byKind = kept.get(first);
    let bytes = byKind?.get(kind);
    if (bytes !== undefined) return bytes;
    bytes = encodeName(name());
    if (count++ < NAMES_KEPT_MAX) {
      if (byKind === undefined) kept.set(first, (byKind = new Map()));
      byKind.set(kind, bytes);
    }
    return bytes;
  };
  return (args) => {
    if (args.length === 0) return keep("", "", () => `${prefix}${method}()`);
    if (method === "onMessage" && args.length === 2 && typeof args[0] === "string") {
      const from = args[0];
      const kind = kindOf(args[1]);
      return keep(from, kind, () => `${prefix}onMessage(${kind} from ${from.slice(0, ARGUMENT_CHARS_MAX)})`);
    }
    if (method === "onTimer" && args.length === 1) {
      const kind = kindOf(args[0]);
      return keep("", kind, () => `${prefix}onTimer(${kind})`);
    }
    return encodeName(`${prefix}${method}(${describeArguments(args)})`);
  };
}

function describeArguments(args: unknown[]): string {
  return args.map(describeArgument).join(", ");
}

function describeArgument(value: unknown): string {
  if (typeof value === "string") {
    const quoted = JSON.stringify(value);
    return quoted.length <= ARGUMENT_CHARS_MAX ? quoted : `${quoted.slice(0, ARGUMENT_CHARS_MAX - 2)}…"`;
  }
  if (typeof value === "number" || typeof value === "boolean" || typeof value === "bigint" || value === null || value === undefined) return String(value);
  if (typeof value === "function") return "a function";
  if (Array.isArray(value)) return `[${value.length} item${value.length === 1 ? "" : "s"}]`;
  return kindOf(value);
}

/** A message or timer by its `type` when it has one (the course's convention), else `{…}`. */
function kindOf(value: unknown): string {
  if (typeof value !== "object" || value === null) return describeArgument(value);
  const type = (value as { type?: unknown }).type;
  return typeof type === "string" ? type.slice(0, ARGUMENT_CHARS_MAX) : "{…}";
}

/** A node's id when `context` looks like the course's NodeContext (an object with a string `id`). */
function nodeIdOf(context: unknown): string | undefined {
  const id = typeof context === "object" && context !== null ? (context as { id?: unknown }).id : undefined;
  return typeof id === "string" ? id.slice(0, ARGUMENT_CHARS_MAX) : undefined;
}
