/** Week 4, bank: visible tests (the ledger's basic moves, and a quiet bank on five servers). */
import { checkBank } from "../../../src/check/bank";
import { bankWorkload } from "../../../src/bank/cluster";
import { check, checkEqual, fail, says, type GradedTest } from "../../api";
import { allTexts, findingTexts } from "../../i18n/messages";
import { ACCOUNTS, bankCluster, ledger, read, transfer } from "./bank-helpers";

export const tests: GradedTest[] = [
  {
    name: "ledger-basics",
    rules: ["atomic-transfer", "read-copy"],
    points: 2,
    visibility: "visible",
    description: "a transfer of 30 from a1 to a2 answers transferred, and a read then shows a1 70 and a2 130",
    descriptionIn: { ko: "a1에서 a2로 30을 이체하면 transferred로 답하고, 그 뒤 읽으면 a1 70, a2 130이 보인다" },
    run(ctx) {
      const book = ledger(ctx);
      checkEqual(book.apply(transfer("c1", 1, "a1", "a2", 30)), { kind: "transferred" }, "apply(c1#1 transfer 30 a1->a2)");
      checkEqual(book.apply(read("c1", 2)), { kind: "balances", balances: { a1: 70, a2: 130, a3: 100, a4: 100 } }, "apply(c1#2 read)");
    },
  },
  {
    name: "quiet-bank",
    rules: ["bank-invariants"],
    points: 2,
    visibility: "visible",
    description: "three clerks, 20 operations each, on five servers and a quiet network: every operation succeeds and the bank checker finds nothing",
    descriptionIn: { ko: "조용한 네트워크의 서버 다섯 대에서 점원 셋이 각각 작업 20개를 한다: 모든 작업이 성공하고 은행 검사기는 아무것도 찾지 못한다" },
    run(ctx) {
      const cluster = bankCluster(ctx);
      for (let c = 0; c < 3; c++) cluster.addClerk(bankWorkload(ctx.rng, { accounts: Object.keys(ACCOUNTS), operations: 20, readRate: 0.3, amountMax: 40 }));
      check(cluster.runUntilClerksDone(60_000), says({ en: "rule bank-liveness: the clerks did not finish 20 operations each within 60 s of virtual time on a quiet network", ko: "규칙 bank-liveness: 조용한 네트워크인데 점원들이 가상 시간 60 s 안에 각자 작업 20개를 끝내지 못했습니다" }));
      const notOk = cluster.history().operations.filter((op) => op.status !== "ok");
      check(notOk.length === 0, () => says({ en: `rule bank-liveness: ${notOk.length} operation(s) did not succeed on a quiet network, the first by ${notOk[0].client} at ${notOk[0].callMs} ms`, ko: `규칙 bank-liveness: 조용한 네트워크인데 작업 ${notOk.length}개가 성공하지 못했습니다. 첫 번째는 ${notOk[0].callMs} ms에 ${notOk[0].client} 클라이언트가 한 작업입니다` }));
      const verdict = checkBank(cluster.history(), ACCOUNTS);
      if (verdict.valid !== true) {
        const found = verdict.valid === false ? verdict.anomalies.map((a) => findingTexts(a.finding)) : [allTexts(verdict.reason, undefined)];
        fail(says({ en: `rule bank-invariants: the bank checker says ${found.map((text) => text.en).join("; ")}`, ko: `규칙 bank-invariants: 은행 검사기의 판정: ${found.map((text) => text.ko).join("; ")}` }));
      }
    },
  },
];
