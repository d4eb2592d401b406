/**
 * Week 4, bank: hidden tests. One directed test per rule of bank.rules.md (the ledger alone, and
 * the server on a scripted Raft: no seed can dodge them), then randomized ones: the learner's
 * server on the reference Raft in the simulator, under a random nemesis and a lossy network,
 * judged by the bank checker (total, negative balances, linearizability) over several seeds.
 */
import { checkBank, describeBalances } from "../../../src/check/bank";
import { bankWorkload } from "../../../src/bank/cluster";
import { totalOf, type BankResult } from "../../../src/contracts/bank";
import { formatNemesis, randomNemesis, UNRELIABLE_NETWORK } from "../../../src/sim";
import { check, checkEqual, fail, says, show, type GradedTest, type TestContext, type Texts } from "../../api";
import { findingTexts } from "../../i18n/messages";
import { ACCOUNTS, bankCluster, describeCommand, ledger, read, serverClass, ServerRig, transfer } from "./bank-helpers";

const TRANSFERRED: BankResult = { kind: "transferred" };
const refused = (reason: string) => ({ kind: "refused", reason });

/** Apply `command` to `book` and require `expected` as its result. */
function expectResult(rule: string, book: ReturnType<typeof ledger>, command: ReturnType<typeof transfer>, expected: unknown, why: Texts): void {
  const result = book.apply(command);
  if (JSON.stringify(result) !== JSON.stringify(expected)) {
    fail(
      says({
        en: `rule ${rule}: apply(${describeCommand(command)}) returned ${show(result)}, expected ${show(expected)}: ${why.en}`,
        ko: `규칙 ${rule}: apply(${describeCommand(command)})의 반환값이 ${show(result)}입니다. 기댓값은 ${show(expected)}입니다: ${why.ko}`,
      }),
    );
  }
}

function expectBalances(rule: string, book: ReturnType<typeof ledger>, expected: Record<string, number>, after: Texts): void {
  const balances = book.balances();
  if (JSON.stringify(balances) !== JSON.stringify(expected)) {
    fail(
      says({
        en: `rule ${rule}: after ${after.en}, balances() is ${describeBalances(balances)}, expected ${describeBalances(expected)}`,
        ko: `규칙 ${rule}: ${after.ko} 뒤 balances()가 ${describeBalances(balances)}입니다. 기댓값은 ${describeBalances(expected)}입니다`,
      }),
    );
  }
}

/** Run the bank under `nemesis`-style trouble and require the checker's VALID; a vacuous run is a failed premise. */
function runBankChecked(ctx: TestContext, settings: { network?: typeof UNRELIABLE_NETWORK; nemesis: boolean; clerks: number; operations: number }): void {
  const cluster = bankCluster(ctx, settings.network ? { network: settings.network } : {});
  const accounts = Object.keys(ACCOUNTS);
  for (let c = 0; c < settings.clerks; c++) cluster.addClerk(bankWorkload(ctx.rng, { accounts, operations: settings.operations, readRate: 0.3, amountMax: 40 }));
  if (settings.nemesis) {
    const nemesis = randomNemesis(ctx.seed, { servers: cluster.servers, startMs: 300, endMs: 6_000, intervalMsMin: 300, intervalMsMax: 900, kinds: ["partition", "isolate", "crash", "majority-ring", "clock"] });
    ctx.note(`nemesis: ${formatNemesis(nemesis)}`);
    cluster.schedule(nemesis);
  }
  const done = cluster.runUntilClerksDone(120_000);
  check(done, () => {
    const servers = cluster.servers.map((id) => `${id} applied ${cluster.server(id)?.inspect().lastApplied ?? "(down)"}`).join(", ");
    return says({
      en: `rule bank-liveness: the clerks did not finish their ${settings.operations} operations within 120 s of virtual time (every fault heals at 6 s); servers: ${servers}`,
      ko: `규칙 bank-liveness: 점원들이 가상 시간 120 s 안에 작업 ${settings.operations}개를 끝내지 못했습니다 (모든 장애는 6 s에 복구됨). 서버: ${servers}`,
    });
  });
  const verdict = checkBank(cluster.history(), ACCOUNTS);
  if (verdict.valid === false) {
    const found = findingTexts(verdict.summaryFinding);
    fail(says({ en: `rule bank-invariants: the bank checker found ${found.en}`, ko: `규칙 bank-invariants: 은행 검사기가 찾은 것: ${found.ko}` }), verdict.anomalies.map((a) => `${a.kind}: ${a.message}`).join("\n\n"));
  }
  ctx.premise(verdict.valid === true, () => {
    const why = verdict.valid === "unknown" ? verdict.reason : "";
    return says({ en: `the run tested nothing: ${why}`, ko: `이 실행은 아무것도 시험하지 못했습니다: ${why}` });
  });
}

export const tests: GradedTest[] = [
  // ------------------------------------------------------------------ the ledger
  {
    name: "ledger-transfers",
    rules: ["atomic-transfer"],
    points: 2,
    visibility: "hidden",
    description: "a transfer moves the amount from one account to the other in one apply, the whole balance included, and answers transferred",
    descriptionIn: { ko: "이체는 금액을 한 계좌에서 다른 계좌로 apply 한 번에 옮기며(잔액 전부도 가능하다) transferred로 답한다" },
    run(ctx) {
      const book = ledger(ctx);
      expectResult("atomic-transfer", book, transfer("c1", 1, "a1", "a2", 30), TRANSFERRED, says({ en: "a1 holds 100", ko: "a1에 100이 있다" }));
      expectBalances("atomic-transfer", book, { a1: 70, a2: 130, a3: 100, a4: 100 }, says({ en: "moving 30 from a1 to a2", ko: "a1에서 a2로 30을 옮긴" }));
      expectResult("atomic-transfer", book, transfer("c1", 2, "a3", "a1", 100), TRANSFERRED, says({ en: "a3 holds exactly 100: the whole balance may move", ko: "a3에 정확히 100이 있다: 잔액 전부를 옮길 수 있다" }));
      expectBalances("atomic-transfer", book, { a1: 170, a2: 130, a3: 0, a4: 100 }, says({ en: "moving all of a3's 100 to a1", ko: "a3의 100을 모두 a1로 옮긴" }));
    },
  },
  {
    name: "ledger-refuses-overdraft",
    rules: ["no-overdraft"],
    points: 2,
    visibility: "hidden",
    description: "a transfer of more than the source holds is refused with insufficient-funds and changes nothing",
    descriptionIn: { ko: "출금 계좌에 있는 것보다 많은 금액의 이체는 insufficient-funds로 거절되고 아무것도 바꾸지 않는다" },
    run(ctx) {
      const book = ledger(ctx);
      expectResult("no-overdraft", book, transfer("c1", 1, "a1", "a2", 101), refused("insufficient-funds"), says({ en: "a1 holds 100", ko: "a1에 100이 있다" }));
      expectBalances("no-overdraft", book, { ...ACCOUNTS }, says({ en: "a refused transfer", ko: "이체가 거절된" }));
      expectResult("no-overdraft", book, transfer("c1", 2, "a1", "a2", 60), TRANSFERRED, says({ en: "a1 holds 100", ko: "a1에 100이 있다" }));
      expectResult("no-overdraft", book, transfer("c1", 3, "a1", "a3", 41), refused("insufficient-funds"), says({ en: "a1 holds 40 now", ko: "이제 a1에는 40이 있다" }));
      expectBalances("no-overdraft", book, { a1: 40, a2: 160, a3: 100, a4: 100 }, says({ en: "60 moved and 41 refused", ko: "60을 옮기고 41이 거절된" }));
    },
  },
  {
    name: "ledger-validates",
    rules: ["validation"],
    points: 2,
    visibility: "hidden",
    description: "bad amounts (0, negative, fractional, NaN) and unknown or identical accounts are refused with their reason and change nothing; 'constructor' and '__proto__' are not accounts",
    descriptionIn: { ko: "잘못된 금액(0, 음수, 소수, NaN)과 없는 계좌나 같은 계좌끼리의 이체는 각 이유로 거절되고 아무것도 바꾸지 않는다. 'constructor'와 '__proto__'는 계좌가 아니다" },
    run(ctx) {
      const book = ledger(ctx);
      let seq = 0;
      for (const amount of [0, -5, 1.5, Number.NaN]) expectResult("validation", book, transfer("c1", ++seq, "a1", "a2", amount), refused("bad-amount"), says({ en: `${amount} is not a whole number above 0`, ko: `${amount}: 0보다 큰 정수가 아니다` }));
      for (const [from, to] of [["a1", "zz"], ["zz", "a1"], ["a1", "a1"], ["constructor", "a1"], ["a2", "__proto__"], ["toString", "a3"]]) {
        expectResult("validation", book, transfer("c1", ++seq, from, to, 5), refused("unknown-account"), says({ en: `${from} -> ${to} is not a transfer between two different accounts of the bank`, ko: `${from} -> ${to} 이체는 이 은행의 서로 다른 두 계좌 사이의 이체가 아니다` }));
      }
      expectBalances("validation", book, { ...ACCOUNTS }, says({ en: "only refused transfers", ko: "거절된 이체만 있었던" }));
    },
  },
  {
    name: "ledger-reads",
    rules: ["read-copy"],
    points: 1,
    visibility: "hidden",
    description: "a read returns every balance, as a copy: changing what it returned (or the opening balances given) changes nothing in the ledger",
    descriptionIn: { ko: "읽기는 모든 잔액을 복사본으로 반환한다: 반환된 것(또는 넘겨준 초기 잔액)을 바꿔도 원장은 바뀌지 않는다" },
    run(ctx) {
      const opening = { ...ACCOUNTS };
      const book = ledger(ctx, opening);
      opening.a1 = 999;
      const result = book.apply(read("c1", 1));
      checkEqual(result, { kind: "balances", balances: ACCOUNTS }, says({ en: "rule read-copy: apply(read)", ko: "규칙 read-copy: apply(read)" }));
      (result as { balances: Record<string, number> }).balances.a2 = -1;
      book.balances().a3 = -1;
      expectBalances("read-copy", book, { ...ACCOUNTS }, says({ en: "changing the objects a read and balances() returned, and the opening balances passed to the constructor", ko: "읽기와 balances()가 반환한 객체, 그리고 생성자에 넘긴 초기 잔액을 바꾼" }));
    },
  },
  {
    name: "ledger-dedups-repeats",
    rules: ["session-dedup"],
    points: 3,
    visibility: "hidden",
    description: "a client's command applied again (a retry committed twice) changes nothing and returns the first result, even when applying it again would now give another answer",
    descriptionIn: { ko: "클라이언트의 명령이 다시 적용되면(재시도가 두 번 커밋됨) 아무것도 바꾸지 않고 첫 결과를 반환한다. 지금 다시 적용하면 다른 답이 나올 때도 마찬가지다" },
    run(ctx) {
      const book = ledger(ctx);
      expectResult("session-dedup", book, transfer("c1", 1, "a1", "a2", 10), TRANSFERRED, says({ en: "a1 holds 100", ko: "a1에 100이 있다" }));
      expectResult("session-dedup", book, transfer("c1", 1, "a1", "a2", 10), TRANSFERRED, says({ en: "the repeat of c1#1 returns c1#1's result", ko: "c1#1의 반복은 c1#1의 결과를 반환한다" }));
      expectBalances("session-dedup", book, { a1: 90, a2: 110, a3: 100, a4: 100 }, says({ en: "c1#1 applied twice (it must move the money once)", ko: "c1#1이 두 번 적용된(돈은 한 번만 옮겨야 한다)" }));
      expectResult("session-dedup", book, transfer("c1", 2, "a1", "a3", 150), refused("insufficient-funds"), says({ en: "a1 holds 90", ko: "a1에 90이 있다" }));
      expectResult("session-dedup", book, transfer("c2", 1, "a4", "a1", 100), TRANSFERRED, says({ en: "a4 holds 100", ko: "a4에 100이 있다" }));
      expectResult("session-dedup", book, transfer("c1", 2, "a1", "a3", 150), refused("insufficient-funds"), says({ en: "a repeat of c1#2 returns its first result (a1 now holds 190, but c1#2 was already decided)", ko: "c1#2의 반복은 첫 결과를 반환한다 (이제 a1에 190이 있지만 c1#2는 이미 결정되었다)" }));
      expectResult("session-dedup", book, transfer("c1", 1, "a1", "a2", 10), refused("insufficient-funds"), says({ en: "c1#1 is older than c1's last command (c1#2): a repeat that changes nothing and returns c1's last result", ko: "c1#1은 c1의 마지막 명령(c1#2)보다 오래되었다: 아무것도 바꾸지 않고 c1의 마지막 결과를 반환하는 반복이다" }));
      const first = book.apply(read("c1", 3));
      book.apply(transfer("c3", 1, "a2", "a3", 5));
      checkEqual(book.apply(read("c1", 3)), first, says({ en: "rule session-dedup: a repeat of the read c1#3, after another client's transfer,", ko: "규칙 session-dedup: 다른 클라이언트의 이체 뒤에 반복된 읽기 c1#3" }));
      expectBalances("session-dedup", book, { a1: 190, a2: 105, a3: 105, a4: 0 }, says({ en: "every repeat", ko: "모든 반복이 끝난" }));
    },
  },
  {
    name: "ledger-sessions-per-client",
    rules: ["session-per-client"],
    points: 2,
    visibility: "hidden",
    description: "sessions are per client: another client's seq 1 is a new command, not a repeat",
    descriptionIn: { ko: "세션은 클라이언트별이다: 다른 클라이언트의 seq 1은 반복이 아니라 새 명령이다" },
    run(ctx) {
      const book = ledger(ctx);
      expectResult("session-per-client", book, transfer("c1", 1, "a1", "a2", 10), TRANSFERRED, says({ en: "a1 holds 100", ko: "a1에 100이 있다" }));
      expectResult("session-per-client", book, transfer("c2", 1, "a3", "a4", 20), TRANSFERRED, says({ en: "c2#1 is c2's first command, whatever c1 did", ko: "c1이 무엇을 했든 c2#1은 c2의 첫 명령이다" }));
      expectResult("session-per-client", book, transfer("c3", 5, "a4", "a1", 30), TRANSFERRED, says({ en: "c3's first command may have any seq", ko: "c3의 첫 명령은 어떤 seq여도 된다" }));
      expectBalances("session-per-client", book, { a1: 120, a2: 110, a3: 80, a4: 90 }, says({ en: "three clients' first commands", ko: "세 클라이언트의 첫 명령" }));
    },
  },
  // ------------------------------------------------------------------ the server, on a scripted Raft
  {
    name: "follower-says-not-leader",
    rules: ["not-leader"],
    points: 2,
    visibility: "hidden",
    description: "a server that is not the leader answers not-leader at once (so the client moves on) and does not answer anything else",
    descriptionIn: { ko: "leader가 아닌 서버는 곧바로 not-leader로 답하고(그래서 클라이언트가 다른 서버로 간다) 다른 답은 하지 않는다" },
    run(ctx) {
      const rig = new ServerRig(serverClass(ctx));
      rig.raft = { isLeader: false, term: 3, nextIndex: 1 };
      rig.request("c1", transfer("c1", 1, "a1", "a2", 10));
      const reply = rig.onlyReply("c1", 1, "not-leader", says({ en: "right after a follower got c1#1", ko: "follower가 c1#1을 받은 직후" }));
      checkEqual(reply, { type: "BankReply", clientId: "c1", seq: 1, error: "not-leader" }, says({ en: "rule not-leader: the follower's answer", ko: "규칙 not-leader: follower의 답" }));
    },
  },
  {
    name: "no-answer-before-apply",
    rules: ["answer-after-apply"],
    points: 3,
    visibility: "hidden",
    description: "the leader answers a transfer only once Raft applies it (committed), never when it is merely started, however long that takes",
    descriptionIn: { ko: "leader는 이체를 Raft가 적용한(커밋된) 뒤에만 답한다. 얼마나 오래 걸리든 시작만 된 상태에서는 답하지 않는다" },
    run(ctx) {
      const rig = new ServerRig(serverClass(ctx));
      rig.request("c1", transfer("c1", 1, "a1", "a2", 10));
      check(rig.started.length === 1, says({ en: `rule answer-after-apply: the leader did not put c1#1 into Raft's log (raft.start was called ${rig.started.length} times)`, ko: `규칙 answer-after-apply: leader가 c1#1을 Raft의 로그에 넣지 않았습니다 (raft.start 호출 ${rig.started.length}번)` }));
      rig.advance(3_000);
      check(rig.repliesTo("c1", 1).length === 0, () => says({ en: `rule answer-after-apply: the leader answered c1#1 before Raft applied it (${show(rig.repliesTo("c1", 1))}); an entry that is not committed may yet be lost`, ko: `규칙 answer-after-apply: leader가 Raft가 적용하기 전에 c1#1에 답했습니다 (${show(rig.repliesTo("c1", 1))}). 커밋되지 않은 entry는 아직 사라질 수 있습니다` }));
      rig.applyStarted();
      checkEqual(rig.onlyReply("c1", 1, "answer-after-apply", says({ en: "once c1#1 was applied", ko: "c1#1이 적용된 뒤" })), { type: "BankReply", clientId: "c1", seq: 1, result: TRANSFERRED }, says({ en: "rule answer-after-apply: the answer to c1#1", ko: "규칙 answer-after-apply: c1#1에 대한 답" }));
    },
  },
  {
    name: "read-through-the-log",
    rules: ["reads-through-log"],
    points: 3,
    visibility: "hidden",
    description: "a read goes into Raft's log like a transfer and is answered with the balances at its own apply, which include the entries committed before it",
    descriptionIn: { ko: "읽기도 이체처럼 Raft의 로그에 들어가고, 자기가 적용되는 시점의 잔액으로 답한다. 그 잔액에는 앞서 커밋된 entry가 반영되어 있다" },
    run(ctx) {
      const rig = new ServerRig(serverClass(ctx));
      rig.raft.nextIndex = 2; // index 1 holds another server's client's transfer
      rig.request("c1", read("c1", 1));
      check(rig.repliesTo("c1", 1).length === 0, () => says({ en: `rule reads-through-log: the server answered the read c1#1 at once, from its own ledger (${show(rig.repliesTo("c1", 1))}); a deposed leader answering like this returns stale balances`, ko: `규칙 reads-through-log: 서버가 읽기 c1#1에 자기 원장으로 곧바로 답했습니다 (${show(rig.repliesTo("c1", 1))}). 물러난 leader가 이렇게 답하면 오래된 잔액을 돌려줍니다` }));
      check(rig.started.some((s) => s.command.op === "read"), says({ en: "rule reads-through-log: the read c1#1 was not put into Raft's log", ko: "규칙 reads-through-log: 읽기 c1#1이 Raft의 로그에 들어가지 않았습니다" }));
      rig.apply(transfer("c9", 1, "a1", "a4", 25));
      rig.applyStarted();
      const reply = rig.onlyReply("c1", 1, "reads-through-log", says({ en: "once the read was applied at index 2", ko: "읽기가 인덱스 2에 적용된 뒤" }));
      checkEqual(reply, { type: "BankReply", clientId: "c1", seq: 1, result: { kind: "balances", balances: { a1: 75, a2: 100, a3: 100, a4: 125 } } }, says({ en: "rule reads-through-log: the answer to the read (index 1, c9's transfer of 25 a1->a4, was committed before it)", ko: "규칙 reads-through-log: 읽기에 대한 답 (인덱스 1인 c9의 이체 25 a1->a4가 그 앞에 커밋되었음)" }));
    },
  },
  {
    name: "applies-every-entry",
    rules: ["apply-every-entry"],
    points: 2,
    visibility: "hidden",
    description: "every applied entry changes the ledger, whoever asked for it and whichever server took the request",
    descriptionIn: { ko: "누가 요청했든, 어느 서버가 요청을 받았든 적용된 모든 entry는 원장을 바꾼다" },
    run(ctx) {
      const rig = new ServerRig(serverClass(ctx));
      rig.apply(transfer("c7", 1, "a2", "a3", 40));
      rig.apply(transfer("c8", 1, "a3", "a4", 70));
      checkEqual(rig.server.inspect(), { balances: { a1: 100, a2: 60, a3: 70, a4: 170 }, lastApplied: 2 }, says({ en: "rule apply-every-entry: inspect() after two entries that other servers' clients sent", ko: "규칙 apply-every-entry: 다른 서버의 클라이언트가 보낸 entry 두 개 뒤의 inspect()" }));
    },
  },
  {
    name: "overwritten-index-answers-lost-leadership",
    rules: ["lost-leadership"],
    points: 2,
    visibility: "hidden",
    description: "when another command is applied at the index a client waits for, the client is told lost-leadership (never the other command's result), even when that command is the same client's next one",
    descriptionIn: { ko: "클라이언트가 기다리는 인덱스에 다른 명령이 적용되면 클라이언트는 lost-leadership을 받는다 (다른 명령의 결과를 받지 않는다). 그 명령이 같은 클라이언트의 다음 명령이어도 마찬가지다" },
    run(ctx) {
      const rig = new ServerRig(serverClass(ctx));
      rig.request("c1", transfer("c1", 1, "a1", "a2", 10));
      rig.apply(transfer("c2", 1, "a3", "a4", 5)); // a newer leader's entry took index 1
      checkEqual(rig.onlyReply("c1", 1, "lost-leadership", says({ en: "after c2#1 was applied at the index c1#1 had", ko: "c1#1이 받은 인덱스에 c2#1이 적용된 뒤" })), { type: "BankReply", clientId: "c1", seq: 1, error: "lost-leadership" }, says({ en: "rule lost-leadership: the answer to c1#1", ko: "규칙 lost-leadership: c1#1에 대한 답" }));
      checkEqual(rig.server.inspect().balances, { a1: 100, a2: 100, a3: 95, a4: 105 }, says({ en: "rule apply-every-entry: the balances after c2#1 (c1#1 was never applied)", ko: "규칙 apply-every-entry: c2#1 뒤의 잔액 (c1#1은 적용되지 않았음)" }));
      // c3 gave up on this server and sent its next command to a newer leader, which took the index c3#1 had.
      rig.raft.nextIndex = 2;
      rig.request("c3", transfer("c3", 1, "a1", "a2", 10));
      rig.apply(transfer("c3", 2, "a4", "a1", 20));
      checkEqual(rig.onlyReply("c3", 1, "lost-leadership", says({ en: "after c3#2 was applied at the index c3#1 had", ko: "c3#1이 받은 인덱스에 c3#2가 적용된 뒤" })), { type: "BankReply", clientId: "c3", seq: 1, error: "lost-leadership" }, says({ en: "rule lost-leadership: the answer to c3#1 (the command applied at its index is the same client's, but another seq: the same command is the same clientId and seq)", ko: "규칙 lost-leadership: c3#1에 대한 답 (그 인덱스에 적용된 명령은 같은 클라이언트의 것이지만 seq가 다르다: 같은 명령이란 clientId와 seq가 모두 같은 명령이다)" }));
    },
  },
  {
    name: "stepped-down-answers-lost-leadership",
    rules: ["lost-leadership"],
    points: 2,
    visibility: "hidden",
    description: "a client waiting at a leader that stops leading the term it started the command in is told lost-leadership within 2 s, not left waiting for an entry that may never come: a step-down long after the request, one in the same term (check quorum), and a newer term led again",
    descriptionIn: { ko: "leader에서 기다리던 클라이언트는 그 서버가 명령을 시작한 term의 leader에서 물러나면 2 s 안에 lost-leadership을 받는다. 오지 않을 수도 있는 entry를 계속 기다리게 두지 않는다: 요청 한참 뒤에 물러나는 경우, 같은 term에서 물러나는 경우(check quorum), 더 새로운 term에서 다시 leader가 된 경우" },
    run(ctx) {
      const cases: { raft: { isLeader: boolean; term: number }; when: Texts }[] = [
        { raft: { isLeader: false, term: 2 }, when: says({ en: "the leader of term 1 waited 3 s, then became a follower in term 2; 2 s later, nothing applied", ko: "term 1의 leader가 3 s를 기다린 뒤 term 2에서 follower가 되고 아무것도 적용되지 않은 채 2 s가 지난 뒤" }) },
        { raft: { isLeader: false, term: 1 }, when: says({ en: "the leader of term 1 waited 3 s, then stepped down in the same term 1 (as check quorum does); 2 s later, nothing applied", ko: "term 1의 leader가 3 s를 기다린 뒤 같은 term 1에서 물러나고(check quorum처럼) 아무것도 적용되지 않은 채 2 s가 지난 뒤" }) },
        { raft: { isLeader: true, term: 3 }, when: says({ en: "the leader of term 1 waited 3 s, then lost and won again: it leads term 3, where c1#1 was never started; 2 s later, nothing applied", ko: "term 1의 leader가 3 s를 기다린 뒤 leader를 잃었다가 다시 얻어 term 3의 leader가 되고(c1#1은 term 3에서 시작되지 않았다) 아무것도 적용되지 않은 채 2 s가 지난 뒤" }) },
      ];
      for (const { raft, when } of cases) {
        const rig = new ServerRig(serverClass(ctx));
        rig.request("c1", transfer("c1", 1, "a1", "a2", 10));
        rig.advance(3_000);
        rig.raft = { ...raft, nextIndex: 2 };
        rig.advance(2_000);
        checkEqual(rig.onlyReply("c1", 1, "lost-leadership", when), { type: "BankReply", clientId: "c1", seq: 1, error: "lost-leadership" }, says({ en: `rule lost-leadership: the answer to c1#1 (${when.en})`, ko: `규칙 lost-leadership: c1#1에 대한 답 (${when.ko})` }));
      }
    },
  },
  {
    name: "retried-command-answers-once-applied",
    rules: ["exactly-once"],
    points: 3,
    visibility: "hidden",
    description: "a client that lost the answer retries its transfer: the retry, committed at a new index, moves no money and is answered with the first result",
    descriptionIn: { ko: "답을 잃은 클라이언트가 이체를 재시도한다: 새 인덱스에 커밋된 재시도는 돈을 옮기지 않고 첫 결과로 답한다" },
    run(ctx) {
      const rig = new ServerRig(serverClass(ctx));
      rig.request("c1", transfer("c1", 1, "a1", "a2", 60));
      rig.applyStarted();
      rig.request("c1", transfer("c1", 1, "a1", "a2", 60)); // the answer was lost: the clerk sends it again
      rig.applyStarted();
      const replies = rig.repliesTo("c1", 1);
      checkEqual(replies[replies.length - 1], { type: "BankReply", clientId: "c1", seq: 1, result: TRANSFERRED }, says({ en: "rule exactly-once: the answer to the retried c1#1", ko: "규칙 exactly-once: 재시도한 c1#1에 대한 답" }));
      checkEqual(rig.server.inspect().balances, { a1: 40, a2: 160, a3: 100, a4: 100 }, says({ en: "rule exactly-once: the balances after c1#1 was committed twice", ko: "규칙 exactly-once: c1#1이 두 번 커밋된 뒤의 잔액" }));
    },
  },
  {
    name: "restart-rebuilds-ledger",
    rules: ["rebuild-after-restart"],
    points: 2,
    visibility: "hidden",
    description: "a server rebuilt after a crash, given the log again from index 1, reaches the same balances and the same session table",
    descriptionIn: { ko: "멈춘 뒤 다시 만든 서버에 인덱스 1부터 로그를 다시 주면 같은 잔액과 같은 세션 테이블에 이른다" },
    run(ctx) {
      const log = [transfer("c1", 1, "a1", "a2", 30), transfer("c2", 1, "a2", "a3", 50), transfer("c1", 1, "a1", "a2", 30), read("c2", 2), transfer("c1", 2, "a3", "a4", 10)];
      const before = new ServerRig(serverClass(ctx));
      for (const command of log) before.apply(command);
      const after = new ServerRig(serverClass(ctx));
      for (const command of log) after.apply(command);
      checkEqual(after.server.inspect(), before.server.inspect(), says({ en: "rule rebuild-after-restart: inspect() of the rebuilt server", ko: "규칙 rebuild-after-restart: 다시 만든 서버의 inspect()" }));
      checkEqual(after.server.inspect().balances, { a1: 70, a2: 80, a3: 140, a4: 110 }, says({ en: "rule rebuild-after-restart: the balances after the log", ko: "규칙 rebuild-after-restart: 로그를 적용한 뒤의 잔액" }));
      after.raft.nextIndex = log.length + 1;
      after.request("c1", transfer("c1", 2, "a3", "a4", 10));
      after.applyStarted();
      checkEqual(after.server.inspect().balances.a4, 110, says({ en: "rule rebuild-after-restart: a4 after a late retry of c1#2 reached the rebuilt server (its session table must be rebuilt too)", ko: "규칙 rebuild-after-restart: c1#2의 늦은 재시도가 다시 만든 서버에 도착한 뒤의 a4 (세션 테이블도 다시 만들어야 한다)" }));
    },
  },
  // ------------------------------------------------------------------ the bank on Raft, under faults
  {
    name: "bank-under-nemesis",
    rules: ["bank-invariants", "reads-through-log", "exactly-once"],
    points: 4,
    visibility: "hidden",
    seeds: 10,
    timeoutMs: 30_000,
    description: "5 clerks on 5 servers through partitions, isolated nodes, crashes and clock jumps: the total holds, no balance goes negative, and every answer fits one bank applying them in order",
    descriptionIn: { ko: "분할, 고립된 노드, 멈춤, 시계 점프 속에서 서버 다섯 대에 점원 다섯이 일한다: 합계가 유지되고, 음수 잔액이 없으며, 모든 답이 차례로 적용하는 하나의 은행과 맞아떨어진다" },
    run(ctx) {
      runBankChecked(ctx, { nemesis: true, clerks: 5, operations: 40 });
    },
  },
  {
    name: "bank-on-a-lossy-network",
    rules: ["exactly-once", "bank-invariants"],
    points: 3,
    visibility: "hidden",
    seeds: 8,
    timeoutMs: 30_000,
    description: "messages lost, duplicated and reordered (requests and answers): retried transfers still apply once, and the checker finds nothing",
    descriptionIn: { ko: "메시지(요청과 답)가 유실되고, 중복되고, 순서가 바뀐다: 재시도한 이체도 한 번만 적용되고 검사기는 아무것도 찾지 못한다" },
    run(ctx) {
      runBankChecked(ctx, { network: UNRELIABLE_NETWORK, nemesis: false, clerks: 4, operations: 30 });
    },
  },
  {
    name: "progress-after-heal",
    rules: ["bank-liveness"],
    points: 2,
    visibility: "hidden",
    seeds: 5,
    timeoutMs: 30_000,
    description: "after a partition heals, a new transfer and a read succeed within 3 s, and the total they see is the opening one",
    descriptionIn: { ko: "분할이 복구된 뒤 새 이체와 읽기가 각각 3 s 안에 성공하고, 읽은 합계는 초기 합계와 같다" },
    run(ctx) {
      const cluster = bankCluster(ctx);
      cluster.sim.runFor(1_000);
      cluster.sim.partition("1,2|3,4,5");
      cluster.sim.runFor(2_000);
      cluster.sim.heal();
      const clerk = cluster.addClerk([{ f: "transfer", from: "a1", to: "a2", amount: 5 }, { f: "read" }], { giveUpMs: 3_000 });
      cluster.runUntilClerksDone(10_000);
      const ops = cluster.history().operations.filter((op) => op.client === clerk);
      check(ops.length === 2 && ops.every((op) => op.status === "ok"), () => says({ en: `rule bank-liveness: after the heal at ${cluster.sim.now} ms, ${clerk}'s transfer and read did not both succeed within 3 s each: ${show(ops.map((op) => ({ op: op.input, status: op.status })))}`, ko: `규칙 bank-liveness: ${cluster.sim.now} ms에 복구된 뒤 ${clerk}의 이체와 읽기가 각각 3 s 안에 둘 다 성공하지는 못했습니다: ${show(ops.map((op) => ({ op: op.input, status: op.status })))}` }));
      const balances = ops[1].output as Record<string, number>;
      check(totalOf(balances) === totalOf(ACCOUNTS), () => says({ en: `rule bank-invariants: the read after the heal saw ${describeBalances(balances)}`, ko: `규칙 bank-invariants: 복구 뒤의 읽기가 본 잔액: ${describeBalances(balances)}` }));
    },
  },
];
