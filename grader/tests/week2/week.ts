import type { WeekDefinition } from "../../api";

export const week: WeekDefinition = {
  week: 2,
  title: "Distributed data: sharding, consistent hashing, a replicated quorum store",
  exercises: [
    { id: "ring", title: "Consistent hashing with virtual nodes", file: "week2/ring.ts" },
    { id: "sharding", title: "Range, hash and directory sharding", file: "week2/shard-router.ts" },
    { id: "versions", title: "Versions: last-writer-wins stamps and vector clocks", file: "week2/versions.ts" },
    { id: "kv", title: "A replicated quorum key-value store", file: "week2/kv-store.ts" },
  ],
};
