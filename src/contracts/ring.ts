/**
 * The consistent hashing exercise's contract (week 2, section 14.3). You implement it in
 * exercises/week2/ring.ts.
 *
 * Positions on the ring are unsigned 32-bit integers, computed with `ringHash` below so that
 * your ring, the tests and the pictures agree on where every key and virtual node sits.
 * A server with v virtual nodes occupies v positions: ringHash(`${node}#${i}`) for i = 0..v-1.
 * A key belongs to the first virtual node at or after ringHash(key), going clockwise and
 * wrapping around from the largest position to the smallest. ("At or after" is the course's
 * convention; Dynamo and the chapter's bisect_right take the first one strictly after. They
 * differ only for a key that hashes exactly onto a virtual node.)
 */
import { createHash } from "node:crypto";

/** The ring's hash: the first 32 bits of MD5 (the chapter's choice), as an unsigned integer. */
export function ringHash(text: string): number {
  return createHash("md5").update(text).digest().readUInt32BE(0);
}

/** The label of a server's i-th virtual node, hashed to place it on the ring. */
export function virtualNodeLabel(node: string, i: number): string {
  return `${node}#${i}`;
}

export interface RingPosition {
  position: number;
  node: string;
}

export interface ConsistentHashRingApi {
  /** Add a server with the ring's number of virtual nodes. Adding one twice is an error. */
  addNode(node: string): void;
  /** Remove a server and all its virtual nodes. Removing an unknown one is an error. */
  removeNode(node: string): void;
  /** The servers on the ring, sorted by name. */
  nodes(): string[];
  /** The server that owns `key`, or undefined when the ring is empty. */
  ownerOf(key: string): string | undefined;
  /**
   * The first `count` distinct servers clockwise from `key` (Dynamo's preference list):
   * where the key's replicas live. Fewer when the ring has fewer servers.
   */
  preferenceList(key: string, count: number): string[];
  /** Every virtual node, sorted by position (for pictures and tests). */
  positions(): RingPosition[];
}
