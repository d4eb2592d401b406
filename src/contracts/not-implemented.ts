/**
 * Stubs in exercises/ throw this until you replace them. The grader reports it as
 * "not implemented yet" (not as a crash), and notebook cells that catch it print what to do.
 */
export class NotImplementedError extends Error {
  constructor(
    /** What is missing, e.g. "ConsistentHashRing.addNode". */
    readonly what: string,
    /** Where to write it, e.g. "exercises/week2/ring.ts". */
    readonly file: string,
  ) {
    super(`not implemented yet: ${what} (write it in ${file})`);
    this.name = "NotImplementedError";
  }
}

/** Throw from a stub: `return notImplemented("quorumSize", "exercises/week0/quorum.ts")`. */
export function notImplemented(what: string, file: string): never {
  throw new NotImplementedError(what, file);
}

/** True for a NotImplementedError, also one that crossed a module or realm boundary. */
export function isNotImplemented(error: unknown): error is NotImplementedError {
  return error instanceof Error && error.name === "NotImplementedError";
}
