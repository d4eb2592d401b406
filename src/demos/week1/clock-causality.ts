/**
 * The true happened-before relation of a recorded run (Lamport 1978), worked out from what caused
 * each event rather than from any clock: a -> b when a chain of "next event on the same server"
 * and "send, then its receive" leads from a to b. Notebook 02 holds the wall clocks and the
 * learner's logical clocks against it.
 */
import type { Ordering } from "../../contracts/clocks";
import type { StampedEvent } from "./clock-run";

export class Causality {
  /** Every event's ancestors: all events that happened before it. */
  private readonly ancestors = new Map<string, Set<string>>();

  /** `events` in the order they happened (every cause before its effects), as a run records them. */
  constructor(events: readonly StampedEvent[]) {
    for (const event of events) {
      const ancestors = new Set<string>();
      for (const cause of event.causes) {
        ancestors.add(cause);
        for (const earlier of this.ancestors.get(cause) ?? []) ancestors.add(earlier);
      }
      this.ancestors.set(event.id, ancestors);
    }
  }

  /** a -> b: a could have influenced b. */
  happenedBefore(a: StampedEvent, b: StampedEvent): boolean {
    return this.ancestors.get(b.id)?.has(a.id) ?? false;
  }

  /** How a and b really relate, in compareVectors' words. */
  ordering(a: StampedEvent, b: StampedEvent): Ordering {
    if (a.id === b.id) return "equal";
    if (this.happenedBefore(a, b)) return "before";
    if (this.happenedBefore(b, a)) return "after";
    return "concurrent";
  }
}

/** A cause and an effect that a clock puts the wrong way round (or calls simultaneous). */
export interface Inversion {
  cause: StampedEvent;
  effect: StampedEvent;
}

/** Every pair a -> b for which `compare(a, b) >= 0`: ordering by this clock puts the effect first. */
export function inversions(events: readonly StampedEvent[], causality: Causality, compare: (a: StampedEvent, b: StampedEvent) => number): Inversion[] {
  const found: Inversion[] = [];
  for (const cause of events) {
    for (const effect of events) {
      if (causality.happenedBefore(cause, effect) && compare(cause, effect) >= 0) found.push({ cause, effect });
    }
  }
  return found;
}

/** Every pair of distinct events, each once, in the order they happened. */
export function pairsOf(events: readonly StampedEvent[]): [StampedEvent, StampedEvent][] {
  return events.flatMap((a, i) => events.slice(i + 1).map((b): [StampedEvent, StampedEvent] => [a, b]));
}
