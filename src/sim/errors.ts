/**
 * Errors the simulator raises, each worded for the person who has to fix the code: which
 * node, which event, what virtual time, and what to do about it.
 */
import type { NodeId } from "../contracts/node";
import { describeEvent, formatMs, type TraceEvent } from "./trace";

export class SimulationError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "SimulationError";
  }
}

/** The rule both hosts (simulator and live) enforce on what a handler returns, in words. */
export const ASYNC_HANDLER_MESSAGE = "it returned a Promise. Handlers must be synchronous: remove `async`/`await` and use ctx.setTimer to wait";

/**
 * Did a handler return a Promise (an `async` handler)? Its eventual rejection is silenced here,
 * since the host reports the broken rule itself.
 */
export function returnedPromise(result: unknown): boolean {
  if (result === null || typeof result !== "object" || typeof (result as { then?: unknown }).then !== "function") return false;
  (result as Promise<unknown>).then(undefined, () => undefined);
  return true;
}

/** A node's handler threw, or broke a rule of the node API (async handler, unknown peer, ...). */
export class HandlerError extends SimulationError {
  constructor(
    readonly node: NodeId,
    /** What the node was doing, e.g. "onMessage from n2 (RequestVote)". */
    readonly during: string,
    readonly timeMs: number,
    /** What the handler threw (or the rule it broke). */
    readonly thrown: unknown,
  ) {
    super(`${node} failed in ${during} at t=${formatMs(timeMs)}ms: ${causeText(thrown)}`);
    this.name = "HandlerError";
    if (thrown instanceof Error && thrown.stack) {
      this.stack = `${this.name}: ${this.message}\n--- caused by ---\n${thrown.stack}`;
    }
  }
}

/** The run used up its event budget, or spun at one instant of virtual time. */
export class LivelockError extends SimulationError {
  constructor(
    reason: string,
    readonly timeMs: number,
    readonly lastEvents: TraceEvent[],
  ) {
    super(
      `${reason} at t=${formatMs(timeMs)}ms. Last events:\n` +
        lastEvents.map((event) => `  ${describeEvent(event)}`).join("\n"),
    );
    this.name = "LivelockError";
  }
}

function causeText(cause: unknown): string {
  if (cause instanceof Error) return `${cause.name === "Error" ? "" : `${cause.name}: `}${cause.message}`;
  return `threw ${JSON.stringify(cause) ?? String(cause)}`;
}
