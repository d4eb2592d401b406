/** Week 2, ring: hidden tests. Each difference from the chapter's sketch (its lessons and the course's convention) has a test that names it. */
import { ringHash, virtualNodeLabel } from "../../../src/contracts/ring";
import { check, checkEqual, checkThrows, fail, says, type GradedTest } from "../../api";
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
    descriptionIn: { ko: "인자 없이 만든 링은 서버마다 가상 노드 128개를 둔다(장의 3개는 너무 적다)" },
    rules: ["default-virtual-nodes"],
    run(ctx) {
      const ring = buildRing(ringClass(ctx), servers(4));
      checkEqual(ring.positions().length, 4 * DEFAULT_VNODES, says({ en: "new ConsistentHashRing() with 4 servers: positions().length", ko: "서버 4대인 new ConsistentHashRing()의 positions().length" }));
    },
  },
  {
    name: "owners-random-keys",
    points: 3,
    visibility: "hidden",
    description: "ownerOf agrees with the contract for 2,000 random keys on a 10-server ring",
    descriptionIn: { ko: "서버 10대의 링에서 무작위 키 2,000개에 대해 ownerOf가 계약과 일치한다" },
    seeds: 3,
    rules: ["at-or-after", "wrap-around"],
    run(ctx) {
      const nodes = servers(10);
      const ring = buildRing(ringClass(ctx), nodes, 32);
      const positions = expectedPositions(nodes, 32);
      for (const key of randomKeys(ctx, 2_000)) checkEqual(ring.ownerOf(key), expectedOwner(positions, key), says({ en: `ownerOf("${key}") (hash ${ringHash(key)})`, ko: `ownerOf("${key}") (해시 ${ringHash(key)})` }));
    },
  },
  {
    name: "key-exactly-on-a-virtual-node",
    points: 2,
    visibility: "hidden",
    description: "a key that hashes exactly onto a virtual node belongs to that node (at or after, not strictly after as bisect_right does)",
    descriptionIn: { ko: "가상 노드 위치에 정확히 해시되는 키는 그 노드에 속한다(bisect_right처럼 '초과'가 아니라 '이상')" },
    rules: ["at-or-after"],
    run(ctx) {
      const ring = buildRing(ringClass(ctx), servers(5), 8);
      for (const node of servers(5)) {
        const key = virtualNodeLabel(node, 3); // hashes to that very virtual node's position
        checkEqual(ring.ownerOf(key), node, says({ en: `ownerOf("${key}"), a key whose hash is exactly ${node}'s virtual node #3`, ko: `ownerOf("${key}") (해시가 정확히 ${node}의 가상 노드 #3 위치인 키)` }));
      }
    },
  },
  {
    name: "wraps-around",
    points: 2,
    visibility: "hidden",
    description: "a key hashing past the largest position belongs to the first virtual node: the ring wraps around",
    descriptionIn: { ko: "가장 큰 위치보다 뒤로 해시되는 키는 첫 가상 노드에 속한다: 링은 끝에서 처음으로 이어진다" },
    rules: ["wrap-around"],
    run(ctx) {
      const nodes = servers(3);
      const ring = buildRing(ringClass(ctx), nodes, 4);
      const positions = expectedPositions(nodes, 4);
      const largest = positions[positions.length - 1].position;
      const key = Array.from({ length: 100_000 }, (_, i) => `wrap-${i}`).find((candidate) => ringHash(candidate) > largest);
      if (!key) return fail(says({ en: "the test could not find a key past the last position (the ring is too full)", ko: "테스트가 마지막 위치보다 뒤에 있는 키를 찾지 못했습니다 (링이 너무 꽉 찼습니다)" }));
      checkEqual(ring.ownerOf(key), positions[0].node, says({ en: `ownerOf("${key}"), whose hash ${ringHash(key)} is past the largest position ${largest}`, ko: `ownerOf("${key}") (해시 ${ringHash(key)}: 가장 큰 위치 ${largest}보다 뒤)` }));
    },
  },
  {
    name: "replicas-on-distinct-servers",
    points: 4,
    visibility: "hidden",
    description: "preferenceList(key, 3) names three different servers, clockwise from the key, for 1,000 random keys",
    descriptionIn: { ko: "무작위 키 1,000개에서 preferenceList(key, 3)는 키에서 시계 방향으로 서로 다른 서버 세 대를 나열한다" },
    seeds: 10,
    rules: ["distinct-clockwise-replicas"],
    run(ctx) {
      const nodes = servers(5);
      const ring = buildRing(ringClass(ctx), nodes, 16);
      const positions = expectedPositions(nodes, 16);
      for (const key of randomKeys(ctx, 1_000)) {
        const list = ring.preferenceList(key, 3);
        const twice = list.find((node, i) => list.indexOf(node) !== i);
        check(twice === undefined, () => says({ en: `preferenceList("${key}", 3) returned ${JSON.stringify(list)}: the same server twice, so one crash of ${twice} loses two of the key's three replicas`, ko: `preferenceList("${key}", 3)의 반환값이 ${JSON.stringify(list)}입니다. 같은 서버가 두 번 들어 있으므로 ${twice} 서버 하나만 크래시해도 키의 replica 셋 중 둘을 잃습니다` }));
        checkEqual(list, expectedPreference(positions, key, 3), `preferenceList("${key}", 3)`);
      }
    },
  },
  {
    name: "balanced-load",
    points: 4,
    visibility: "hidden",
    description: `with the default virtual nodes, no server of 10 owns more than ${BALANCE_MAX_OVER_MEAN}x its fair share of 100,000 keys`,
    descriptionIn: { ko: `기본 가상 노드 수에서는 서버 10대 중 어느 서버도 키 100,000개 중 공정한 몫의 ${BALANCE_MAX_OVER_MEAN}배보다 많이 갖지 않는다` },
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
        () => {
          const loads = [...load.entries()].map(([node, count]) => `${node} ${count}`).join(", ");
          return says({
            en: `${heaviest} owns ${most} of ${keys.length} keys, ${ratio.toFixed(2)}x its fair share of ${fair} (the bound is ${BALANCE_MAX_OVER_MEAN}x): too few virtual nodes per server? Loads: ${loads}`,
            ko: `${heaviest} 서버가 키 ${keys.length}개 중 ${most}개를 가집니다. 공정한 몫 ${fair}개의 ${ratio.toFixed(2)}배입니다 (상한은 ${BALANCE_MAX_OVER_MEAN}배). 서버당 가상 노드가 너무 적지 않나요? 서버별 키 수: ${loads}`,
          });
        },
      );
    },
  },
  {
    name: "add-moves-only-to-the-newcomer",
    points: 3,
    visibility: "hidden",
    description: "adding an 11th server moves only keys that the newcomer now owns, about 1/11 of them",
    descriptionIn: { ko: "11번째 서버를 추가하면 새 서버가 갖게 된 키만, 전체의 약 1/11만 옮겨 간다" },
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
        check(after === "server11", () => says({ en: `after adding server11, key "${key}" moved from ${before[i]} to ${after}; only keys going to the new server should move`, ko: `server11을 추가한 뒤 "${key}" 키가 ${before[i]} 서버에서 ${after} 서버로 옮겨 갔습니다. 새 서버로 가는 키만 옮겨 가야 합니다` }));
      });
      const fraction = moved / keys.length;
      check(fraction >= 0.04 && fraction <= 0.16, () => says({ en: `adding 1 server to 10 moved ${(100 * fraction).toFixed(1)}% of the keys; consistent hashing should move about ${(100 / 11).toFixed(1)}%`, ko: `서버 10대에 1대를 추가했더니 키의 ${(100 * fraction).toFixed(1)}%가 옮겨 갔습니다. 일관된 해싱이라면 약 ${(100 / 11).toFixed(1)}%만 옮겨 가야 합니다` }));
    },
  },
  {
    name: "remove-moves-only-its-keys",
    points: 3,
    visibility: "hidden",
    description: "removing a server moves only the keys it owned; every other key keeps its owner",
    descriptionIn: { ko: "서버를 제거하면 그 서버가 가졌던 키만 옮겨 가고, 다른 키는 모두 소유 서버가 그대로다" },
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
        check(after !== "server3", () => says({ en: `after removing server3, ownerOf("${key}") still returned server3`, ko: `server3을 제거한 뒤에도 ownerOf("${key}")의 반환값이 server3입니다` }));
        check(before[i] === "server3" || after === before[i], () => says({ en: `removing server3 moved key "${key}" from ${before[i]} to ${after}; only server3's keys should move`, ko: `server3을 제거했더니 "${key}" 키가 ${before[i]} 서버에서 ${after} 서버로 옮겨 갔습니다. server3의 키만 옮겨 가야 합니다` }));
      });
      checkEqual(ring.nodes(), servers(10).filter((node) => node !== "server3").sort(), says({ en: "nodes() after removing server3 (sorted by name)", ko: "server3을 제거한 뒤의 nodes() (이름순 정렬)" }));
    },
  },
  {
    name: "same-ring-in-any-order",
    points: 2,
    visibility: "hidden",
    description: "two rings with the same servers, added in different orders, place and route everything identically",
    descriptionIn: { ko: "같은 서버를 다른 순서로 추가한 두 링은 모든 것을 똑같이 배치하고 라우팅한다" },
    seeds: 5,
    rules: ["order-independent"],
    run(ctx) {
      const Ring = ringClass(ctx);
      const nodes = servers(6);
      const first = buildRing(Ring, nodes, 16);
      const second = buildRing(Ring, ctx.rng.shuffle(nodes), 16);
      checkEqual(second.positions(), first.positions(), says({ en: "positions() of a ring built in another order", ko: "다른 순서로 만든 링의 positions()" }));
      for (const key of randomKeys(ctx, 500)) checkEqual(second.ownerOf(key), first.ownerOf(key), says({ en: `ownerOf("${key}") on a ring built in another order`, ko: `다른 순서로 만든 링의 ownerOf("${key}")` }));
    },
  },
  {
    name: "every-range-boundary",
    points: 2,
    visibility: "hidden",
    description: "the exact boundary key of every range (a key hashing onto each of the 80 virtual nodes of 5 servers) belongs to that virtual node's server, and its preference list starts there",
    descriptionIn: { ko: "모든 구간의 정확한 경계 키(서버 5대의 가상 노드 80개 각각의 위치에 해시되는 키)는 그 가상 노드의 서버에 속하고, preference list도 거기서 시작한다" },
    rules: ["at-or-after"],
    run(ctx) {
      const nodes = servers(5);
      const ring = buildRing(ringClass(ctx), nodes, 16);
      const positions = expectedPositions(nodes, 16);
      for (const node of nodes) {
        for (let i = 0; i < 16; i++) {
          const key = virtualNodeLabel(node, i);
          checkEqual(ring.ownerOf(key), expectedOwner(positions, key), says({ en: `ownerOf("${key}"), a key whose hash ${ringHash(key)} is exactly ${node}'s virtual node #${i}`, ko: `ownerOf("${key}") (해시 ${ringHash(key)}: 정확히 ${node}의 가상 노드 #${i} 위치)` }));
          checkEqual(ring.preferenceList(key, 2), expectedPreference(positions, key, 2), says({ en: `preferenceList("${key}", 2), a key on ${node}'s virtual node #${i}`, ko: `preferenceList("${key}", 2) (${node}의 가상 노드 #${i} 위치에 있는 키)` }));
        }
      }
    },
  },
  {
    name: "preference-list-longer-than-ring",
    points: 2,
    visibility: "hidden",
    description: "preferenceList(key, 9) on 5 servers names the 5 servers once each, owner first (fewer than asked, and it must return); preferenceList(key, 5) and (key, 1) too",
    descriptionIn: { ko: "서버 5대에서 preferenceList(key, 9)는 서버 5대를 소유 서버부터 한 번씩 나열한다(요청보다 적지만 반드시 반환해야 한다). preferenceList(key, 5)와 (key, 1)도 마찬가지다" },
    timeoutMs: 3_000,
    rules: ["fewer-servers-than-asked"],
    run(ctx) {
      const nodes = servers(5);
      const ring = buildRing(ringClass(ctx), nodes, 16);
      const positions = expectedPositions(nodes, 16);
      for (const count of [9, 5, 1]) {
        for (const key of ["user123", "cart:42"]) checkEqual(ring.preferenceList(key, count), expectedPreference(positions, key, count), says({ en: `preferenceList("${key}", ${count}) with 5 servers`, ko: `서버 5대에서의 preferenceList("${key}", ${count})` }));
      }
    },
  },
  {
    name: "unusual-names",
    points: 2,
    visibility: "hidden",
    description: "any string is a server name or a key: unicode, names containing '#', names that prefix one another, the empty key; placement and routing still follow ringHash",
    descriptionIn: { ko: "어떤 문자열이든 서버 이름이나 키가 될 수 있다: 유니코드, '#'이 든 이름, 서로의 접두사인 이름, 빈 키. 그래도 배치와 라우팅은 ringHash를 따른다" },
    rules: ["any-names-and-keys"],
    run(ctx) {
      const nodes = ["서버-1", "сервер", "🙂", "a#1", "a", "n1", "n10"];
      const ring = buildRing(ringClass(ctx), nodes, 8);
      const positions = expectedPositions(nodes, 8);
      checkEqual(ring.positions(), positions, says({ en: `positions() of a ring of ${JSON.stringify(nodes)} with 8 virtual nodes each`, ko: `가상 노드가 8개씩인 ${JSON.stringify(nodes)} 링의 positions()` }));
      checkEqual([...ring.nodes()].sort(), [...nodes].sort(), says({ en: "the servers nodes() names", ko: "nodes()가 나열하는 서버" }));
      const keys = ["", " ", "ключ", "キー", "🙂🙂", "a#1#0", "x".repeat(1_000), ...nodes];
      for (const key of keys) {
        checkEqual(ring.ownerOf(key), expectedOwner(positions, key), `ownerOf(${JSON.stringify(key.length > 20 ? `${key.slice(0, 20)}…` : key)})`);
        checkEqual(ring.preferenceList(key, 3), expectedPreference(positions, key, 3), `preferenceList(${JSON.stringify(key.length > 20 ? `${key.slice(0, 20)}…` : key)}, 3)`);
      }
      ring.removeNode("a");
      const without = expectedPositions(nodes.filter((node) => node !== "a"), 8);
      for (const key of keys) checkEqual(ring.ownerOf(key), expectedOwner(without, key), says({ en: `after removeNode("a"), ownerOf(${JSON.stringify(key.slice(0, 20))}) ("a#1" must stay)`, ko: `removeNode("a") 뒤의 ownerOf(${JSON.stringify(key.slice(0, 20))}) ("a#1"은 남아 있어야 함)` }));
    },
  },
  {
    name: "remove-and-add-back",
    points: 2,
    visibility: "hidden",
    description: "removing a server forgets it entirely (its virtual nodes and its name): added back, the ring is exactly as before; nodes() stays sorted by name whatever the order of additions",
    descriptionIn: { ko: "서버를 제거하면 그 서버를 완전히 잊는다(가상 노드와 이름 모두). 다시 추가하면 링은 정확히 전과 같다. nodes()는 추가한 순서와 상관없이 이름순으로 정렬된다" },
    rules: ["remove-forgets-everything", "nodes-sorted"],
    run(ctx) {
      const nodes = servers(6).reverse();
      const ring = buildRing(ringClass(ctx), nodes, 8);
      const positions = expectedPositions(nodes, 8);
      checkEqual(ring.nodes(), [...nodes].sort(), says({ en: `nodes() after adding ${nodes.join(", ")} in that order`, ko: `${nodes.join(", ")} 순서로 추가한 뒤의 nodes()` }));
      ring.removeNode("server4");
      checkEqual(ring.positions(), positions.filter((vnode) => vnode.node !== "server4"), says({ en: 'positions() after removeNode("server4")', ko: 'removeNode("server4") 뒤의 positions()' }));
      checkEqual(ring.nodes(), [...nodes].filter((node) => node !== "server4").sort(), says({ en: 'nodes() after removeNode("server4")', ko: 'removeNode("server4") 뒤의 nodes()' }));
      ring.addNode("server4");
      checkEqual(ring.positions(), positions, says({ en: 'positions() after removing server4 and adding it back', ko: 'server4를 제거했다가 다시 추가한 뒤의 positions()' }));
      checkEqual(ring.nodes(), [...nodes].sort(), says({ en: "nodes() after adding server4 back", ko: "server4를 다시 추가한 뒤의 nodes()" }));
    },
  },
  {
    name: "edge-cases",
    points: 2,
    visibility: "hidden",
    description: "an empty ring owns nothing; adding a server twice or removing an unknown one is an error",
    descriptionIn: { ko: "빈 링은 아무 키도 갖지 않는다. 서버를 두 번 추가하거나 없는 서버를 제거하면 오류다" },
    rules: ["empty-ring", "membership-errors"],
    run(ctx) {
      const Ring = ringClass(ctx);
      const empty = new Ring(8);
      checkEqual(empty.ownerOf("user123"), undefined, says({ en: 'ownerOf("user123") on an empty ring', ko: '빈 링의 ownerOf("user123")' }));
      checkEqual(empty.preferenceList("user123", 3), [], says({ en: 'preferenceList("user123", 3) on an empty ring', ko: '빈 링의 preferenceList("user123", 3)' }));
      const ring = buildRing(Ring, servers(2), 8);
      checkThrows(() => ring.addNode("server1"), says({ en: 'addNode("server1") when server1 is already on the ring', ko: 'server1이 이미 링에 있을 때 addNode("server1")' }));
      checkThrows(() => ring.removeNode("server9"), says({ en: 'removeNode("server9") when server9 is not on the ring', ko: 'server9가 링에 없을 때 removeNode("server9")' }));
      checkEqual(ring.positions().length, 16, says({ en: "positions().length after the refused calls (they must change nothing)", ko: "거부된 호출 뒤의 positions().length (아무것도 바꾸지 않아야 함)" }));
    },
  },
];
