/**
 * A simulated client of the flaky dependency (src/resilience/dependency.ts) that protects its
 * calls with a circuit breaker and/or a retry policy: yours, the chapter's, or none. It starts
 * one operation every `everyMs` (an open loop: traffic keeps coming whatever the dependency
 * does), and for each attempt asks the breaker first, gives the attempt a timeout (no longer
 * than the retry deadline leaves), reports the outcome to the breaker, and asks the retry
 * policy what to do after a failure.
 *
 *   - 2xx/3xx: success.  4xx: the caller's own mistake; the breaker hears a success (the
 *     dependency is healthy), the retry policy hears the status.  5xx and timeouts: failures.
 *   - A breaker's rejection is an attempt that never left: the retry policy hears a 503 with
 *     the breaker's retryAfterMs; without a retry policy the operation fails fast (a fallback).
 *
 * Everything it saw is kept in `operations` and `transitions` for charts and checks.
 */
import type { NodeContext, NodeId, ProtocolNode } from "../contracts/node";
import type { BreakerTransition, CallFailure, CircuitBreakerApi, Clock, HttpMethod, Permission, RandomSource, RetryPolicyApi, RetrySession } from "../contracts/resilience";
import type { DependencyMessage } from "./dependency";

export type BreakerFactory = (clock: Clock, onTransition: (transition: BreakerTransition) => void) => CircuitBreakerApi;
export type RetryFactory = (clock: Clock, random: RandomSource) => RetryPolicyApi;

export interface CallerOptions {
  /** The dependency's node id (default "n1"). */
  target?: NodeId;
  /** Start an operation every `everyMs`, `operations` times, the first at `startMs` (default 0). */
  everyMs: number;
  operations: number;
  startMs?: number;
  method?: HttpMethod;
  /** A key per operation (e.g. `(i) => "order-" + i`) for calls that are idempotent only with one. */
  idempotencyKey?: (operation: number) => string | undefined;
  /** Give up on one attempt after this long. */
  attemptTimeoutMs: number;
  breaker?: BreakerFactory;
  retry?: RetryFactory;
  /** The clock handed to the breaker and the retry policy (default: this node's ctx.now()). */
  clock?: Clock;
}

export type AttemptResult = "ok" | "error" | "timeout" | "rejected";

export interface Attempt {
  n: number;
  startedAtMs: number;
  endedAtMs?: number;
  result?: AttemptResult;
  status?: number;
}

export interface Operation {
  index: number;
  startedAtMs: number;
  attempts: Attempt[];
  /** Set when the operation is over: it succeeded, or the caller stopped trying (and why). */
  outcome?: { ok: boolean; atMs: number; why?: string };
}

type CallerTimer = { type: "next" } | { type: "timeout"; op: number; n: number } | { type: "retry"; op: number };

interface InFlight {
  op: Operation;
  attempt: Attempt;
  permission?: Permission;
  timer: number;
}

export class CallerNode implements ProtocolNode<DependencyMessage, CallerTimer> {
  readonly operations: Operation[] = [];
  readonly transitions: BreakerTransition[] = [];
  private readonly breaker: CircuitBreakerApi | undefined;
  private readonly retry: RetryPolicyApi | undefined;
  private readonly sessions = new Map<number, RetrySession>();
  private readonly inFlight = new Map<string, InFlight>();

  constructor(
    private readonly ctx: NodeContext<DependencyMessage, CallerTimer>,
    private readonly options: CallerOptions,
  ) {
    const clock = options.clock ?? { now: () => ctx.now() };
    this.breaker = options.breaker?.(clock, (transition) => {
      this.transitions.push(transition);
      this.ctx.annotate({ breaker: transition.to });
    });
    this.retry = options.retry?.(clock, () => ctx.random());
  }

  onStart(): void {
    if (this.breaker) this.ctx.annotate({ breaker: "CLOSED" });
    if (this.options.operations > 0) this.ctx.setTimer(this.options.startMs ?? 0, { type: "next" });
  }

  onMessage(_from: NodeId, msg: DependencyMessage): void {
    if (msg.type !== "Response") return;
    const call = this.inFlight.get(msg.id);
    if (!call) return; // an answer after the attempt timed out: the caller has moved on
    this.inFlight.delete(msg.id);
    this.ctx.cancelTimer(call.timer);
    const ok = msg.status < 400;
    this.finishAttempt(call, ok ? "ok" : "error", msg.status);
    if (call.permission) (msg.status >= 500 ? this.breaker?.onFailure(call.permission) : this.breaker?.onSuccess(call.permission));
    if (ok) this.finish(call.op, true);
    else this.failed(call.op, { kind: "status", status: msg.status });
  }

  onTimer(timer: CallerTimer): void {
    if (timer.type === "next") return this.startNext();
    if (timer.type === "retry") return this.attempt(this.operations[timer.op]);
    const id = attemptId(timer.op, timer.n);
    const call = this.inFlight.get(id);
    if (!call) return;
    this.inFlight.delete(id);
    this.finishAttempt(call, "timeout");
    if (call.permission) this.breaker?.onFailure(call.permission);
    this.failed(call.op, { kind: "timeout" });
  }

  private startNext(): void {
    const index = this.operations.length;
    const op: Operation = { index, startedAtMs: this.ctx.now(), attempts: [] };
    this.operations.push(op);
    const session = this.retry?.begin({ method: this.options.method ?? "GET", idempotencyKey: this.options.idempotencyKey?.(index) });
    if (session) this.sessions.set(index, session);
    if (index + 1 < this.options.operations) this.ctx.setTimer(this.options.everyMs, { type: "next" });
    this.attempt(op);
  }

  private attempt(op: Operation): void {
    const attempt: Attempt = { n: op.attempts.length + 1, startedAtMs: this.ctx.now() };
    op.attempts.push(attempt);
    const admission = this.breaker?.tryAcquire();
    if (admission?.permitted === false) {
      attempt.endedAtMs = attempt.startedAtMs;
      attempt.result = "rejected";
      return this.failed(op, { kind: "status", status: 503, retryAfterMs: admission.retryAfterMs });
    }
    const session = this.sessions.get(op.index);
    const timeoutMs = session ? Math.min(this.options.attemptTimeoutMs, session.remainingMs()) : this.options.attemptTimeoutMs;
    const id = attemptId(op.index, attempt.n);
    this.ctx.send(this.options.target ?? "n1", { type: "Request", id, method: this.options.method ?? "GET", path: `/op/${op.index}`, idempotencyKey: this.options.idempotencyKey?.(op.index) });
    const timer = this.ctx.setTimer(timeoutMs, { type: "timeout", op: op.index, n: attempt.n });
    this.inFlight.set(id, { op, attempt, permission: admission, timer });
  }

  private failed(op: Operation, failure: CallFailure): void {
    const session = this.sessions.get(op.index);
    if (!session) return this.finish(op, false, "no retries");
    const decision = session.onFailure(failure);
    if (decision.retry === false) return this.finish(op, false, decision.reason);
    this.ctx.setTimer(decision.delayMs, { type: "retry", op: op.index });
  }

  private finishAttempt(call: InFlight, result: AttemptResult, status?: number): void {
    call.attempt.endedAtMs = this.ctx.now();
    call.attempt.result = result;
    if (status !== undefined) call.attempt.status = status;
  }

  private finish(op: Operation, ok: boolean, why?: string): void {
    op.outcome = { ok, atMs: this.ctx.now(), ...(why ? { why } : {}) };
    this.sessions.delete(op.index);
  }
}

function attemptId(op: number, n: number): string {
  return `${op}.${n}`;
}
