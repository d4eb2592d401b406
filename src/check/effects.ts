/**
 * The effects checker: did each thing happen exactly as often as it should? "Each order charged
 * exactly once" is the classic: a retried payment that is charged twice, or an order confirmed
 * but never charged. It takes the effects that really happened (one per effect, with the id of
 * the request that caused it) and how many each key should have (0 or 1, usually).
 *
 *   checkExactlyOnce(effects, expected, { noun: "order", verb: "charged" })
 *     -> ILLEGAL "order o2 was charged 2 times, expected once: "o2/2/capture" at t=40ms; "o2/2/capture-retry" at t=260ms"
 *
 * UNKNOWN when nothing was expected and nothing happened: such a run says nothing about
 * exactly-once, and is never a pass.
 */
import type { SagaRun } from "./saga-invariants";

export interface Effect {
  /** What the effect is about: an order id, an account. */
  key: string;
  /** The request that caused it: a command id, a message id. */
  id: string;
  t: number;
}

export type EffectsVerdict = { verdict: "OK"; summary: string } | { verdict: "ILLEGAL"; key: string; explanation: string } | { verdict: "UNKNOWN"; reason: string };

export interface EffectWords {
  /** "order" */
  noun: string;
  /** "charged" */
  verb: string;
}

export function checkExactlyOnce(effects: readonly Effect[], expected: ReadonlyMap<string, number>, words: EffectWords): EffectsVerdict {
  const byKey = new Map<string, Effect[]>();
  for (const effect of effects) byKey.set(effect.key, [...(byKey.get(effect.key) ?? []), effect]);
  for (const key of [...new Set([...expected.keys(), ...byKey.keys()])].sort()) {
    const happened = byKey.get(key) ?? [];
    const wanted = expected.get(key) ?? 0;
    if (happened.length === wanted) continue;
    const list = happened.map((e) => `"${e.id}" at t=${Math.round(e.t)}ms`).join("; ");
    const explanation =
      happened.length === 0
        ? `${words.noun} ${key} was never ${words.verb}, expected ${times(wanted)}`
        : `${words.noun} ${key} was ${words.verb} ${times(happened.length)}, expected ${wanted === 0 ? "never" : times(wanted)}: ${list}`;
    return { verdict: "ILLEGAL", key, explanation };
  }
  const total = [...expected.values()].reduce((a, b) => a + b, 0);
  if (total === 0 && effects.length === 0) return { verdict: "UNKNOWN", reason: `no ${words.noun} was to be ${words.verb} and none was: the run says nothing about exactly-once` };
  return { verdict: "OK", summary: `${expected.size} ${words.noun}(s), each ${words.verb} as often as expected (${effects.length} in all)` };
}

/**
 * Each order of a saga run charged exactly once if it ended APPROVED, never if it ended
 * REJECTED. A charge is a `chargeAction` command that took effect (default "capture").
 * Orders that never ended are left to the saga checker.
 */
export function checkOrdersChargedOnce(run: SagaRun, chargeAction = "capture"): EffectsVerdict {
  const expected = new Map<string, number>();
  for (const order of run.orders) {
    const status = run.finalStatus(order.orderId);
    if (status === "APPROVED" || status === "REJECTED") expected.set(order.orderId, status === "APPROVED" ? 1 : 0);
  }
  const charges = run.records
    .filter((r) => r.action === chargeAction && r.outcome === "applied" && expected.has(r.orderId))
    .map((r) => ({ key: r.orderId, id: r.commandId, t: r.t }));
  return checkExactlyOnce(charges, expected, { noun: "order", verb: "charged" });
}

function times(count: number): string {
  return count === 1 ? "once" : count === 2 ? "twice" : `${count} times`;
}
