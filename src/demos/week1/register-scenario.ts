/**
 * The CAP experiment of notebook 01: clients on both sides of a partition write and read one
 * register (CP or AP, src/demos/week1/registers.ts), and every operation goes into a history
 * the linearizability checker can judge.
 *
 * Each client talks to one server of its own and sits on that server's side of the partition:
 * the chapter's "1,2|3,4,5" with c1 at n1 becomes "n1,n2,c1|n3,n4,n5,c2". Outcomes recorded:
 * an answer is ok; a definite refusal is fail (it did not take effect); a maybe-refusal or no
 * answer at all is info (it may have taken effect, or may still).
 */
import type { Json, NodeContext, NodeId, ProtocolNode } from "../../contracts/node";
import type { History } from "../../check/history";
import { HistoryRecorder } from "../../check/history-recorder";
import type { RegisterInput } from "../../check/models";
import { parseGroups } from "../../sim/partition";
import { Simulation } from "../../sim/simulation";
import type { TraceEvent } from "../../sim/trace";
import { ApRegisterNode, CpRegisterNode, type RegisterReply, type RegisterRequest } from "./registers";

export type RegisterKind = "CP" | "AP";

export type RegisterStep = { atMs: number; f: "write"; value: string } | { atMs: number; f: "read" };

export interface RegisterClientPlan {
  id: NodeId;
  /** The one server this client sends its requests to. */
  server: NodeId;
  steps: RegisterStep[];
}

export interface RegisterScenario {
  seed: number;
  /** The chapter's notation, servers only: clients join their server's side. */
  partition: string;
  partitionAtMs: number;
  healAtMs: number;
  endMs: number;
  clients: RegisterClientPlan[];
  /** How long a client waits before it gives up (default 300 ms). */
  clientTimeoutMs?: number;
}

/** What one client saw of one operation, in words. */
export interface SeenOperation {
  client: NodeId;
  /** Its position in the client's plan (0, 1, 2, ...): the same step in two runs. */
  step: number;
  server: NodeId;
  callMs: number;
  operation: string;
  answer: string;
}

export interface RegisterRun {
  /** The register's name: CP, AP, or a quorum register's (week 2). */
  kind: string;
  history: History<RegisterInput, Json>;
  seen: SeenOperation[];
  events: TraceEvent[];
}

type ClientTimer = { type: "next" } | { type: "give-up"; req: string };

/** Works through its steps one at a time, each no earlier than its `atMs`. */
export class RegisterClient implements ProtocolNode<RegisterReply, ClientTimer> {
  private position = 0;
  private current: { req: string; historyId: number; seen: SeenOperation } | undefined;

  constructor(
    private readonly ctx: NodeContext<RegisterRequest | RegisterReply, ClientTimer>,
    private readonly plan: RegisterClientPlan,
    private readonly recorder: HistoryRecorder<RegisterInput, Json>,
    private readonly seen: SeenOperation[],
    private readonly timeoutMs: number,
  ) {}

  onStart(): void {
    this.scheduleNext();
  }

  onMessage(_from: NodeId, reply: RegisterReply): void {
    const current = this.current;
    if (!current || reply.req !== current.req) return; // an answer the client stopped waiting for
    if (reply.type === "ReadOk") this.recorder.ok(current.historyId, reply.value, this.ctx.now());
    else if (reply.type === "WriteOk") this.recorder.ok(current.historyId, null, this.ctx.now());
    else if (reply.definite) this.recorder.fail(current.historyId, this.ctx.now());
    else this.recorder.info(current.historyId);
    this.finish(reply.type === "ReadOk" ? `read ${reply.value ?? "nothing"}` : reply.type === "WriteOk" ? "ok" : `unavailable: ${reply.why}`);
  }

  onTimer(timer: ClientTimer): void {
    if (timer.type === "next") return this.run(this.position++);
    if (!this.current || this.current.req !== timer.req) return;
    this.recorder.info(this.current.historyId);
    this.finish(`no answer within ${this.timeoutMs} ms`);
  }

  private run(position: number): void {
    const step = this.plan.steps[position];
    const req = `${this.ctx.id}:${position}`;
    const input: RegisterInput = step.f === "write" ? { f: "write", value: step.value } : { f: "read" };
    const historyId = this.recorder.invoke(this.ctx.id, input, this.ctx.now());
    const operation = step.f === "write" ? `write ${step.value}` : "read";
    this.current = { req, historyId, seen: { client: this.ctx.id, step: position, server: this.plan.server, callMs: this.ctx.now(), operation, answer: "" } };
    this.ctx.send(this.plan.server, step.f === "write" ? { type: "Write", req, value: step.value } : { type: "Read", req });
    this.ctx.setTimer(this.timeoutMs, { type: "give-up", req });
  }

  private finish(answer: string): void {
    this.seen.push({ ...(this.current as { seen: SeenOperation }).seen, answer });
    this.current = undefined;
    this.scheduleNext();
  }

  private scheduleNext(): void {
    const step = this.plan.steps[this.position];
    if (step) this.ctx.setTimer(Math.max(0, step.atMs - this.ctx.now()), { type: "next" });
  }
}

/** The chapter's September, as notebook 01 stages it: before the partition c1 writes A and c2 reads; the network splits at 200 ms; both write and read; it heals at 900 ms; both read again. */
export function septemberScenario(seed: number): RegisterScenario {
  return {
    seed,
    partition: "1,2|3,4,5",
    partitionAtMs: 200,
    healAtMs: 900,
    endMs: 1400,
    clients: [
      { id: "c1", server: "n1", steps: [{ atMs: 50, f: "write", value: "A" }, { atMs: 300, f: "write", value: "B" }, { atMs: 650, f: "read" }, { atMs: 1200, f: "read" }] },
      { id: "c2", server: "n4", steps: [{ atMs: 120, f: "read" }, { atMs: 350, f: "write", value: "C" }, { atMs: 650, f: "read" }, { atMs: 1200, f: "read" }] },
    ],
  };
}

/** Five servers running the chosen register, the scenario's clients, the partition and the heal. */
export function runRegisterScenario(kind: RegisterKind, scenario: RegisterScenario): RegisterRun {
  return runRegisterServers(kind, (ctx) => (kind === "CP" ? new CpRegisterNode(ctx) : new ApRegisterNode(ctx)), scenario);
}

/** The same experiment with any register that answers RegisterRequests (week 2's quorum register). */
export function runRegisterServers(kind: string, makeServer: (ctx: NodeContext<any, any>) => ProtocolNode<any, any>, scenario: RegisterScenario): RegisterRun {
  const sim = new Simulation({ seed: scenario.seed, network: { delay: { kind: "uniform", msMin: 5, msMax: 15 } } });
  sim.addServers(5, makeServer);
  const recorder = new HistoryRecorder<RegisterInput, Json>();
  const seen: SeenOperation[] = [];
  for (const plan of scenario.clients) {
    sim.addNode(plan.id, (ctx) => new RegisterClient(ctx, plan, recorder, seen, scenario.clientTimeoutMs ?? 300));
  }
  const partition = withClients(scenario.partition, sim.servers, scenario.clients);
  sim.at(scenario.partitionAtMs, "partition", () => sim.partition(partition));
  sim.at(scenario.healAtMs, "heal", () => sim.heal());
  sim.runUntilTime(scenario.endMs);
  seen.sort((a, b) => a.callMs - b.callMs || a.client.localeCompare(b.client));
  return { kind, history: recorder.history(), seen, events: sim.trace.events };
}

/** "1,2|3,4,5" with c1 talking to n1 and c2 to n4: "n1,n2,c1|n3,n4,n5,c2". */
export function withClients(spec: string, servers: readonly NodeId[], clients: readonly RegisterClientPlan[]): string {
  const groups = parseGroups(spec, servers);
  for (const client of clients) {
    const side = groups.find((group) => group.includes(client.server));
    if (side) side.push(client.id);
  }
  return groups.map((group) => group.join(",")).join("|");
}

/** The value each server held at `atMs` (from what they annotated), "-" before any. */
export function heldValues(events: readonly TraceEvent[], servers: readonly NodeId[], atMs: number): Record<NodeId, string> {
  const held: Record<NodeId, string> = {};
  for (const id of servers) held[id] = "-";
  for (const event of events) {
    if (event.t > atMs) break;
    if (event.kind === "annotate" && typeof event.state.holds === "string" && event.node in held) held[event.node] = event.state.holds;
  }
  return held;
}
