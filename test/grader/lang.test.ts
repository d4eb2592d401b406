/**
 * The grader in Korean (`--lang ko`, COURSE_LANG=ko): its own words from the catalog
 * (grader/i18n/), tests' words where they give a Korean twin, rule headings from the rule
 * tables' translations; ids, values, seeds and commands as they are in English.
 */
import { expect } from "chai";
import { spawnSync } from "node:child_process";
import { readdirSync } from "node:fs";
import { join } from "node:path";
import { loadWeek } from "../../grader/catalog";
import { en } from "../../grader/i18n/en";
import { ko } from "../../grader/i18n/ko";
import { chooseLanguage } from "../../grader/i18n/language";
import { formatJson, formatJunit } from "../../grader/report/formats";
import { formatHtml } from "../../grader/report/html";
import { formatListing } from "../../grader/report/listing";
import { formatTerminal } from "../../grader/report/terminal";
import { mutantFile } from "../../grader/mutants";
import { loadRuleTable, loadRuleTranslation } from "../../grader/rules";
import { findingsEn } from "../../src/findings/en";
import { findingsKo } from "../../src/findings/ko";
import type { GradeReport } from "../../grader/runner";
import { gradeWith, ROOT } from "./helpers";

const HALF_DONE = join(ROOT, "grader", "fixtures", "lang", "week0", "half-done.ts");
const HANGUL = /[\uac00-\ud7a3]/;
/** Weeks whose tests are translated throughout: titles, descriptions, rule tables. */
const TRANSLATED_WEEKS = [0, 1, 2, 3, 4];

describe("the grader in Korean", function () {
  this.timeout(120_000);
  let report: GradeReport;

  before(async () => {
    report = await gradeWith(0, { overrides: { "week0.quorum": HALF_DONE } });
  });

  it("reports a stub and a wrong answer in Korean, with test ids, values and commands unchanged", () => {
    const text = formatTerminal(report, { sourceFlags: [], language: "ko", color: false });
    expect(text).to.include("0주차: 준비 운동: 과반수와 quorum\n");
    expect(text).to.include("0주차 · quorum: quorum 크기와 네트워크 분할");
    expect(text).to.match(/^ {2}quorum-examples +0\/2 {2}실패$/m);
    expect(text).to.include("합계: 2/26점 (8%)");
    expect(text).to.include("감점 이유");
    expect(text).to.include("✗ quorum: 아직 구현하지 않음: maxFailures, majorityGroup (grader/fixtures/lang/week0/half-done.ts에 작성하세요); 테스트 8개가 기다리는 중");
    expect(text).to.include("규칙 quorum-size: quorumSize(n)은 가장 작은 엄격한 과반수 floor(n / 2) + 1이다");
    expect(text).to.include("✗ week0.quorum.quorum-examples (공개, 0/2): quorumSize가 계약에 나온 크기(5, 4, 1)에서 엄격한 과반수를 돌려준다");
    expect(text).to.include("quorumSize(4)의 반환값이 2입니다. 기댓값은 3입니다");
    expect(text).to.include("재현: npm run grade week0 -- --only week0.quorum.quorum-examples --lang ko");
    expect(text).to.not.match(/Total:|Why points were lost|not implemented yet|returned 2, expected 3/);
    // The English report of the same run is the English one, word for word as before.
    const english = formatTerminal(report, { sourceFlags: [], color: false });
    expect(english).to.include("week 0: Warm-up: majorities and quorums\n");
    expect(english).to.include("quorumSize(4) returned 2, expected 3");
    expect(english).to.include("replay: npm run grade week0 -- --only week0.quorum.quorum-examples\n");
    expect(english).to.not.match(HANGUL);
  });

  it("the HTML and machine formats change only their words: kinds, ids, scores and seeds stay", () => {
    const context = { sourceFlags: [], language: "ko" as const };
    expect(formatHtml(report, context, "t")).to.include('<html lang="ko">').and.include("<h2>0주차: 준비 운동: 과반수와 quorum</h2>").and.include("규칙 quorum-size").and.include("아직 구현하지 않음: maxFailures");
    const korean = JSON.parse(formatJson(report, context)) as GradeReport;
    const english = JSON.parse(formatJson(report, { sourceFlags: [] })) as GradeReport;
    const machine = (json: GradeReport) => json.exercises[0].tests.map((test) => [test.id, test.visibility, test.earned, test.failure?.reason.kind, test.failure?.seed]);
    expect(machine(korean)).to.deep.equal(machine(english));
    expect(korean.weeks).to.deep.equal([{ week: 0, title: "준비 운동: 과반수와 quorum" }]);
    const examples = korean.exercises[0].tests.find((test) => test.name === "quorum-examples");
    expect(examples?.failure?.reason.message).to.equal("quorumSize(4)의 반환값이 2입니다. 기댓값은 3입니다");
    expect(formatJunit(report, context)).to.include('type="failed"').and.include("기댓값은 3입니다");
  });

  it("--list in Korean: the same ids, points and rules, with Korean words and descriptions", () => {
    const week = loadWeek(ROOT, 0);
    const listed = formatListing([week], week.tests, "ko");
    expect(listed).to.include("0주차: 준비 운동: 과반수와 quorum\n");
    expect(listed).to.include("  week0.quorum.quorum-every-size (비공개, 3점, 고정; 규칙: quorum-size)\n      1부터 101까지 모든 n에서 quorumSize(n)은");
    expect(listed).to.include("week0.quorum.random-partitions (비공개, 4점, seed 10개; 규칙: majority-group, no-majority)");
    expect(listed).to.include("하나만 실행: npm run grade week0 -- --only week0.quorum.quorum-examples --lang ko");
  });

  it("the Korean catalog gives every message id of the English one, each of the same shape", () => {
    expect(Object.keys(ko).sort()).to.deep.equal(Object.keys(en).sort());
    for (const [id, english] of Object.entries(en)) {
      const korean = (ko as Record<string, unknown>)[id];
      expect(typeof korean, id).to.equal(typeof english);
      if (typeof english === "function") expect((korean as () => string).length, id).to.equal(english.length);
    }
    expect(en.usage).to.include("--lang L");
    expect(ko.usage).to.include("--lang L");
  });

  it("every rule table translation names exactly its table's rules", () => {
    for (const week of [0, 1, 2, 3, 4]) {
      for (const file of readdirSync(join(ROOT, "grader", "tests", `week${week}`))) {
        const match = /^(.+)\.rules\.(\w+)\.md$/.exec(file);
        if (!match) continue;
        const [, exercise, language] = match;
        const ids = (loadRuleTable(ROOT, week, exercise) ?? []).map((rule) => rule.id);
        expect([...(loadRuleTranslation(ROOT, week, exercise, language)?.keys() ?? [])], file).to.deep.equal(ids);
      }
    }
  });

  it("a translated week gives itself and every exercise a Korean title, every test a Korean description and every rule table its Korean twin", () => {
    for (const week of TRANSLATED_WEEKS) {
      const { definition, tests } = loadWeek(ROOT, week);
      expect(definition.titleIn?.ko, `week ${week}: no Korean title`).to.be.a("string");
      expect(definition.exercises.filter((exercise) => !exercise.titleIn?.ko).map((exercise) => exercise.id), `week ${week}: exercises without a Korean title`).to.deep.equal([]);
      expect(tests.filter((test) => !test.test.descriptionIn?.ko).map((test) => test.id), `week ${week}: tests without a Korean description`).to.deep.equal([]);
      const untranslated = definition.exercises.filter((exercise) => loadRuleTable(ROOT, week, exercise.id) && !loadRuleTranslation(ROOT, week, exercise.id, "ko"));
      expect(untranslated.map((exercise) => exercise.id), `week ${week}: rule tables without a Korean twin`).to.deep.equal([]);
    }
  });

  it("the Korean findings table gives every finding of the English one, each of the same arity", () => {
    expect(Object.keys(findingsKo).sort()).to.deep.equal(Object.keys(findingsEn).sort());
    for (const [id, english] of Object.entries(findingsEn)) expect((findingsKo as Record<string, (...args: never[]) => string>)[id].length, id).to.equal(english.length);
  });

  it("--lang, else COURSE_LANG, chooses the language; an unknown one is a usage error", () => {
    expect(chooseLanguage(undefined, {})).to.equal("en");
    expect(chooseLanguage(undefined, { COURSE_LANG: "ko" })).to.equal("ko");
    expect(chooseLanguage("en", { COURSE_LANG: "ko" })).to.equal("en");
    expect(() => chooseLanguage("fr", {})).to.throw("--lang=fr: the grader speaks en, ko");
    const cli = (args: string[], env: NodeJS.ProcessEnv) => spawnSync(process.execPath, ["--import", "tsx", join(ROOT, "grader", "cli.ts"), ...args], { cwd: ROOT, encoding: "utf8", env: { ...process.env, ...env }, timeout: 60_000 });
    const unknown = cli(["week9"], { COURSE_LANG: "ko" });
    expect(unknown.status).to.equal(2);
    expect(unknown.stderr).to.include('"week9" 주차는 없습니다').and.include("사용법: npm run grade");
    const french = cli(["week0", "--lang", "fr"], { COURSE_LANG: "" });
    expect(french.status).to.equal(2);
    expect(french.stderr).to.include("--lang=fr: the grader speaks en, ko");
  });
});

/** A mutant's report: the checkers' and harness's findings in Korean, and the English report as it was. */
describe("the grader in Korean: the course's findings behind a lost point", function () {
  this.timeout(180_000);
  const mutantReport = (week: number, exercise: string, mutant: string, only: string) =>
    gradeWith(week, { sourceRoot: join(ROOT, "solutions"), overrides: { [`week${week}.${exercise}`]: mutantFile(ROOT, week, exercise, mutant) }, only });
  const reports = (report: GradeReport) => ({ korean: formatTerminal(report, { sourceFlags: [], language: "ko", color: false }), english: formatTerminal(report, { sourceFlags: [], color: false }) });

  it("the Raft watcher's violation, for a log that is not persisted", async () => {
    const { korean, english } = reports(await mutantReport(1, "raft", "log-not-persisted", "week1.raft.persistence-basic"));
    expect(korean).to.match(/t=[\d.]+ms에 committed entries kept 위반: n\d에서 index \d+까지 apply했는데 재시작한 뒤 log에 entry가 0개뿐입니다: log\[\]는 서버가 응답하기 전에 stable storage에 저장하고 재시작할 때 다시 읽어야 합니다/);
    expect(korean).to.not.include("came back from a restart");
    expect(english).to.match(/committed entries kept violated at t=[\d.]+ms: n\d had applied up to index \d+ and came back from a restart with 0 entries in its log: log\[\] must be in stable storage before the server answers, and read back on restart/);
    expect(english).to.not.match(HANGUL);
  });

  it("the saga checker's rule, for compensations in forward order", async () => {
    const { korean, english } = reports(await mutantReport(3, "saga", "compensate-in-forward-order", "week3.saga.fails-at-each-step"));
    expect(korean).to.match(/\[reverse-order\] 주문 o1: 보상이 역순으로 실행되지 않았습니다. 1단계의 보상\(void o1 \(command "o1\/0\/void", undoing "o1\/0\/authorize"\) at payment, t=\d+ms\)이 2단계의 보상/);
    expect(english).to.match(/\[reverse-order\] order o1: compensations out of reverse order: void o1 \(command "o1\/0\/void", undoing "o1\/0\/authorize"\) at payment, t=\d+ms \(step 1\) came before release o1/);
    expect(english).to.not.match(HANGUL);
  });

  it("the breaker trace checker's rule, for a breaker that opens only above its threshold", async () => {
    const { korean, english } = reports(await mutantReport(3, "breaker", "above-not-at-threshold", "week3.breaker.opens-at-the-threshold"));
    expect(korean).to.include(
      "규칙 opens-at-threshold: 호출 #4의 실패 보고(1 ms 걸려 t=4 ms에 보고됨): breaker가 열렸어야 하는데 CLOSED로 남았습니다(또는 CLOSED -> OPEN을 publish하지 않았습니다). " +
        "윈도우 = 결과 4개 [#1 ok, #2 failed, #3 ok, #4 failed], 4 >= minimumCalls = 4이고 실패율이 50%(호출 4개 중 2개 실패)로 임계값 50% 이상입니다 (임계값과 정확히 같습니다: 초과가 아니라 이상이면 열립니다)",
    );
    expect(english).to.include(
      "rule opens-at-threshold: call #4's failure (reported at t=4 ms after 1 ms): the breaker should have opened, but it stayed CLOSED (or did not publish CLOSED -> OPEN). " +
        "The window holds 4 outcomes [#1 ok, #2 failed, #3 ok, #4 failed], 4 >= minimumCalls = 4, and the failure rate reached 50% (2 of 4 calls failed), at or above the 50% threshold (exactly the threshold: at or above opens, not only above)",
    );
    expect(english).to.not.match(HANGUL);
  });

  it("the linearizability checker's explanation, for a linearizable put that skips its query", async () => {
    const { korean, english } = reports(await mutantReport(2, "kv", "linearizable-put-skips-query", "week2.kv.linearizable-quiet"));
    expect(korean).to.match(/장애 없음: 클라이언트들의 히스토리가 linearizable하지 않습니다\. key [xy]: c\d의 get\([xy]\)에서 t=[\d.]+에 반환한 값은 "c\d-\d+"입니다\(stale 값\)\. "c\d-\d+" 값을 쓴 쓰기는 /);
    expect(korean).to.match(/그런데 읽기\(t=[\d.]+에 호출\) 전에 c\d의 put\([xy], "c\d-\d+"\)에서 이미 덮어썼습니다\(t=[\d.]+에 완료\)\./);
    expect(korean).to.not.include("(a stale value)");
    expect(english).to.match(/with no faults: the clients' history is not linearizable\. key [xy]: get\([xy]\) by c\d returned "c\d-\d+" at t=[\d.]+ \(a stale value\), but the only write of "c\d-\d+", put\([xy], "c\d-\d+"\) by c\d \(t=[\d.]+\.\.[\d.]+\), had been overwritten by put\([xy], "c\d-\d+"\) by c\d, completed at t=[\d.]+, before the read was called at t=[\d.]+\./);
    expect(english).to.not.match(HANGUL);
  });

  it("the bank checker's summary, for reads from a server's own ledger", async () => {
    const { korean, english } = reports(await mutantReport(4, "bank", "reads-from-local-ledger", "week4.bank.bank-on-a-lossy-network"));
    expect(korean).to.match(/규칙 bank-invariants: 은행 검사기가 찾은 것: non-linearizable \(operation \d+개 중 성공한 읽기 \d+개, 성공한 이체 \d+개, 결과를 알 수 없는 것 \d+개\)/);
    expect(english).to.match(/rule bank-invariants: the bank checker found non-linearizable \(\d+ ok reads, \d+ ok transfers, \d+ indeterminate, of \d+ operations\)/);
    expect(english).to.not.match(HANGUL);
  });
});
