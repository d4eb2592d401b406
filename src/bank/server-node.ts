/**
 * One bank server as the simulator (or the live host) sees it: a Raft node and the learner's
 * BankServer in one process, with the routing between them done here so the exercise is the
 * bank's logic alone. Client requests go to the BankServer, every other message to Raft; each
 * half sets timers through its own view of the context, and a timer comes back to the half that
 * set it; committed entries flow from Raft to `BankServer.onApply`.
 */
import type { BankConfig, BankReply, BankRequest, BankServerApi, BankServerConstructor } from "../contracts/bank";
import type { Json, NodeContext, NodeId, ProtocolNode } from "../contracts/node";
import { DEFAULT_RAFT_CONFIG, type ApplyMsg, type RaftConfig, type RaftMessageShape, type RaftNodeConstructor, type RaftPeer } from "../contracts/raft";

/** Whose timer it is, wrapped around the half's own timer payload. */
type TaggedTimer = { half: "raft" | "bank"; timer: Json };

export interface BankNodeOptions {
  Raft: RaftNodeConstructor;
  Server: BankServerConstructor;
  bank: BankConfig;
  raft?: RaftConfig;
}

export class BankServerNode implements ProtocolNode<BankRequest | RaftMessageShape, TaggedTimer> {
  readonly raft: RaftPeer;
  readonly server: BankServerApi;

  constructor(ctx: NodeContext<Json, TaggedTimer>, options: BankNodeOptions) {
    this.raft = new options.Raft(viewFor(ctx, "raft"), (msg: ApplyMsg) => this.server.onApply(msg), options.raft ?? DEFAULT_RAFT_CONFIG);
    this.server = new options.Server(viewFor(ctx, "bank") as NodeContext<BankRequest | BankReply, Json>, this.raft, options.bank);
  }

  onStart(): void {
    this.raft.onStart();
    this.server.onStart();
  }

  onRestart(): void {
    (this.raft.onRestart ?? this.raft.onStart).call(this.raft);
    (this.server.onRestart ?? this.server.onStart).call(this.server);
  }

  onMessage(from: NodeId, msg: BankRequest | RaftMessageShape): void {
    if (isBankRequest(msg)) this.server.onMessage(from, msg);
    else this.raft.onMessage(from, msg);
  }

  onTimer(tagged: TaggedTimer): void {
    if (tagged.half === "raft") this.raft.onTimer(tagged.timer);
    else this.server.onTimer(tagged.timer);
  }
}

export function isBankRequest(msg: BankRequest | RaftMessageShape): msg is BankRequest {
  return msg.type === "BankRequest";
}

/** The node's context as one half sees it: the same in every way, but its timers come back to it. */
function viewFor(ctx: NodeContext<Json, TaggedTimer>, half: TaggedTimer["half"]): NodeContext<any, Json> {
  return contextWithTimers(ctx, (timer) => ({ half, timer }));
}

/** `ctx` the same in every way, except that each timer's payload is wrapped by `wrap` (so a wrapper node can route it back). */
export function contextWithTimers<T>(ctx: NodeContext<Json, T>, wrap: (timer: Json) => T): NodeContext<any, Json> {
  return {
    id: ctx.id,
    peers: ctx.peers,
    storage: ctx.storage,
    now: () => ctx.now(),
    send: (to, msg) => ctx.send(to, msg),
    setTimer: (delayMs, timer) => ctx.setTimer(delayMs, wrap(timer)),
    cancelTimer: (id) => ctx.cancelTimer(id),
    random: () => ctx.random(),
    log: (text) => ctx.log(text),
    annotate: (state) => ctx.annotate(state),
  };
}
