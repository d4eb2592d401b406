/**
 * How a traitor among the Byzantine generals lies: a strategy decides, for each recipient, what
 * the traitor tells it (an order, or nothing at all). The list is enumerated and deterministic,
 * so notebook 06 and its tests can run every traitor with every strategy; the only random one
 * draws from the traitor's own seeded stream, so it too replays exactly from its seed.
 *
 * Besides the named strategies, `everyLie` lists every possible pattern of messages a traitor
 * can send to a given set of recipients (attack, retreat or silence to each): in one round of
 * OM(1) that is everything a traitor can do, however clever, so running all of them is
 * exhaustive for the small case.
 */
import type { NodeId } from "../../contracts/node";

export type Order = "attack" | "retreat";

/** What a lieutenant assumes when a message never arrives (the paper's default). */
export const DEFAULT_ORDER: Order = "retreat";

export interface LieInput {
  /** The recipient, and its position in the traitor's list of recipients. */
  to: NodeId;
  index: number;
  /** What an honest general would send here. */
  truth: Order;
  /** The traitor's own seeded random stream. */
  random: () => number;
}

export interface LieStrategy {
  name: string;
  /** What the traitor sends to `input.to`; null sends nothing. */
  tell(input: LieInput): Order | null;
}

export function opposite(order: Order): Order {
  return order === "attack" ? "retreat" : "attack";
}

/** Everything a traitor can send one recipient in one round: an order, or nothing. */
const EVERY_MESSAGE: readonly (Order | null)[] = ["attack", "retreat", null];

/** The named strategies, in the order the notebook's tables list them. */
export const LIES: readonly LieStrategy[] = [
  { name: "silent", tell: () => null },
  { name: "flip", tell: ({ truth }) => opposite(truth) },
  { name: "always attack", tell: () => "attack" },
  { name: "always retreat", tell: () => "retreat" },
  { name: "equivocate", tell: ({ index }) => (index % 2 === 0 ? "attack" : "retreat") },
  { name: "random", tell: ({ random }) => EVERY_MESSAGE[Math.floor(random() * EVERY_MESSAGE.length)] },
];

export function lieNamed(name: string): LieStrategy {
  const lie = LIES.find((candidate) => candidate.name === name);
  if (!lie) throw new RangeError(`no lie strategy named "${name}" (known: ${LIES.map((l) => l.name).join(", ")})`);
  return lie;
}

/** A fixed script: exactly `byRecipient[to]` to each recipient (null or missing: nothing). */
export function scriptedLie(byRecipient: Readonly<Record<NodeId, Order | null>>): LieStrategy {
  const name = Object.entries(byRecipient)
    .map(([to, value]) => `${to}:${value ?? "-"}`)
    .join(" ");
  return { name, tell: ({ to }) => byRecipient[to] ?? null };
}

/** Every script a traitor can follow towards `recipients`: 3^k of them (attack, retreat or nothing to each). */
export function everyLie(recipients: readonly NodeId[]): LieStrategy[] {
  let scripts: Record<NodeId, Order | null>[] = [{}];
  for (const to of recipients) {
    scripts = scripts.flatMap((script) => EVERY_MESSAGE.map((value) => ({ ...script, [to]: value })));
  }
  return scripts.map(scriptedLie);
}
