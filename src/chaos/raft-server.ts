/**
 * One server of the Raft chaos target: a week-1 RaftNode (the reference or yours) with the
 * smallest client protocol on top. A client proposes a command; a server that does not lead
 * answers NOT_LEADER at once (nothing was appended, so the client may try another); the leader
 * answers OK when it applies the command, that is once the command is committed. A command is
 * never retried once a server took it: without client sessions (week 4's bank has them) a retry
 * could commit twice, and an acknowledged command must be in the log exactly once.
 */
import type { Json, NodeContext, NodeId, ProtocolNode } from "../contracts/node";
import { DEFAULT_RAFT_CONFIG, type ApplyMsg, type RaftMessageShape, type RaftNodeConstructor, type RaftPeer } from "../contracts/raft";
import { contextWithTimers } from "../bank/server-node";

/** What the cluster's log holds: a client's command, named so the integrity check can find it. */
export interface ChaosCommand {
  id: string;
  client: NodeId;
}

export interface Propose {
  type: "Propose";
  command: ChaosCommand;
}

export interface ProposeReply {
  type: "ProposeReply";
  id: string;
  status: "OK" | "NOT_LEADER";
}

export function isChaosCommand(command: Json): command is ChaosCommand & Json {
  return typeof command === "object" && command !== null && !Array.isArray(command) && typeof command.id === "string" && typeof command.client === "string";
}

export class RaftServerNode implements ProtocolNode<Propose | RaftMessageShape, Json> {
  readonly raft: RaftPeer;
  /** Commands this incarnation took, by id, and who proposed them: answered when applied. */
  private readonly waiting = new Map<string, NodeId>();

  constructor(private readonly ctx: NodeContext<any, Json>, Raft: RaftNodeConstructor) {
    // The Raft node is the only half that sets timers: its timers come back to it unchanged.
    this.raft = new Raft(contextWithTimers(ctx, (timer) => timer), (msg) => this.onApply(msg), DEFAULT_RAFT_CONFIG);
  }

  onStart(): void {
    this.raft.onStart();
  }

  onRestart(): void {
    (this.raft.onRestart ?? this.raft.onStart).call(this.raft);
  }

  onMessage(from: NodeId, msg: Propose | RaftMessageShape): void {
    if (msg.type !== "Propose") return this.raft.onMessage(from, msg);
    const { command } = msg as Propose;
    // Waiting first: a RaftNode may apply within start() (a one-server cluster commits at once).
    this.waiting.set(command.id, from);
    if (!this.raft.start(command as ChaosCommand & Json).isLeader) {
      this.waiting.delete(command.id);
      this.ctx.send(from, { type: "ProposeReply", id: command.id, status: "NOT_LEADER" });
    }
  }

  onTimer(timer: Json): void {
    this.raft.onTimer(timer);
  }

  private onApply(msg: ApplyMsg): void {
    if (!isChaosCommand(msg.command)) return;
    const client = this.waiting.get(msg.command.id);
    if (client === undefined) return;
    this.waiting.delete(msg.command.id);
    this.ctx.send(client, { type: "ProposeReply", id: msg.command.id, status: "OK" });
  }
}
