/** Week 2, ring: visible tests (the contract's rules on small examples). */
import { checkEqual, type GradedTest } from "../../api";
import { buildRing, expectedOwner, expectedPositions, expectedPreference, ringClass, servers } from "./ring-helpers";

export const tests: GradedTest[] = [
  {
    name: "positions",
    points: 2,
    visibility: "visible",
    description: "three servers with 4 virtual nodes each sit at ringHash(`${server}#${i}`), sorted by position",
    run(ctx) {
      const ring = buildRing(ringClass(ctx), servers(3), 4);
      checkEqual(ring.positions(), expectedPositions(servers(3), 4), "positions() of server1..server3 with 4 virtual nodes each");
      checkEqual(ring.nodes(), servers(3), "nodes()");
    },
  },
  {
    name: "owners",
    points: 2,
    visibility: "visible",
    description: "ownerOf gives the server of the first virtual node at or after the key's hash",
    run(ctx) {
      const ring = buildRing(ringClass(ctx), servers(3), 4);
      const positions = expectedPositions(servers(3), 4);
      for (const key of ["user123", "user456", "order-9", "cart:42"]) checkEqual(ring.ownerOf(key), expectedOwner(positions, key), `ownerOf("${key}")`);
    },
  },
  {
    name: "preference-list",
    points: 2,
    visibility: "visible",
    description: "preferenceList(key, 3) on five servers: three different servers, clockwise, the owner first",
    run(ctx) {
      const ring = buildRing(ringClass(ctx), servers(5), 4);
      const positions = expectedPositions(servers(5), 4);
      for (const key of ["user123", "order-9"]) checkEqual(ring.preferenceList(key, 3), expectedPreference(positions, key, 3), `preferenceList("${key}", 3)`);
    },
  },
];
