/** Week 2, ring: hidden tests. Each difference from the chapter's sketch (its lessons and the course's convention) has a test that names it. */
import { ringHash, virtualNodeLabel } from "../../../src/contracts/ring";
import { check, checkEqual, checkThrows, fail, type GradedTest } from "../../api";
import { expectedOwner, expectedPositions, expectedPreference, loadOf, randomKeys } from "./hidden/ring-oracle";
import { buildRing, ringClass, servers } from "./ring-helpers";

/** With 128 virtual nodes per server, no server should own more than this times its fair share. */
const BALANCE_MAX_OVER_MEAN = 1.3;
const DEFAULT_VNODES = 128;

export const tests: GradedTest[] = [
  {
    name: "default-virtual-nodes",
    points: 2,
    visibility: "hidden",
    description: "a ring built without arguments gives each server 128 virtual nodes (the chapter's 3 are far too few)",
    rules: ["default-virtual-nodes"],
    run(ctx) {
      const ring = buildRing(ringClass(ctx), servers(4));
      checkEqual(ring.positions().length, 4 * DEFAULT_VNODES, "new ConsistentHashRing() with 4 servers: positions().length");
    },
  },
  {
    name: "owners-random-keys",
    points: 3,
    visibility: "hidden",
    description: "ownerOf agrees with the contract for 2,000 random keys on a 10-server ring",
    seeds: 3,
    rules: ["at-or-after", "wrap-around"],
    run(ctx) {
      const nodes = servers(10);
      const ring = buildRing(ringClass(ctx), nodes, 32);
      const positions = expectedPositions(nodes, 32);
      for (const key of randomKeys(ctx, 2_000)) checkEqual(ring.ownerOf(key), expectedOwner(positions, key), `ownerOf("${key}") (hash ${ringHash(key)})`);
    },
  },
  {
    name: "key-exactly-on-a-virtual-node",
    points: 2,
    visibility: "hidden",
    description: "a key that hashes exactly onto a virtual node belongs to that node (at or after, not strictly after as bisect_right does)",
    rules: ["at-or-after"],
    run(ctx) {
      const ring = buildRing(ringClass(ctx), servers(5), 8);
      for (const node of servers(5)) {
        const key = virtualNodeLabel(node, 3); // hashes to that very virtual node's position
        checkEqual(ring.ownerOf(key), node, `ownerOf("${key}"), a key whose hash is exactly ${node}'s virtual node #3`);
      }
    },
  },
  {
    name: "wraps-around",
    points: 2,
    visibility: "hidden",
    description: "a key hashing past the largest position belongs to the first virtual node: the ring wraps around",
    rules: ["wrap-around"],
    run(ctx) {
      const nodes = servers(3);
      const ring = buildRing(ringClass(ctx), nodes, 4);
      const positions = expectedPositions(nodes, 4);
      const largest = positions[positions.length - 1].position;
      const key = Array.from({ length: 100_000 }, (_, i) => `wrap-${i}`).find((candidate) => ringHash(candidate) > largest);
      if (!key) return fail("the test could not find a key past the last position (the ring is too full)");
      checkEqual(ring.ownerOf(key), positions[0].node, `ownerOf("${key}"), whose hash ${ringHash(key)} is past the largest position ${largest}`);
    },
  },
  {
    name: "replicas-on-distinct-servers",
    points: 4,
    visibility: "hidden",
    description: "preferenceList(key, 3) names three different servers, clockwise from the key, for 1,000 random keys",
    seeds: 10,
    rules: ["distinct-clockwise-replicas"],
    run(ctx) {
      const nodes = servers(5);
      const ring = buildRing(ringClass(ctx), nodes, 16);
      const positions = expectedPositions(nodes, 16);
      for (const key of randomKeys(ctx, 1_000)) {
        const list = ring.preferenceList(key, 3);
        const twice = list.find((node, i) => list.indexOf(node) !== i);
        check(twice === undefined, () => `preferenceList("${key}", 3) returned ${JSON.stringify(list)}: the same server twice, so one crash of ${twice} loses two of the key's three replicas`);
        checkEqual(list, expectedPreference(positions, key, 3), `preferenceList("${key}", 3)`);
      }
    },
  },
  {
    name: "balanced-load",
    points: 4,
    visibility: "hidden",
    description: `with the default virtual nodes, no server of 10 owns more than ${BALANCE_MAX_OVER_MEAN}x its fair share of 100,000 keys`,
    seeds: 1,
    timeoutMs: 30_000,
    rules: ["balanced-load"],
    run(ctx) {
      const ring = buildRing(ringClass(ctx), servers(10));
      const keys = randomKeys(ctx, 100_000);
      const load = loadOf(ring, keys);
      const fair = keys.length / 10;
      const [heaviest, most] = [...load.entries()].reduce((a, b) => (b[1] > a[1] ? b : a));
      const ratio = most / fair;
      check(
        ratio <= BALANCE_MAX_OVER_MEAN,
        () =>
          `${heaviest} owns ${most} of ${keys.length} keys, ${ratio.toFixed(2)}x its fair share of ${fair} (the bound is ${BALANCE_MAX_OVER_MEAN}x): too few virtual nodes per server? ` +
          `Loads: ${[...load.entries()].map(([node, count]) => `${node} ${count}`).join(", ")}`,
      );
    },
  },
  {
    name: "add-moves-only-to-the-newcomer",
    points: 3,
    visibility: "hidden",
    description: "adding an 11th server moves only keys that the newcomer now owns, about 1/11 of them",
    seeds: 1,
    timeoutMs: 30_000,
    rules: ["add-moves-only-to-the-newcomer"],
    run(ctx) {
      const ring = buildRing(ringClass(ctx), servers(10));
      const keys = randomKeys(ctx, 20_000);
      const before = keys.map((key) => ring.ownerOf(key));
      ring.addNode("server11");
      let moved = 0;
      keys.forEach((key, i) => {
        const after = ring.ownerOf(key);
        if (after === before[i]) return;
        moved++;
        check(after === "server11", () => `after adding server11, key "${key}" moved from ${before[i]} to ${after}; only keys going to the new server should move`);
      });
      const fraction = moved / keys.length;
      check(fraction >= 0.04 && fraction <= 0.16, () => `adding 1 server to 10 moved ${(100 * fraction).toFixed(1)}% of the keys; consistent hashing should move about ${(100 / 11).toFixed(1)}%`);
    },
  },
  {
    name: "remove-moves-only-its-keys",
    points: 3,
    visibility: "hidden",
    description: "removing a server moves only the keys it owned; every other key keeps its owner",
    seeds: 1,
    timeoutMs: 30_000,
    rules: ["remove-moves-only-its-keys", "nodes-sorted"],
    run(ctx) {
      const ring = buildRing(ringClass(ctx), servers(10));
      const keys = randomKeys(ctx, 20_000);
      const before = keys.map((key) => ring.ownerOf(key));
      ring.removeNode("server3");
      keys.forEach((key, i) => {
        const after = ring.ownerOf(key);
        check(after !== "server3", () => `after removing server3, ownerOf("${key}") still returned server3`);
        check(before[i] === "server3" || after === before[i], () => `removing server3 moved key "${key}" from ${before[i]} to ${after}; only server3's keys should move`);
      });
      checkEqual(ring.nodes(), servers(10).filter((node) => node !== "server3").sort(), "nodes() after removing server3 (sorted by name)");
    },
  },
  {
    name: "same-ring-in-any-order",
    points: 2,
    visibility: "hidden",
    description: "two rings with the same servers, added in different orders, place and route everything identically",
    seeds: 5,
    rules: ["order-independent"],
    run(ctx) {
      const Ring = ringClass(ctx);
      const nodes = servers(6);
      const first = buildRing(Ring, nodes, 16);
      const second = buildRing(Ring, ctx.rng.shuffle(nodes), 16);
      checkEqual(second.positions(), first.positions(), "positions() of a ring built in another order");
      for (const key of randomKeys(ctx, 500)) checkEqual(second.ownerOf(key), first.ownerOf(key), `ownerOf("${key}") on a ring built in another order`);
    },
  },
  {
    name: "every-range-boundary",
    points: 2,
    visibility: "hidden",
    description: "the exact boundary key of every range (a key hashing onto each of the 80 virtual nodes of 5 servers) belongs to that virtual node's server, and its preference list starts there",
    rules: ["at-or-after"],
    run(ctx) {
      const nodes = servers(5);
      const ring = buildRing(ringClass(ctx), nodes, 16);
      const positions = expectedPositions(nodes, 16);
      for (const node of nodes) {
        for (let i = 0; i < 16; i++) {
          const key = virtualNodeLabel(node, i);
          checkEqual(ring.ownerOf(key), expectedOwner(positions, key), `ownerOf("${key}"), a key whose hash ${ringHash(key)} is exactly ${node}'s virtual node #${i}`);
          checkEqual(ring.preferenceList(key, 2), expectedPreference(positions, key, 2), `preferenceList("${key}", 2), a key on ${node}'s virtual node #${i}`);
        }
      }
    },
  },
  {
    name: "preference-list-longer-than-ring",
    points: 2,
    visibility: "hidden",
    description: "preferenceList(key, 9) on 5 servers names the 5 servers once each, owner first (fewer than asked, and it must return); preferenceList(key, 5) and (key, 1) too",
    timeoutMs: 3_000,
    rules: ["fewer-servers-than-asked"],
    run(ctx) {
      const nodes = servers(5);
      const ring = buildRing(ringClass(ctx), nodes, 16);
      const positions = expectedPositions(nodes, 16);
      for (const count of [9, 5, 1]) {
        for (const key of ["user123", "cart:42"]) checkEqual(ring.preferenceList(key, count), expectedPreference(positions, key, count), `preferenceList("${key}", ${count}) with 5 servers`);
      }
    },
  },
  {
    name: "unusual-names",
    points: 2,
    visibility: "hidden",
    description: "any string is a server name or a key: unicode, names containing '#', names that prefix one another, the empty key; placement and routing still follow ringHash",
    rules: ["any-names-and-keys"],
    run(ctx) {
      const nodes = ["서버-1", "сервер", "🙂", "a#1", "a", "n1", "n10"];
      const ring = buildRing(ringClass(ctx), nodes, 8);
      const positions = expectedPositions(nodes, 8);
      checkEqual(ring.positions(), positions, `positions() of a ring of ${JSON.stringify(nodes)} with 8 virtual nodes each`);
      checkEqual([...ring.nodes()].sort(), [...nodes].sort(), "the servers nodes() names");
      const keys = ["", " ", "ключ", "キー", "🙂🙂", "a#1#0", "x".repeat(1_000), ...nodes];
      for (const key of keys) {
        checkEqual(ring.ownerOf(key), expectedOwner(positions, key), `ownerOf(${JSON.stringify(key.length > 20 ? `${key.slice(0, 20)}…` : key)})`);
        checkEqual(ring.preferenceList(key, 3), expectedPreference(positions, key, 3), `preferenceList(${JSON.stringify(key.length > 20 ? `${key.slice(0, 20)}…` : key)}, 3)`);
      }
      ring.removeNode("a");
      const without = expectedPositions(nodes.filter((node) => node !== "a"), 8);
      for (const key of keys) checkEqual(ring.ownerOf(key), expectedOwner(without, key), `after removeNode("a"), ownerOf(${JSON.stringify(key.slice(0, 20))}) ("a#1" must stay)`);
    },
  },
  {
    name: "remove-and-add-back",
    points: 2,
    visibility: "hidden",
    description: "removing a server forgets it entirely (its virtual nodes and its name): added back, the ring is exactly as before; nodes() stays sorted by name whatever the order of additions",
    rules: ["remove-forgets-everything", "nodes-sorted"],
    run(ctx) {
      const nodes = servers(6).reverse();
      const ring = buildRing(ringClass(ctx), nodes, 8);
      const positions = expectedPositions(nodes, 8);
      checkEqual(ring.nodes(), [...nodes].sort(), `nodes() after adding ${nodes.join(", ")} in that order`);
      ring.removeNode("server4");
      checkEqual(ring.positions(), positions.filter((vnode) => vnode.node !== "server4"), 'positions() after removeNode("server4")');
      checkEqual(ring.nodes(), [...nodes].filter((node) => node !== "server4").sort(), 'nodes() after removeNode("server4")');
      ring.addNode("server4");
      checkEqual(ring.positions(), positions, 'positions() after removing server4 and adding it back');
      checkEqual(ring.nodes(), [...nodes].sort(), "nodes() after adding server4 back");
    },
  },
  {
    name: "edge-cases",
    points: 2,
    visibility: "hidden",
    description: "an empty ring owns nothing; adding a server twice or removing an unknown one is an error",
    rules: ["empty-ring", "membership-errors"],
    run(ctx) {
      const Ring = ringClass(ctx);
      const empty = new Ring(8);
      checkEqual(empty.ownerOf("user123"), undefined, 'ownerOf("user123") on an empty ring');
      checkEqual(empty.preferenceList("user123", 3), [], 'preferenceList("user123", 3) on an empty ring');
      const ring = buildRing(Ring, servers(2), 8);
      checkThrows(() => ring.addNode("server1"), 'addNode("server1") when server1 is already on the ring');
      checkThrows(() => ring.removeNode("server9"), 'removeNode("server9") when server9 is not on the ring');
      checkEqual(ring.positions().length, 16, "positions().length after the refused calls (they must change nothing)");
    },
  },
];
