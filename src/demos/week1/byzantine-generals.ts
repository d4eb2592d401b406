/**
 * The Byzantine generals of Lamport, Shostak and Pease (1982) with oral messages and one round
 * of relaying, OM(1), as simulator nodes. A demo for notebook 06 (Byzantine faults), not an
 * exercise.
 *
 * Round 1: the commander C sends its order to every lieutenant. Round 2: every lieutenant tells
 * every other lieutenant what C told it. At the end of round 2 a lieutenant decides by majority
 * over what it heard: C's order to itself and the other lieutenants' relays, a message that
 * never came counting as "retreat". A tie (possible only with 2 lieutenants) goes to "retreat",
 * the paper's rule, or to what C said, the other natural rule: notebook 06 shows that each of the
 * two fails with 3 generals, in a different way.
 *
 * OM(1) assumes what the simulator gives here: synchronous rounds (every message of a round
 * arrives before the round ends, so a missing message means a traitor stayed silent) and
 * receivers that know who sent each message (the simulator's `from`), though not whether what
 * it says is true. A traitor runs the same code with a lie strategy choosing what it sends.
 */
import type { NodeContext, NodeId, ProtocolNode } from "../../contracts/node";
import { DEFAULT_ORDER, type LieStrategy, type Order } from "./byzantine-lies";

export const COMMANDER: NodeId = "C";

/** Longer than the network's largest delay (see GENERALS_NETWORK), so rounds are synchronous. */
export const ROUND_MS = 10;

export type TieBreak = "retreat" | "commander";

export type GeneralsMsg = { type: "Order"; value: Order } | { type: "Relay"; value: Order };
type GeneralsTimer = { type: "relay" } | { type: "decide" };
type Ctx = NodeContext<GeneralsMsg, GeneralsTimer>;

export class Commander implements ProtocolNode<GeneralsMsg, GeneralsTimer> {
  constructor(
    private readonly ctx: Ctx,
    private readonly order: Order,
    private readonly lie: LieStrategy | null,
  ) {}

  onStart(): void {
    sendToEach(this.ctx, this.ctx.peers, "Order", this.order, this.lie);
  }

  onMessage(): void {} // the commander has spoken; OM(1) asks nothing more of it

  onTimer(): void {}
}

export interface LieutenantOptions {
  lie: LieStrategy | null;
  tieBreak: TieBreak;
}

export class Lieutenant implements ProtocolNode<GeneralsMsg, GeneralsTimer> {
  /** What this lieutenant decided at the end of round 2 (a traitor's decision does not count, so it has none). */
  decision: Order | undefined;
  private fromCommander: Order | undefined;
  private readonly relayed = new Map<NodeId, Order>();
  private round = 1;

  constructor(
    private readonly ctx: Ctx,
    private readonly options: LieutenantOptions,
  ) {}

  onStart(): void {
    this.ctx.setTimer(ROUND_MS, { type: "relay" });
    this.ctx.setTimer(2 * ROUND_MS, { type: "decide" });
  }

  onMessage(from: NodeId, msg: GeneralsMsg): void {
    // Only the first message of the right kind from each sender, in its own round, counts:
    // a traitor that sends more cannot get two votes.
    if (msg.type === "Order" && from === COMMANDER && this.round === 1 && this.fromCommander === undefined) {
      this.fromCommander = msg.value;
    } else if (msg.type === "Relay" && from !== COMMANDER && this.round === 2 && !this.relayed.has(from)) {
      this.relayed.set(from, msg.value);
    }
  }

  onTimer(timer: GeneralsTimer): void {
    if (timer.type === "relay") {
      this.round = 2;
      sendToEach(this.ctx, this.otherLieutenants(), "Relay", this.heardFromCommander(), this.options.lie);
    } else {
      this.round = 3;
      if (this.options.lie === null) this.decide();
    }
  }

  private decide(): void {
    const own = this.heardFromCommander();
    const votes = [own, ...this.otherLieutenants().map((other) => this.relayed.get(other) ?? DEFAULT_ORDER)];
    this.decision = majority(votes, this.options.tieBreak === "commander" ? own : DEFAULT_ORDER);
    this.ctx.annotate({ decision: this.decision });
    this.ctx.log(`decides ${this.decision}`);
  }

  private heardFromCommander(): Order {
    return this.fromCommander ?? DEFAULT_ORDER;
  }

  private otherLieutenants(): NodeId[] {
    return this.ctx.peers.filter((peer) => peer !== COMMANDER);
  }
}

/** The value most of `votes` name; `onTie` when attack and retreat are equally many. */
export function majority(votes: readonly Order[], onTie: Order): Order {
  const attacks = votes.filter((vote) => vote === "attack").length;
  const retreats = votes.length - attacks;
  return attacks > retreats ? "attack" : retreats > attacks ? "retreat" : onTie;
}

/** Send `truth` to each recipient, or, for a traitor, whatever its lie tells that recipient. */
function sendToEach(ctx: Ctx, recipients: readonly NodeId[], type: GeneralsMsg["type"], truth: Order, lie: LieStrategy | null): void {
  recipients.forEach((to, index) => {
    const value = lie ? lie.tell({ to, index, truth, random: () => ctx.random() }) : truth;
    if (value !== null) ctx.send(to, { type, value });
  });
}
