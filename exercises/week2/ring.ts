/**
 * Week 2, exercise 1: consistent hashing with virtual nodes (section 14.3).
 *
 * The chapter's sketch (Python, with `replicas=3` virtual nodes and `bisect_right`) is the right
 * idea. This exercise keeps it, learns two lessons from it (the grader has a test for each), and
 * follows two conventions of the course's own:
 *   1. Lesson: three virtual nodes per server leave the ring badly unbalanced: one server can
 *      own several times its fair share of keys. Use `vnodesPerNode` (default 128).
 *   2. Lesson: a key's N replicas must be N different servers. Taking the next N virtual nodes
 *      can pick the same server twice, and then a single crash loses "replicated" data.
 *   3. Convention: a key belongs to the first virtual node AT OR AFTER its hash. `bisect_right`
 *      gives it to the first one strictly after, which is Dynamo's own rule (its paper, section
 *      4.2: "the first node with a position larger than" the key's); both are consistent hashing
 *      and differ only for a key that hashes exactly onto a virtual node, but your ring and the
 *      tests must agree on one rule, and the course's is "at or after".
 *   4. Convention: virtual node i of server s sits at ringHash(`${s}#${i}`), the first 32 bits
 *      of MD5 (the sketch hashes f"{node}:{i}" with all 128 bits).
 *
 * The rules (src/contracts/ring.ts has the types and the hash):
 *   - positions are `ringHash(text)`: unsigned 32-bit integers, 0 .. 2^32-1;
 *   - server `s` has virtual nodes at ringHash(virtualNodeLabel(s, i)) = ringHash(`${s}#${i}`),
 *     for i = 0 .. vnodesPerNode-1;
 *   - `ownerOf(key)`: the server of the first virtual node with position >= ringHash(key),
 *     wrapping around to the smallest position after the largest; undefined on an empty ring;
 *   - `preferenceList(key, n)`: walk clockwise from there and collect servers, skipping ones
 *     already collected, until you have n (or every server); the first is `ownerOf(key)`;
 *   - `positions()`: every virtual node, sorted by position (ties by server name);
 *   - adding a server twice, or removing one that is not there, throws an Error.
 *
 * Try it in notebooks/08-consistent-hashing.ipynb; grade it with `npm run grade week2`.
 */
import { notImplemented } from "../../src/contracts/not-implemented";
// ringHash("user123") and virtualNodeLabel("server1", 0) === "server1#0" are all the hashing you need.
import { ringHash, virtualNodeLabel, type ConsistentHashRingApi, type RingPosition } from "../../src/contracts/ring";

const FILE = "exercises/week2/ring.ts";

export const DEFAULT_VNODES_PER_NODE = 128;

export class ConsistentHashRing implements ConsistentHashRingApi {
  constructor(readonly vnodesPerNode: number = DEFAULT_VNODES_PER_NODE) {}

  addNode(node: string): void {
    notImplemented("ConsistentHashRing.addNode", FILE);
  }

  removeNode(node: string): void {
    notImplemented("ConsistentHashRing.removeNode", FILE);
  }

  nodes(): string[] {
    return notImplemented("ConsistentHashRing.nodes", FILE);
  }

  ownerOf(key: string): string | undefined {
    return notImplemented("ConsistentHashRing.ownerOf", FILE);
  }

  preferenceList(key: string, count: number): string[] {
    return notImplemented("ConsistentHashRing.preferenceList", FILE);
  }

  positions(): RingPosition[] {
    return notImplemented("ConsistentHashRing.positions", FILE);
  }
}
