import type { WeekDefinition } from "../../api";

export const week: WeekDefinition = {
  week: 2,
  title: "Distributed data: sharding, consistent hashing, a replicated quorum store",
  titleIn: { ko: "분산 데이터: 샤딩, 일관된 해싱, quorum 복제 저장소" },
  exercises: [
    { id: "ring", title: "Consistent hashing with virtual nodes", titleIn: { ko: "가상 노드를 쓰는 일관된 해싱" }, file: "week2/ring.ts" },
    { id: "sharding", title: "Range, hash and directory sharding", titleIn: { ko: "range, hash, directory 샤딩" }, file: "week2/shard-router.ts" },
    { id: "versions", title: "Versions: last-writer-wins stamps and vector clocks", titleIn: { ko: "버전: last-writer-wins 스탬프와 벡터 시계" }, file: "week2/versions.ts" },
    { id: "kv", title: "A replicated quorum key-value store", titleIn: { ko: "quorum을 쓰는 복제 key-value 저장소" }, file: "week2/kv-store.ts" },
  ],
};
