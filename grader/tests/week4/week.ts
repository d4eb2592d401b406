import type { WeekDefinition } from "../../api";

export const week: WeekDefinition = {
  week: 4,
  title: "Chaos engineering and Jepsen-style testing",
  titleIn: { ko: "카오스 엔지니어링과 Jepsen 방식의 테스트" },
  exercises: [{ id: "bank", title: "A replicated bank on Raft: sessions, reads through the log, atomic transfers", titleIn: { ko: "Raft 위의 복제된 은행: 세션, 로그를 거치는 읽기, 원자적 이체" }, file: "week4/bank.ts" }],
};
