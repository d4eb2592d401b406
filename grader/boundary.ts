/**
 * The graded module's boundary, as a test sees it: every function and class the test takes with
 * ctx.exported() is handed out wrapped, so that each call into the learner's code (by the test
 * itself, or by the simulator running a node the test built from an exported class) is named in
 * current-call.ts while it runs. Calls inside the learner's code (`this.helper()`) do not cross
 * the boundary and cost nothing. An object a learner's function returns is not wrapped: a loop in
 * its methods is named by the export that returned it only while that export still runs.
 *
 * Names read like the call: `preferenceList("k", 9)`, `new Ring(…)`, `Ring.add("s1")`, and for a
 * node (an instance built with a context that has an `id`) `n3's onMessage(AppendEntries from n1)`.
 * The simulator and the harnesses call a node's methods after every event (inspect(), onMessage),
 * so a method's names are encoded once and kept: such a call costs a lookup and a copy of bytes.
 */
import { encodeName, enterCall, leaveCall } from "./current-call";

/** Arguments are shown up to this length each: enough to recognise a call, never a dump. */
const ARGUMENT_CHARS_MAX = 24;
/** Names kept per method: a node's senders times its message types; past this, names are encoded per call. */
const NAMES_KEPT_MAX = 256;

type AnyFunction = (...args: unknown[]) => unknown;

/** The real instances behind the named ones: learner code gets its own objects back (private fields need them). */
const instances = new WeakMap<object, object>();

/** `value` (a function or class exported as `name`) with each call named while it runs. */
export function namedAtBoundary<T>(name: string, value: T): T {
  if (typeof value !== "function") return value;
  const handler: ProxyHandler<AnyFunction> = {
    apply(fn, self, args) {
      const previous = enterCall(encodeName(`${name}(${describeArguments(args)})`));
      try {
        return Reflect.apply(fn, self, unwrapped(args));
      } finally {
        leaveCall(previous);
      }
    },
    construct(fn, args, newTarget) {
      const node = nodeIdOf(args[0]);
      const previous = enterCall(encodeName(node ? `${node}'s constructor` : `new ${name}(${describeArguments(args)})`));
      try {
        return namedInstance(Reflect.construct(fn, unwrapped(args), newTarget) as object, node ? `${node}'s ` : `${name}.`);
      } finally {
        leaveCall(previous);
      }
    },
  };
  return new Proxy(value as unknown as AnyFunction, handler) as unknown as T;
}

/** The instance with each method call named `${prefix}method(...)`; the methods run with the instance itself as `this`. */
function namedInstance(instance: object, prefix: string): object {
  const wrapped = new Map<string, { method: AnyFunction; named: AnyFunction }>();
  const named = new Proxy(instance, {
    get(target, key) {
      const value = Reflect.get(target, key, target) as unknown;
      if (typeof value !== "function" || typeof key === "symbol" || key === "constructor") return value;
      const known = wrapped.get(key);
      if (known?.method === value) return known.named;
      const method = value as AnyFunction;
      const nameOf = methodNames(prefix, key);
      const call = (...args: unknown[]) => {
        const previous = enterCall(nameOf(args));
        try {
          const result = Reflect.apply(method, target, unwrapped(args));
          return result === target ? named : result; // chaining (`return this`) keeps the name
        } finally {
          leaveCall(previous);
        }
      };
      wrapped.set(key, { method, named: call });
      return call;
    },
    set(target, key, value) {
      return Reflect.set(target, key, value, target);
    },
  });
  instances.set(named, instance);
  return named;
}

/** The arguments with named instances replaced by the real ones (the same array when there are none: the common case). */
function unwrapped(args: unknown[]): unknown[] {
  for (const value of args) if (realOf(value) !== value) return args.map(realOf);
  return args;
}

function realOf(value: unknown): unknown {
  return (typeof value === "object" && value !== null && instances.get(value)) || value;
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
