import type { WeekDefinition } from "../../api";

export const week: WeekDefinition = {
  week: 4,
  title: "Chaos engineering and Jepsen-style testing",
  exercises: [{ id: "bank", title: "A replicated bank on Raft: sessions, reads through the log, atomic transfers", file: "week4/bank.ts" }],
};
