/**
 * The logical clocks exercise's contract (week 1, section 14.1 "time and order"). You
 * implement these in exercises/week1/clocks.ts; the tests, notebooks and pictures use them
 * through these types.
 *
 * The rules every clock follows, for a process that does three kinds of things:
 *   - a local event, or sending a message: advance the clock, stamp the event/message;
 *   - receiving a message stamped T: merge T into the clock, then advance it.
 */
import type { NodeId } from "./node";

/** Lamport (1978): one integer per process. a -> b (happened-before) implies L(a) < L(b). */
export interface LamportClockApi {
  /** The current value (0 before any event). */
  readonly time: number;
  /** A local event or a send: advance by one and return the new value (the event's stamp). */
  tick(): number;
  /** A message stamped `remoteTime` arrived: max(local, remote) + 1, returned. */
  receive(remoteTime: number): number;
}

/** A vector timestamp: one counter per process; a missing entry means 0. */
export type VectorTimestamp = { [node: NodeId]: number };

/** How two events relate: a happened before b, after it, they are the same, or concurrent. */
export type Ordering = "before" | "after" | "equal" | "concurrent";

/** Vector clocks (Fidge, Mattern 1988): V(a) < V(b) exactly when a -> b. */
export interface VectorClockApi {
  /** The process this clock belongs to. */
  readonly node: NodeId;
  /** A copy of the current vector. */
  read(): VectorTimestamp;
  /** A local event or a send: increment this process's entry and return a copy. */
  tick(): VectorTimestamp;
  /** A message stamped `remote` arrived: entry-wise max with `remote`, then increment own entry. */
  receive(remote: VectorTimestamp): VectorTimestamp;
}

/**
 * A hybrid logical clock timestamp (Kulkarni et al. 2014): `wallMs` stays within the clock
 * skew of physical time, `logical` orders events that share a `wallMs`.
 */
export interface HlcTimestamp {
  wallMs: number;
  logical: number;
}

/** Hybrid logical clocks: close to physical time, yet a -> b implies hlc(a) < hlc(b). */
export interface HybridLogicalClockApi {
  /** The last timestamp issued (wallMs 0, logical 0 before any event). */
  read(): HlcTimestamp;
  /** A local event or send at physical time `physicalMs` (this node's own, maybe skewed, clock). */
  now(physicalMs: number): HlcTimestamp;
  /** A message stamped `remote` arrived at physical time `physicalMs`. */
  receive(remote: HlcTimestamp, physicalMs: number): HlcTimestamp;
}
