/** Week 2, ring: visible tests (the contract's rules on small examples). */
import { checkEqual, says, type GradedTest } from "../../api";
import { buildRing, ringClass, servers } from "./ring-helpers";

/** ringHash(`${server}#${i}`) for server1..server3, i = 0..3, sorted: what positions() must return. */
const THREE_SERVERS_FOUR_VNODES = [
  { position: 858983700, node: "server1" },
  { position: 1029209491, node: "server3" },
  { position: 1866591616, node: "server1" },
  { position: 1900431607, node: "server2" },
  { position: 2275601638, node: "server3" },
  { position: 2460249749, node: "server3" },
  { position: 2462312431, node: "server1" },
  { position: 3012571847, node: "server1" },
  { position: 3312985342, node: "server3" },
  { position: 3331537880, node: "server2" },
  { position: 3363904494, node: "server2" },
  { position: 4213522232, node: "server2" },
];

export const tests: GradedTest[] = [
  {
    name: "positions",
    points: 2,
    visibility: "visible",
    description: "three servers with 4 virtual nodes each sit at ringHash(`${server}#${i}`), sorted by position",
    descriptionIn: { ko: "서버 세 대의 가상 노드(서버마다 4개)는 ringHash(`${server}#${i}`)에 놓이고, 위치순으로 정렬된다" },
    rules: ["positions"],
    run(ctx) {
      const ring = buildRing(ringClass(ctx), servers(3), 4);
      checkEqual(ring.positions(), THREE_SERVERS_FOUR_VNODES, says({ en: "positions() of server1..server3 with 4 virtual nodes each", ko: "가상 노드가 4개씩인 server1..server3의 positions()" }));
      checkEqual(ring.nodes(), servers(3), "nodes()");
    },
  },
  {
    name: "owners",
    points: 2,
    visibility: "visible",
    description: "ownerOf gives the server of the first virtual node at or after the key's hash",
    descriptionIn: { ko: "ownerOf는 키의 해시 이상인 첫 가상 노드의 서버를 돌려준다" },
    rules: ["at-or-after"],
    run(ctx) {
      const ring = buildRing(ringClass(ctx), servers(3), 4);
      const expected: [string, string][] = [["user123", "server1"], ["user456", "server2"], ["order-9", "server1"], ["cart:42", "server1"]];
      for (const [key, owner] of expected) checkEqual(ring.ownerOf(key), owner, `ownerOf("${key}")`);
    },
  },
  {
    name: "preference-list",
    points: 2,
    visibility: "visible",
    description: "preferenceList(key, 3) on five servers: three different servers, clockwise, the owner first",
    descriptionIn: { ko: "서버 다섯 대에서 preferenceList(key, 3): 서로 다른 서버 세 대를 시계 방향으로, 소유 서버부터" },
    rules: ["distinct-clockwise-replicas"],
    run(ctx) {
      const ring = buildRing(ringClass(ctx), servers(5), 4);
      checkEqual(ring.preferenceList("user123", 3), ["server1", "server2", "server3"], 'preferenceList("user123", 3)');
      checkEqual(ring.preferenceList("order-9", 3), ["server4", "server5", "server1"], 'preferenceList("order-9", 3)');
    },
  },
];
