/**
 * The chapter's three servers and the scripts notebook 02 runs on them (section 14.1, "clock
 * synchronization"). Read at one instant, the chapter's clocks say A 14:30:45.123, B 14:30:45.890
 * and C 14:30:44.456: B is 767 ms ahead of A and C 667 ms behind (1,434 ms behind B). Here A's
 * clock is the right one, and that instant is true time 123 ms.
 */
import type { NodeId } from "../../contracts/node";
import { Rng } from "../../sim";
import type { ClockServer, ScriptedAction } from "./clock-run";

/** True time 0 of every run: 14:30:45.000, in milliseconds since midnight. */
export const TRUE_START_MS = ((14 * 60 + 30) * 60 + 45) * 1000;

/** How far each server's clock is off the true time. */
export const CHAPTER_SKEWS_MS: { readonly [server: NodeId]: number } = { A: 0, B: 767, C: -667 };

export const CHAPTER_SERVERS: readonly ClockServer[] = Object.entries(CHAPTER_SKEWS_MS).map(([id, skewMs]) => ({ id, clockAtStartMs: TRUE_START_MS + skewMs }));

/** Messages take 20 to 60 ms: slow enough to see the arrows slant. */
export const SHOP_NETWORK = { delay: { kind: "uniform" as const, msMin: 20, msMax: 60 } };

/**
 * User 42 signs in on A (the login server) at the very instant a purchase goes through on B (the
 * shop); both are the chapter's log lines. The login's session reaches B; a second purchase uses
 * it. Each purchase has C (payments) charge a card. A is never told about the charges.
 */
export const SHOP_SCRIPT: readonly ScriptedAction[] = [
  { atMs: 123, node: "A", name: "user_login", sendTo: ["B"], message: "session", receivedAs: "got session" },
  { atMs: 123, node: "B", name: "purchase_item #1", sendTo: ["C"], message: "charge", receivedAs: "charge_card #1" },
  { atMs: 400, node: "B", name: "purchase_item #2", sendTo: ["C"], message: "charge", receivedAs: "charge_card #2" },
  { atMs: 600, node: "A", name: "user_logout" },
];

export interface GossipOptions {
  seed: number;
  servers: readonly NodeId[];
  durationMs: number;
  /** Every server does one local event each `everyMs`, all at the same true instants. */
  everyMs: number;
  /** Chance that an event also sends a message to one other server, picked at random. */
  sendRate: number;
}

/** Background traffic: every server works at the same true instants and now and then tells another. */
export function gossipScript(options: GossipOptions): ScriptedAction[] {
  const rng = Rng.derive(options.seed, "gossip-script");
  const actions: ScriptedAction[] = [];
  for (let atMs = options.everyMs; atMs <= options.durationMs; atMs += options.everyMs) {
    for (const node of options.servers) {
      const others = options.servers.filter((other) => other !== node);
      const sendTo = rng.chance(options.sendRate) ? [rng.pick(others)] : [];
      actions.push({ atMs, node, name: "work", sendTo, message: "gossip" });
    }
  }
  return actions;
}
