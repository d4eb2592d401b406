/**
 * Week 1, exercise 1: logical clocks (section 14.1, "time and order").
 *
 * The chapter's three servers read 14:30:45.123, 14:30:45.890 and 14:30:44.456 at the same moment:
 * B runs 767 ms ahead of A, C 667 ms behind it (1.4 s behind B). User 42 logged in on
 * server A at 14:30:45.123 and bought something on server B at 14:30:45.890: login before
 * purchase, or purchase before login? Physical clocks cannot say. Logical clocks can, for every
 * pair of events where one could have caused the other ("happened before", Lamport 1978):
 *   a -> b  when a and b happen on one process in that order, or a sends a message b receives,
 *           or a -> c -> b for some c.
 *
 * Rules shared by all three clocks: a local event or a send advances the clock and stamps the
 * event (the send's stamp travels with the message); a receive merges the message's stamp into
 * the clock, then advances it. Types: src/contracts/clocks.ts. Notebook 02 draws all three on
 * space-time diagrams. Grade: `npm run grade week1`.
 */
import type { HlcTimestamp, HybridLogicalClockApi, LamportClockApi, Ordering, VectorClockApi, VectorTimestamp } from "../../src/contracts/clocks";
import type { NodeId } from "../../src/contracts/node";
import { notImplemented } from "../../src/contracts/not-implemented";

const FILE = "exercises/week1/clocks.ts";

/**
 * Lamport clock: one integer. tick() adds one and returns the new value; receive(t) sets the
 * clock to max(clock, t) + 1 and returns it. Then a -> b implies L(a) < L(b) (not the converse:
 * L(a) < L(b) says nothing when a and b are concurrent).
 */
export class LamportClock implements LamportClockApi {
  time = 0;

  tick(): number {
    return notImplemented("LamportClock.tick", FILE);
  }

  receive(remoteTime: number): number {
    return notImplemented("LamportClock.receive", FILE);
  }
}

/**
 * Vector clock of process `node`: one counter per process, { n1: 3, n2: 1 }; a missing entry
 * is 0. tick() increments this process's entry; receive(v) takes the entry-wise maximum with v,
 * then increments this process's entry. Both return a COPY of the vector (a caller who mutates it
 * must not change your clock). Now V(a) < V(b) exactly when a -> b.
 */
export class VectorClock implements VectorClockApi {
  constructor(readonly node: NodeId) {}

  read(): VectorTimestamp {
    return notImplemented("VectorClock.read", FILE);
  }

  tick(): VectorTimestamp {
    return notImplemented("VectorClock.tick", FILE);
  }

  receive(remote: VectorTimestamp): VectorTimestamp {
    return notImplemented("VectorClock.receive", FILE);
  }
}

/** The entry-wise maximum of two vectors (a new object; missing entries count as 0). */
export function mergeVectors(a: VectorTimestamp, b: VectorTimestamp): VectorTimestamp {
  return notImplemented("mergeVectors", FILE);
}

/**
 * "before" when a <= b entry-wise and a != b (a happened before b), "after" for the reverse,
 * "equal" when every entry matches, "concurrent" otherwise. Missing entries count as 0, so
 * { n1: 1 } and { n1: 1, n2: 0 } are equal.
 */
export function compareVectors(a: VectorTimestamp, b: VectorTimestamp): Ordering {
  return notImplemented("compareVectors", FILE);
}

/**
 * Hybrid logical clock (Kulkarni et al. 2014): timestamps (wallMs, logical) that stay close to
 * physical time yet respect happened-before, like Lamport clocks. Starts at (0, 0).
 *   now(pt):        wallMs' = max(wallMs, pt); logical' = wallMs' === wallMs ? logical + 1 : 0
 *   receive(m, pt): wallMs' = max(wallMs, m.wallMs, pt); logical' =
 *                     max(logical, m.logical) + 1   if wallMs' equals both wallMs and m.wallMs
 *                     logical + 1                   if wallMs' equals only wallMs
 *                     m.logical + 1                 if wallMs' equals only m.wallMs
 *                     0                             otherwise (physical time moved ahead)
 * Return copies. wallMs never falls behind the physical clock, and never runs ahead of the
 * largest physical time any process has seen.
 */
export class HybridLogicalClock implements HybridLogicalClockApi {
  read(): HlcTimestamp {
    return notImplemented("HybridLogicalClock.read", FILE);
  }

  now(physicalMs: number): HlcTimestamp {
    return notImplemented("HybridLogicalClock.now", FILE);
  }

  receive(remote: HlcTimestamp, physicalMs: number): HlcTimestamp {
    return notImplemented("HybridLogicalClock.receive", FILE);
  }
}

/** Negative when a is earlier, positive when b is, 0 when equal: by wallMs, then by logical. */
export function compareHlc(a: HlcTimestamp, b: HlcTimestamp): number {
  return notImplemented("compareHlc", FILE);
}
