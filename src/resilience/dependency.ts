/**
 * A simulated dependency that fails, slows down and recovers on a schedule: the remote service
 * behind every resilience demo and test. It is a simulator node ("n1"); callers send it
 * `Request`s and it answers each with a `Response` carrying an HTTP status.
 *
 * Its health is a list of phases by virtual time ("healthy from 0, failing 80% from 2 s, slow
 * from 5 s, healthy again from 9 s"). A phase may also limit how many requests it works on at
 * once (`concurrencyMax`): one more is shed at once with a 503, as an overloaded server does, so
 * a storm of retries shows up as failures. Every arrival is kept in `arrivals` for load charts.
 */
import type { NodeContext, NodeId, ProtocolNode } from "../contracts/node";
import type { HttpMethod } from "../contracts/resilience";

export interface HealthPhase {
  /** The phase starts at this virtual time and lasts until the next phase starts. */
  fromMs: number;
  /** A word for pictures: "healthy", "failing", "slow", "down"... */
  name: string;
  /** Share of requests answered with `failureStatus` (0 to 1). */
  failureRate: number;
  /**
   * Instead of chance, a fixed pattern of answers, repeated: "FFFFS" fails four requests of the
   * phase, then answers one, and so on (what the chapter's consecutive count cannot see).
   */
  pattern?: string;
  /** What a failure answers (default 503). */
  failureStatus?: number;
  /** How long a request takes, drawn uniformly between the two. */
  latencyMsMin: number;
  latencyMsMax: number;
  /** Requests worked on at once; more are shed at once with 503 (default: no limit). */
  concurrencyMax?: number;
  /** A hung dependency: requests are taken and never answered (default false). */
  unresponsive?: boolean;
}

export type DependencyRequest = { type: "Request"; id: string; method: HttpMethod; path: string; idempotencyKey?: string };
export type DependencyResponse = { type: "Response"; id: string; status: number };
export type DependencyMessage = DependencyRequest | DependencyResponse;

type ReplyTimer = { type: "reply"; to: NodeId; id: string; status: number };

/** One request as the dependency saw it. */
export interface Arrival {
  atMs: number;
  from: NodeId;
  id: string;
  phase: string;
  /** What it answered (undefined: never, the dependency was unresponsive). "shed" answers 503 at once. */
  status: number | undefined;
  shed: boolean;
}

export const HEALTHY: Omit<HealthPhase, "fromMs"> = { name: "healthy", failureRate: 0, latencyMsMin: 5, latencyMsMax: 15 };

export class FlakyDependency implements ProtocolNode<DependencyMessage, ReplyTimer> {
  readonly arrivals: Arrival[] = [];
  private working = 0;
  private readonly answeredInPhase = new Map<HealthPhase, number>();

  constructor(
    private readonly ctx: NodeContext<DependencyMessage, ReplyTimer>,
    private readonly phases: readonly HealthPhase[] = [{ fromMs: 0, ...HEALTHY }],
  ) {}

  onStart(): void {}

  onMessage(from: NodeId, msg: DependencyMessage): void {
    if (msg.type !== "Request") return;
    const now = this.ctx.now();
    const phase = this.phaseAt(now);
    const arrival: Arrival = { atMs: now, from, id: msg.id, phase: phase.name, status: undefined, shed: false };
    this.arrivals.push(arrival);
    if (phase.unresponsive) return;
    if (phase.concurrencyMax !== undefined && this.working >= phase.concurrencyMax) {
      arrival.status = 503;
      arrival.shed = true;
      this.ctx.send(from, { type: "Response", id: msg.id, status: 503 });
      return;
    }
    arrival.status = this.fails(phase) ? (phase.failureStatus ?? 503) : 200;
    this.working++;
    const latencyMs = phase.latencyMsMin + this.ctx.random() * (phase.latencyMsMax - phase.latencyMsMin);
    this.ctx.setTimer(latencyMs, { type: "reply", to: from, id: msg.id, status: arrival.status });
  }

  onTimer(timer: ReplyTimer): void {
    this.working--;
    this.ctx.send(timer.to, { type: "Response", id: timer.id, status: timer.status });
  }

  private fails(phase: HealthPhase): boolean {
    if (!phase.pattern) return this.ctx.random() < phase.failureRate;
    const seen = this.answeredInPhase.get(phase) ?? 0;
    this.answeredInPhase.set(phase, seen + 1);
    return phase.pattern[seen % phase.pattern.length] === "F";
  }

  /** The phase in force at `atMs`. */
  phaseAt(atMs: number): HealthPhase {
    let current = this.phases[0];
    for (const phase of this.phases) if (phase.fromMs <= atMs) current = phase;
    return current;
  }
}
