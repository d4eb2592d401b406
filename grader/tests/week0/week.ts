import type { WeekDefinition } from "../../api";

export const week: WeekDefinition = {
  week: 0,
  title: "Warm-up: majorities and quorums",
  titleIn: { ko: "준비 운동: 과반수와 quorum" },
  exercises: [{ id: "quorum", title: "Quorum sizes and partitions", titleIn: { ko: "quorum 크기와 네트워크 분할" }, file: "week0/quorum.ts" }],
};
