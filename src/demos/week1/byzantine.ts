/**
 * Byzantine generals on the simulator: run OM(1) (byzantine-generals.ts) with one traitor, check
 * the interactive consistency conditions, and enumerate every configuration of the small case.
 * A demo for notebook 06, not an exercise.
 *
 *   IC1 (agreement): all loyal lieutenants decide the same order.
 *   IC2 (validity):  if the commander is loyal, every loyal lieutenant decides the commander's order.
 *
 * With 3 generals and one traitor some configuration breaks one of them, whatever the tie rule;
 * with 4 generals none does, whoever the traitor is and whatever it sends. That is the smallest
 * instance of "n > 3f", not a proof of it: the proof covers every algorithm, this runs one.
 */
import type { Json, NodeId } from "../../contracts/node";
import { Simulation, deriveSeed, type TraceEvent } from "../../sim";
import { COMMANDER, Commander, Lieutenant, ROUND_MS, type GeneralsMsg, type TieBreak } from "./byzantine-generals";
import { LIES, everyLie, type LieStrategy, type Order } from "./byzantine-lies";

/** Every message of a round arrives within it (delays below ROUND_MS), and none is lost. */
export const GENERALS_NETWORK = { delay: { kind: "uniform" as const, msMin: 1, msMax: 8 }, dropRate: 0, duplicateRate: 0 };

export interface GeneralsSetup {
  /** How many generals, the commander included (3 or 4 in the notebook). */
  generals: number;
  /** The order a loyal commander gives (a traitor commander lies about it as its strategy says). */
  order: Order;
  /** The one traitor ("C", "L1", ...), or null for none. */
  traitor: NodeId | null;
  lie: LieStrategy;
  tieBreak: TieBreak;
  seed: number;
}

export interface GeneralsOutcome {
  setup: GeneralsSetup;
  /** What each loyal lieutenant decided. */
  decisions: Record<NodeId, Order>;
  /** IC1: the loyal lieutenants all decided the same. */
  agreement: boolean;
  /** IC2: a loyal commander's order was followed by every loyal lieutenant (true when the commander is the traitor: nothing to follow). */
  validity: boolean;
  events: readonly TraceEvent[];
}

/** "C", "L1", "L2", ...: the commander and its lieutenants. */
export function generalNames(generals: number): NodeId[] {
  return [COMMANDER, ...Array.from({ length: generals - 1 }, (_, i) => `L${i + 1}`)];
}

export function runGenerals(setup: GeneralsSetup): GeneralsOutcome {
  const sim = new Simulation({ seed: setup.seed, network: GENERALS_NETWORK });
  const lieOf = (id: NodeId) => (id === setup.traitor ? setup.lie : null);
  for (const id of generalNames(setup.generals)) {
    if (id === COMMANDER) sim.addNode(id, (ctx) => new Commander(ctx, setup.order, lieOf(id)), "server");
    else sim.addNode(id, (ctx) => new Lieutenant(ctx, { lie: lieOf(id), tieBreak: setup.tieBreak }), "server");
  }
  sim.runFor(3 * ROUND_MS); // both rounds, and the decisions at the end of the second
  const decisions: Record<NodeId, Order> = {};
  for (const id of loyalLieutenants(setup)) decisions[id] = sim.node<Lieutenant>(id)?.decision as Order;
  const decided = Object.values(decisions);
  return {
    setup,
    decisions,
    agreement: decided.every((order) => order === decided[0]),
    validity: setup.traitor === COMMANDER || decided.every((order) => order === setup.order),
    events: sim.trace.events,
  };
}

/** The lieutenants that are not the traitor: also exactly whom the traitor sends messages to in OM(1). */
export function loyalLieutenants(setup: Pick<GeneralsSetup, "generals" | "traitor">): NodeId[] {
  return generalNames(setup.generals).filter((id) => id !== COMMANDER && id !== setup.traitor);
}

export interface EnumerationOptions {
  generals: number;
  tieBreak?: TieBreak;
  /** "named": the strategies of LIES (default); "every script": every pattern of messages the traitor can send (everyLie). */
  lies?: "named" | "every script";
  /** Each configuration's seed is derived from this and the configuration's label. */
  baseSeed: number;
}

/** Every traitor x every lie strategy x both orders, each with its own seed. */
export function everyConfiguration(options: EnumerationOptions): GeneralsSetup[] {
  const setups: GeneralsSetup[] = [];
  for (const traitor of generalNames(options.generals)) {
    const lies = options.lies === "every script" ? everyLie(loyalLieutenants({ generals: options.generals, traitor })) : LIES;
    for (const lie of lies) {
      for (const order of ["attack", "retreat"] as const) {
        const label = `${options.generals} generals, ${traitor} ${lie.name}, order ${order}`;
        setups.push({ generals: options.generals, order, traitor, lie, tieBreak: options.tieBreak ?? "retreat", seed: deriveSeed(options.baseSeed, label) });
      }
    }
  }
  return setups;
}

/** What `node` received, in order: "from C: Order attack". Two runs with equal lists look the same to OM(1)'s decision at that node. */
export function viewOf(events: readonly TraceEvent[], node: NodeId): string[] {
  return events.flatMap((e) => (e.kind === "deliver" && e.to === node ? [`from ${e.from}: ${describeMsg(e.msg)}`] : []));
}

/** The trace with each message's value in its type, so a space-time diagram's labels read "Order attack". */
export function withValuesInLabels(events: readonly TraceEvent[]): TraceEvent[] {
  return events.map((e) => (e.kind === "deliver" || e.kind === "drop" ? { ...e, msg: { ...(e.msg as object), type: describeMsg(e.msg) } } : e));
}

function describeMsg(msg: Json): string {
  const { type, value } = msg as GeneralsMsg;
  return `${type} ${value}`;
}
