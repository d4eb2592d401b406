/**
 * Broken submissions cost only the tests they break, each with a clear reason, and the rest of
 * the report is complete. Each fixture in grader/fixtures/robustness/week0/ is a version of
 * exercises/week0/quorum.ts broken in one way.
 */
import { expect } from "chai";
import { cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, symlinkSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { gradeSubmissions } from "../../grader/batch";
import { loadWeek } from "../../grader/catalog";
import { mutantFile } from "../../grader/mutants";
import { formatClassroom, formatGradescope, formatJson, formatJunit } from "../../grader/report/formats";
import { formatHtml } from "../../grader/report/html";
import { formatTerminal } from "../../grader/report/terminal";
import { ChildPool } from "../../grader/child-pool";
import type { ReasonKind } from "../../grader/protocol";
import type { GradeReport } from "../../grader/runner";
import { ROOT, allTests, gradeWith, inParallel } from "./helpers";

const FIXTURES = join(ROOT, "grader", "fixtures", "robustness", "week0");
const ALL = ["quorum-examples", "failure-examples", "chapter-partition", "quorum-every-size", "quorum-rejects-bad-sizes", "failures-and-groups-reject-bad-sizes", "failures-every-size", "random-partitions", "even-split-has-no-majority", "majority-counts-the-whole-cluster", "majority-in-any-position"];

interface Expectation {
  fixture: string;
  /**
   * Hostile: graded with children of its own, as `npm run grade` does (it means to reach later
   * tests); the others share two children, which the harmless ones must leave as they found them.
   */
  alone?: boolean;
  /** The wall-clock limit for this fixture when it is not TIMEOUT_MS_MAX (infinite-loop's short one). */
  timeoutMs?: number;
  /** Tests that must fail, with the reason kind and words their message must contain (none: all pass). */
  broken: { tests: string[]; kind: ReasonKind; says: RegExp };
}

const NOTHING_BROKEN: Expectation["broken"] = { tests: [], kind: "failed", says: /^$/ };
/**
 * The limits the fixtures run under. Only infinite-loop needs a short clock; the others loop
 * nowhere and get a generous one, so that a loaded machine's slow first job is never a timeout.
 */
const LOOP_TIMEOUT_MS = 4_000;
const TIMEOUT_MS_MAX = 30_000;
const MEMORY_MB = 128;
/** Small, so that Buffers reach it in seconds on a loaded machine, yet above what a heap of MEMORY_MB makes resident. */
const RESIDENT_MB = 300;

/** Failures of majorityGroup() that always says -1, the honest code of the hostile fixtures: 14 of 20. */
const SAYS_MINUS_ONE: Expectation["broken"] = { tests: ["chapter-partition", "random-partitions", "majority-in-any-position", "majority-counts-the-whole-cluster"], kind: "failed", says: /^majorityGroup\(\d+, "[\d,|]+"\) returned -1, expected \d+/ };
const MAXFAILURES_TESTS = ["failure-examples", "failures-every-size"];
/** The tests that call majorityGroup. */
const MAJORITY_GROUP_TESTS = ["chapter-partition", "failures-and-groups-reject-bad-sizes", "random-partitions", "even-split-has-no-majority", "majority-in-any-position", "majority-counts-the-whole-cluster"];

const CASES: Expectation[] = [
  { fixture: "infinite-loop", timeoutMs: LOOP_TIMEOUT_MS, broken: { tests: ["quorum-every-size", "failures-every-size"], kind: "timeout", says: new RegExp(`^timed out after ${LOOP_TIMEOUT_MS} ms of real time \\(this test's limit\\) while \`(quorumSize|maxFailures)\\(100\\)\` was running \\(grader/fixtures/robustness/week0/infinite-loop\\.ts\\)`) } },
  { fixture: "throws-at-import", broken: { tests: ALL, kind: "import", says: /^loading grader\/fixtures\/robustness\/week0\/throws-at-import\.ts failed: your code threw SyntaxError/ } },
  { fixture: "process-exit", broken: { tests: ["failures-every-size"], kind: "exit", says: /^your code called process\.exit\(3\)/ } },
  { fixture: "syntax-error", broken: { tests: ALL, kind: "compile", says: /syntax-error\.ts:3:\d+ error TS1005: '\)' expected/ } },
  { fixture: "type-error", broken: { tests: ALL, kind: "compile", says: /type-error\.ts:3:9 error TS2322: Type 'string' is not assignable to type 'number'/ } },
  { fixture: "missing-export", broken: { tests: MAJORITY_GROUP_TESTS, kind: "missing-export", says: /does not export majorityGroup/ } },
  { fixture: "wrong-return-type", broken: { tests: ["quorum-examples", "quorum-every-size"], kind: "failed", says: /^quorumSize\(\d+\) returned "\d+" \(a string, expected a number\)/ } },
  { fixture: "prints-megabytes", broken: { tests: ["failure-examples", "failures-every-size"], kind: "output", says: /^printed [\d.]+ MB during this test \(the limit is 1 MB\)/ } },
  { fixture: "patches-globals", broken: { tests: MAJORITY_GROUP_TESTS, kind: "globals", says: /replaced Array\.prototype\.findIndex/ } },
  { fixture: "throws-in-call", broken: { tests: ["failure-examples", "failures-every-size"], kind: "exception", says: /^your code threw TypeError: Cannot read properties of undefined \(reading 'failures'\)/ } },
  { fixture: "kills-itself", broken: { tests: ["failures-every-size"], kind: "crash", says: /^the test process died \(exit code none, signal SIGKILL\) while running this test/ } },
  { fixture: "forges-result", broken: { tests: ["failure-examples", "failures-every-size"], kind: "tampering", says: /^your code sent a message to the grader's parent process/ } },
  { fixture: "listens-to-grader", broken: { tests: ALL, kind: "tampering", says: /changed process\.on\("message"\) listeners/ } },
  { fixture: "patches-course-code", broken: { tests: ALL, kind: "tampering", says: /replaced src\/sim\/random\.ts: Rng\.prototype\.int/ } },
  { fixture: "leaves-timers", broken: NOTHING_BROKEN },
  { fixture: "uses-lazy-globals", broken: NOTHING_BROKEN },
  { fixture: "allocates-forever", broken: { tests: ["quorum-every-size", "failures-every-size"], kind: "memory", says: new RegExp(`^ran out of memory \\(the limit is ${MEMORY_MB} MB\\)`) } },
  { fixture: "throws-undefined", broken: { tests: MAXFAILURES_TESTS, kind: "exception", says: /^your code threw a non-Error value: undefined$/ } },
  { fixture: "throws-unprintable", broken: { tests: MAXFAILURES_TESTS, kind: "exception", says: /^your code threw a value that cannot be described/ } },
  {
    fixture: "throws-while-described",
    broken: { tests: ["quorum-examples", "quorum-every-size", ...MAJORITY_GROUP_TESTS], kind: "exception", says: /^your code threw a non-Error value: undefined$/ },
  },
  { fixture: "hooks-process-emit", alone: true, broken: { tests: ALL, kind: "tampering", says: /process\.emit|sent a message to the grader/ } },
  { fixture: "patches-module-loader", alone: true, broken: { tests: ALL, kind: "tampering", says: /Module\._load/ } },
  { fixture: "leaves-node-timers", alone: true, broken: SAYS_MINUS_ONE },
  { fixture: "kills-parent", alone: true, broken: { tests: MAXFAILURES_TESTS, kind: "exception", says: /^your code threw Error: process\.kill\(\d+\) is not available to exercise code/ } },
  { fixture: "spawns-processes", alone: true, broken: { tests: MAXFAILURES_TESTS, kind: "exception", says: /child_process\.spawn is not available to exercise code/ } },
  {
    fixture: "touches-files",
    alone: true,
    broken: { tests: [...MAXFAILURES_TESTS, ...MAJORITY_GROUP_TESTS.filter((test) => test !== "failures-and-groups-reject-bad-sizes")], kind: "exception", says: /^your code used something the grader does not allow \(FileSystem(Read|Write): / },
  },
  { fixture: "leaks-hidden-tests", broken: { tests: MAXFAILURES_TESTS, kind: "exception", says: /^\[a line of a hidden test was removed\]/ } },
  {
    fixture: "allocates-buffers",
    alone: true,
    broken: { tests: ["quorum-every-size", "failures-every-size"], kind: "memory", says: new RegExp(`^ran out of memory: the process held \\d+ MB \\(the limit is ${RESIDENT_MB} MB in all`) },
  },
];

describe("grader robustness: a broken submission costs only what it breaks", function () {
  this.timeout(10 * 60_000);
  let reports: GradeReport[] = [];
  const clocks = join(ROOT, "exercises", "week1", "clocks.ts");
  let clocksBefore = "";

  before(async () => {
    clocksBefore = readFileSync(clocks, "utf8");
    // Two children serve every fixture; the grader replaces the ones a fixture kills.
    const pool = new ChildPool(ROOT, { memoryMb: MEMORY_MB, residentMb: RESIDENT_MB, readDirs: [FIXTURES] }, 2);
    try {
      reports = await inParallel(
        CASES.map((c) => () =>
          gradeWith(0, { overrides: { "week0.quorum": join(FIXTURES, `${c.fixture}.ts`) }, timeoutMsMax: c.timeoutMs ?? TIMEOUT_MS_MAX, memoryMb: MEMORY_MB, residentMb: RESIDENT_MB, pool: c.alone ? undefined : pool }),
        ),
        2,
      );
    } finally {
      pool.close();
    }
  });

  CASES.forEach((c, i) => {
    const title = c.broken.tests.length === 0 ? `${c.fixture}: every test passes` : `${c.fixture}: ${c.broken.kind} in the tests it breaks, the others complete`;
    it(title, () => {
      const tests = allTests(reports[i]);
      expect(tests.map((test) => test.name).sort()).to.deep.equal([...ALL].sort());
      for (const test of tests) {
        const shouldBreak = c.broken.tests.includes(test.name);
        const got = test.failure ? `${test.failure.reason.kind}: ${test.failure.reason.message}` : "passed";
        if (shouldBreak) {
          expect(test.failure?.reason.kind, `${test.name}: ${got}`).to.equal(c.broken.kind);
          expect(test.failure?.reason.message, test.name).to.match(c.broken.says);
        } else {
          expect(got, test.name).to.equal("passed");
        }
      }
    });
  });

  it("no file of the course changed, and no process of the run is left", () => {
    expect(readFileSync(clocks, "utf8"), "touches-files appends to exercises/week1/clocks.ts").to.equal(clocksBefore);
    expect(childProcessesLeft(), "grader children still running").to.deep.equal([]);
  });

  it("leaks-hidden-tests: no report format carries a line of a hidden test or a terminal control character", () => {
    const report = reports[CASES.findIndex((c) => c.fixture === "leaks-hidden-tests")];
    expectNoLeak(reportTexts(report));
  });

  it("red flags name the tampering APIs a file uses", () => {
    const flags = (fixture: string) => reports[CASES.findIndex((c) => c.fixture === fixture)].exercises[0].redFlags.join(", ");
    expect(flags("hooks-process-emit")).to.match(/^process\.emit \(line \d+\), process\.send \(line \d+\)$/);
    expect(flags("patches-module-loader")).to.match(/Module \(the module loader\) \(line \d+\)/);
    expect(flags("touches-files")).to.match(/\/proc \(line \d+\), file writes \(line \d+\)/);
    expect(flags("throws-in-call")).to.equal("");
  });

  it("an exception shows the line of the learner's file, not the grader's", () => {
    const test = allTests(reports[CASES.findIndex((c) => c.fixture === "throws-in-call")]).find((t) => t.name === "failure-examples");
    expect(test?.failure?.reason.details).to.match(/grader\/fixtures\/robustness\/week0\/throws-in-call\.ts:10:\d+/);
    expect(test?.failure?.reason.details ?? "").to.not.include("grader/tests/");
  });

  it("a time-out in a simulated server names the server and the handler that was running", async () => {
    const fixture = join(ROOT, "grader", "fixtures", "robustness", "week1", "raft-loops-on-append.ts");
    const report = await gradeWith(1, { only: "week1.raft.initial-election", overrides: { "week1.raft": fixture }, timeoutMsMax: LOOP_TIMEOUT_MS, memoryMb: MEMORY_MB, residentMb: RESIDENT_MB });
    const [test] = allTests(report);
    expect(test?.failure?.reason.kind).to.equal("timeout");
    expect(test?.failure?.reason.message).to.match(/ while `n\d's onMessage\(AppendEntries from n\d\)` was running \(grader\/fixtures\/robustness\/week1\/raft-loops-on-append\.ts\)/);
  });

  it("what the code printed is kept as a short tail", () => {
    const test = allTests(reports[CASES.findIndex((c) => c.fixture === "prints-megabytes")]).find((t) => t.name === "failure-examples");
    expect(test?.failure?.output).to.include("debug: computing maxFailures");
    expect((test?.failure?.output ?? "").length).to.be.below(10_000);
  });
});

/** Command lines of processes still running this checkout's grader child (Linux; elsewhere none are found). */
function childProcessesLeft(): string[] {
  if (!existsSync("/proc")) return [];
  const child = join(ROOT, "grader", "child.ts");
  return readdirSync("/proc")
    .filter((name) => /^\d+$/.test(name))
    .map((pid) => {
      try {
        return readFileSync(`/proc/${pid}/cmdline`, "utf8").split("\0").join(" ");
      } catch {
        return "";
      }
    })
    .filter((line) => line.includes(child));
}

/** Every report format of `report`, as the learner or instructor would get it. */
function reportTexts(report: GradeReport): string[] {
  const context = { sourceFlags: [] };
  return [
    formatTerminal(report, { ...context, color: false }),
    formatHtml(report, context, "report"),
    formatJson(report, context),
    formatGradescope(report, context),
    formatClassroom(report, context),
    formatJunit(report, context),
  ];
}

/** No hidden test line (of 12 characters or more, as written or as JSON writes it) and no escape character in `texts`. */
function expectNoLeak(texts: string[]): void {
  const hidden = readFileSync(join(ROOT, "grader", "tests", "week0", "quorum.hidden.ts"), "utf8")
    .split("\n")
    .map((line) => line.trim())
    .filter((line) => line.length >= 12);
  expect(hidden.length).to.be.greaterThan(20);
  for (const text of texts) {
    for (const line of hidden) {
      expect(text, "a hidden test line").to.not.include(line);
      expect(text, "a hidden test line, JSON-escaped").to.not.include(JSON.stringify(line).slice(1, -1));
    }
    expect(text).to.not.match(/\u001b|\\u001b|\r/);
  }
}

describe("grader robustness, batch mode: a hostile submission between innocent ones moves nobody's score", function () {
  this.timeout(10 * 60_000);
  const students: { name: string; file: string; score?: number; atMost?: number }[] = [
    { name: "a-reference", file: join(ROOT, "solutions", "week0", "quorum.ts"), score: 26 },
    { name: "b-hooks-process-emit", file: join(FIXTURES, "hooks-process-emit.ts"), atMost: 16 },
    { name: "c-mutant", file: mutantFile(ROOT, 0, "quorum", "largest-group-wins"), score: 16 },
    { name: "d-patches-module-loader", file: join(FIXTURES, "patches-module-loader.ts"), atMost: 16 },
    { name: "e-leaves-node-timers", file: join(FIXTURES, "leaves-node-timers.ts"), score: 16 },
    { name: "f-reference", file: join(ROOT, "solutions", "week0", "quorum.ts"), score: 26 },
    { name: "g-leaks-hidden-tests", file: join(FIXTURES, "leaks-hidden-tests.ts"), atMost: 21 },
    { name: "h-mutant", file: mutantFile(ROOT, 0, "quorum", "largest-group-wins"), score: 16 },
  ];
  let dir = "";
  let rows: string[] = [];
  const clocks = join(ROOT, "exercises", "week1", "clocks.ts");
  let clocksBefore = "";

  before(async () => {
    clocksBefore = readFileSync(clocks, "utf8");
    dir = mkdtempSync(join(tmpdir(), "hostile-batch-"));
    for (const student of students) {
      mkdirSync(join(dir, "subs", student.name, "week0"), { recursive: true });
      cpSync(student.file, join(dir, "subs", student.name, "week0", "quorum.ts"));
    }
    // k hands in a link to the course's reference solution instead of a file
    mkdirSync(join(dir, "subs", "k-links-the-solution", "week0"), { recursive: true });
    symlinkSync(join(ROOT, "solutions", "week0", "quorum.ts"), join(dir, "subs", "k-links-the-solution", "week0", "quorum.ts"));
    const request = { root: ROOT, sourceRoot: join(ROOT, "exercises"), weeks: [loadWeek(ROOT, 0)], memoryMb: MEMORY_MB, residentMb: RESIDENT_MB, timeoutMsMax: TIMEOUT_MS_MAX };
    await gradeSubmissions({ request, submissionsDir: join(dir, "subs"), jobs: 2, outDir: join(dir, "out") });
    rows = readFileSync(join(dir, "out", "gradebook.csv"), "utf8").trim().split("\n").slice(1);
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  it("innocent submissions keep their exact scores; hostile ones earn no more than their honest code", () => {
    expect(rows.map((row) => row.split(",")[0])).to.deep.equal([...students.map((student) => student.name), "k-links-the-solution"]);
    students.forEach((student, i) => {
      const points = Number(rows[i].split(",")[1]);
      if (student.score !== undefined) expect(points, rows[i]).to.equal(student.score);
      else expect(points, rows[i]).to.be.at.most(student.atMost ?? 0);
    });
  });

  it("a link out of the submission is refused, not followed", () => {
    expect(rows[students.length]).to.match(/^k-links-the-solution,0,0,0,,week0\/quorum\.ts is a symbolic link to something outside the submission/);
  });

  it("the gradebook lists red flags and caught tampering", () => {
    expect(rows[1]).to.match(/week0\.quorum: process\.emit \(line \d+\).*; tampering caught in 11 tests"$/);
    expect(rows[3]).to.match(/week0\.quorum: Module \(the module loader\) \(line \d+\).*; tampering caught in 11 tests"?$/);
    expect(rows[0]).to.match(/,$/);
  });

  it("no report of the batch carries a hidden test line or a control character", () => {
    const out = join(dir, "out", "g-leaks-hidden-tests");
    expectNoLeak([...["report.txt", "report.json", "report.html"].map((file) => readFileSync(join(out, file), "utf8")), readFileSync(join(dir, "out", "gradebook.csv"), "utf8")]);
  });

  it("no file of the course changed, and no process of the run is left", () => {
    expect(readFileSync(clocks, "utf8")).to.equal(clocksBefore);
    expect(childProcessesLeft()).to.deep.equal([]);
  });
});
