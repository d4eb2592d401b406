/**
 * Servers that stamp every event, for notebook 02 (section 14.1, "time and order"). Each server
 * follows a script of local events and messages and stamps each event with its own wall clock
 * and with whichever logical clocks it is handed: the learner's Lamport, vector and hybrid
 * logical clocks from exercises/week1/clocks.ts. A demo, not an exercise: it calls the clocks
 * through their contracts and never implements one, so with the stubs a run stops at the first
 * stamp with "not implemented", and with no clocks at all it still shows the wall clocks.
 *
 * Every event is recorded with the true time (the simulator's virtual time, which no server can
 * read), the server's own clock reading, and its immediate causes (the previous event on the same
 * server, and for a receive the send), so the notebook can hold each clock against the truth.
 */
import type { HlcTimestamp, HybridLogicalClockApi, LamportClockApi, VectorClockApi, VectorTimestamp } from "../../contracts/clocks";
import type { NodeContext, NodeId, ProtocolNode } from "../../contracts/node";
import { Simulation, type NetworkConfig } from "../../sim";

/** The clocks each server gets, as factories (one clock per server). Leave one out to skip it. */
export interface ClockKit {
  lamport?: () => LamportClockApi;
  vector?: (node: NodeId) => VectorClockApi;
  hlc?: () => HybridLogicalClockApi;
}

/** What each clock of the kit said at one event (and what a message carries). */
export interface Stamps {
  lamport?: number;
  vector?: VectorTimestamp;
  hlc?: HlcTimestamp;
}

export interface StampedEvent {
  /** The server and its event number: "A1", "A2", "B1"... */
  id: string;
  node: NodeId;
  name: string;
  kind: "local" | "receive";
  /** The simulator's time: what really happened when. No server can read it. */
  trueMs: number;
  /** The server's own clock at the event, skew included. */
  wallMs: number;
  /** Immediate causes: the server's previous event, and for a receive the send. */
  causes: string[];
  stamps: Stamps;
}

/** At true time `atMs`, server `node` does `name`, and sends `message` to each of `sendTo`. */
export interface ScriptedAction {
  atMs: number;
  node: NodeId;
  name: string;
  sendTo?: NodeId[];
  /** The message's type, drawn on its arrow (default: the action's name). */
  message?: string;
  /** What the receiver's event is called (default "got <message>"). */
  receivedAs?: string;
}

export interface ClockServer {
  id: NodeId;
  /** The server's clock reading when the true time is 0. */
  clockAtStartMs: number;
}

export interface ClockRunOptions {
  seed: number;
  servers: readonly ClockServer[];
  script: readonly ScriptedAction[];
  kit?: ClockKit;
  network?: Partial<NetworkConfig>;
}

export interface ClockRun {
  sim: Simulation;
  /** Every event, in the order it happened. */
  events: StampedEvent[];
}

type StampedMessage = { type: string; receivedAs: string; sentBy: string; stamps: Stamps };

/** What a server reports about each of its events; the harness adds the true time. */
type Recorder = (event: Omit<StampedEvent, "trueMs">) => void;

export class StampingServer implements ProtocolNode<StampedMessage, never> {
  private readonly lamport: LamportClockApi | undefined;
  private readonly vector: VectorClockApi | undefined;
  private readonly hlc: HybridLogicalClockApi | undefined;
  private eventsSoFar = 0;
  private lastEventId: string | undefined;

  constructor(
    private readonly ctx: NodeContext<StampedMessage, never>,
    kit: ClockKit,
    private readonly record: Recorder,
  ) {
    this.lamport = kit.lamport?.();
    this.vector = kit.vector?.(ctx.id);
    this.hlc = kit.hlc?.();
  }

  onStart(): void {}

  onTimer(): void {}

  /** A scripted local event: stamp it, then send its stamps with every message. */
  act(action: ScriptedAction): void {
    const wallMs = this.ctx.now();
    const stamps = compact({ lamport: this.lamport?.tick(), vector: this.vector?.tick(), hlc: this.hlc?.now(wallMs) });
    const id = this.happened(action.name, "local", wallMs, [], stamps);
    const type = action.message ?? action.name;
    for (const to of action.sendTo ?? []) this.ctx.send(to, { type, receivedAs: action.receivedAs ?? `got ${type}`, sentBy: id, stamps });
  }

  onMessage(_from: NodeId, msg: StampedMessage): void {
    const wallMs = this.ctx.now();
    const remote = msg.stamps;
    const stamps = compact({
      lamport: remote.lamport === undefined ? undefined : this.lamport?.receive(remote.lamport),
      vector: remote.vector === undefined ? undefined : this.vector?.receive(remote.vector),
      hlc: remote.hlc === undefined ? undefined : this.hlc?.receive(remote.hlc, wallMs),
    });
    this.happened(msg.receivedAs, "receive", wallMs, [msg.sentBy], stamps);
  }

  private happened(name: string, kind: StampedEvent["kind"], wallMs: number, remoteCauses: string[], stamps: Stamps): string {
    const id = `${this.ctx.id}${++this.eventsSoFar}`;
    const causes = this.lastEventId === undefined ? remoteCauses : [this.lastEventId, ...remoteCauses];
    this.lastEventId = id;
    this.ctx.log(`${id} ${name}`);
    this.record({ id, node: this.ctx.id, name, kind, wallMs, causes, stamps });
    return id;
  }
}

/** The stamps without the clocks that were not given (a message carries plain JSON only). */
function compact(stamps: Stamps): Stamps {
  const out: Stamps = {};
  if (stamps.lamport !== undefined) out.lamport = stamps.lamport;
  if (stamps.vector !== undefined) out.vector = stamps.vector;
  if (stamps.hlc !== undefined) out.hlc = stamps.hlc;
  return out;
}

/** Run `script` on the servers with their skewed clocks until every message has arrived. */
export function runClocks(options: ClockRunOptions): ClockRun {
  const sim = new Simulation({ seed: options.seed, network: options.network });
  const events: StampedEvent[] = [];
  const record: Recorder = (event) => events.push({ ...event, trueMs: sim.now });
  for (const server of options.servers) {
    sim.addNode(server.id, (ctx) => new StampingServer(ctx as NodeContext<StampedMessage, never>, options.kit ?? {}, record), "server");
    sim.setClock(server.id, server.clockAtStartMs);
  }
  for (const action of options.script) {
    sim.at(action.atMs, action.name, () => sim.call<StampingServer, void>(action.node, action.name, (server) => server.act(action)));
  }
  while (sim.step()) {
    // Nothing repeats (no timers), so the run ends when the last message has arrived.
  }
  return { sim, events };
}
