/**
 * Broken submissions cost only the tests they break, each with a clear reason, and the rest of
 * the report is complete. Each fixture in grader/fixtures/robustness/week0/ is a version of
 * exercises/week0/quorum.ts broken in one way.
 */
import { expect } from "chai";
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { ChildPool } from "../../grader/child-pool";
import { RESIDENT_ALLOWANCE_MB } from "../../grader/sandbox";
import type { ReasonKind } from "../../grader/protocol";
import type { GradeReport } from "../../grader/runner";
import { ROOT, allTests, gradeWith, inParallel } from "./helpers";

const FIXTURES = join(ROOT, "grader", "fixtures", "robustness", "week0");
const ALL = ["quorum-examples", "failure-examples", "chapter-partition", "quorum-every-size", "quorum-rejects-bad-sizes", "failures-every-size", "random-partitions", "even-split-has-no-majority"];

interface Expectation {
  fixture: string;
  /**
   * Hostile: graded with children of its own, as `npm run grade` does (it means to reach later
   * tests); the others share two children, which the harmless ones must leave as they found them.
   */
  alone?: boolean;
  /**
   * The wall-clock limit for this fixture when it is not TIMEOUT_MS_MAX: a memory fixture gets a
   * generous one, so that on a loaded machine the cap, not the clock, ends it.
   */
  timeoutMs?: number;
  /** Tests that must fail, with the reason kind and words their message must contain (none: all pass). */
  broken: { tests: string[]; kind: ReasonKind; says: RegExp };
}

const NOTHING_BROKEN: Expectation["broken"] = { tests: [], kind: "failed", says: /^$/ };
/** The limits the fixtures run under: small, so hangs and leaks end quickly. */
const TIMEOUT_MS_MAX = 1_000;
const MEMORY_MB = 128;
const MEMORY_TIMEOUT_MS = 60_000;

/** Failures of majorityGroup() that always says -1, the honest code of the hostile fixtures: 14 of 20. */
const SAYS_MINUS_ONE: Expectation["broken"] = { tests: ["chapter-partition", "random-partitions"], kind: "failed", says: /^majorityGroup\(\d+, "[\d,|]+"\) returned -1, expected \d+/ };
const MAXFAILURES_TESTS = ["failure-examples", "failures-every-size"];

const CASES: Expectation[] = [
  { fixture: "infinite-loop", broken: { tests: ["quorum-every-size", "failures-every-size"], kind: "timeout", says: /^timed out after 1000 ms of real time/ } },
  { fixture: "throws-at-import", broken: { tests: ALL, kind: "import", says: /^loading grader\/fixtures\/robustness\/week0\/throws-at-import\.ts failed: your code threw SyntaxError/ } },
  { fixture: "process-exit", broken: { tests: ["failures-every-size"], kind: "exit", says: /^your code called process\.exit\(3\)/ } },
  { fixture: "syntax-error", broken: { tests: ALL, kind: "compile", says: /syntax-error\.ts:3:\d+ error TS1005: '\)' expected/ } },
  { fixture: "type-error", broken: { tests: ALL, kind: "compile", says: /type-error\.ts:3:9 error TS2322: Type 'string' is not assignable to type 'number'/ } },
  { fixture: "missing-export", broken: { tests: ["chapter-partition", "random-partitions", "even-split-has-no-majority"], kind: "missing-export", says: /does not export majorityGroup/ } },
  { fixture: "wrong-return-type", broken: { tests: ["quorum-examples", "quorum-every-size"], kind: "failed", says: /^quorumSize\(\d+\) returned "\d+" \(a string, expected a number\)/ } },
  { fixture: "prints-megabytes", broken: { tests: ["failure-examples", "failures-every-size"], kind: "output", says: /^printed [\d.]+ MB during this test \(the limit is 1 MB\)/ } },
  { fixture: "patches-globals", broken: { tests: ["chapter-partition", "random-partitions", "even-split-has-no-majority"], kind: "globals", says: /replaced Array\.prototype\.findIndex/ } },
  { fixture: "throws-in-call", broken: { tests: ["failure-examples", "failures-every-size"], kind: "exception", says: /^your code threw TypeError: Cannot read properties of undefined \(reading 'failures'\)/ } },
  { fixture: "kills-itself", broken: { tests: ["failures-every-size"], kind: "crash", says: /^the test process died \(exit code none, signal SIGKILL\) while running this test/ } },
  { fixture: "forges-result", broken: { tests: ["failure-examples", "failures-every-size"], kind: "tampering", says: /^your code sent a message to the grader's parent process/ } },
  { fixture: "listens-to-grader", broken: { tests: ALL, kind: "tampering", says: /changed process\.on\("message"\) listeners/ } },
  { fixture: "patches-course-code", broken: { tests: ALL, kind: "tampering", says: /replaced src\/sim\/random\.ts: Rng\.prototype\.int/ } },
  { fixture: "leaves-timers", broken: NOTHING_BROKEN },
  { fixture: "uses-lazy-globals", broken: NOTHING_BROKEN },
  { fixture: "allocates-forever", timeoutMs: MEMORY_TIMEOUT_MS, broken: { tests: ["quorum-every-size", "failures-every-size"], kind: "memory", says: new RegExp(`^ran out of memory \\(the limit is ${MEMORY_MB} MB\\)`) } },
  { fixture: "throws-undefined", broken: { tests: MAXFAILURES_TESTS, kind: "exception", says: /^your code threw a non-Error value: undefined$/ } },
  { fixture: "throws-unprintable", broken: { tests: MAXFAILURES_TESTS, kind: "exception", says: /^your code threw a value that cannot be described/ } },
  {
    fixture: "throws-while-described",
    broken: { tests: ["quorum-examples", "quorum-every-size", "chapter-partition", "random-partitions", "even-split-has-no-majority"], kind: "exception", says: /^your code threw a non-Error value: undefined$/ },
  },
  { fixture: "hooks-process-emit", alone: true, broken: { tests: ALL, kind: "tampering", says: /process\.emit|sent a message to the grader/ } },
  { fixture: "patches-module-loader", alone: true, broken: { tests: ALL, kind: "tampering", says: /Module\._load/ } },
  { fixture: "leaves-node-timers", alone: true, broken: SAYS_MINUS_ONE },
  { fixture: "kills-parent", alone: true, broken: { tests: MAXFAILURES_TESTS, kind: "exception", says: /^your code threw Error: process\.kill\(\d+\) is not available to exercise code/ } },
  { fixture: "spawns-processes", alone: true, broken: { tests: MAXFAILURES_TESTS, kind: "exception", says: /child_process\.spawn is not available to exercise code/ } },
  {
    fixture: "touches-files",
    alone: true,
    broken: { tests: [...MAXFAILURES_TESTS, "chapter-partition", "random-partitions", "even-split-has-no-majority"], kind: "exception", says: /^your code used something the grader does not allow \(FileSystem(Read|Write): / },
  },
  {
    fixture: "allocates-buffers",
    alone: true,
    timeoutMs: MEMORY_TIMEOUT_MS,
    broken: { tests: ["quorum-every-size", "failures-every-size"], kind: "memory", says: new RegExp(`^ran out of memory: the process held \\d+ MB \\(the limit is ${MEMORY_MB + RESIDENT_ALLOWANCE_MB} MB in all`) },
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
    const pool = new ChildPool(ROOT, { memoryMb: MEMORY_MB }, 2);
    try {
      reports = await inParallel(
        CASES.map((c) => () =>
          gradeWith(0, { overrides: { "week0.quorum": join(FIXTURES, `${c.fixture}.ts`) }, timeoutMsMax: c.timeoutMs ?? TIMEOUT_MS_MAX, memoryMb: MEMORY_MB, pool: c.alone ? undefined : pool }),
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

  it("an exception shows the line of the learner's file, not the grader's", () => {
    const test = allTests(reports[CASES.findIndex((c) => c.fixture === "throws-in-call")]).find((t) => t.name === "failure-examples");
    expect(test?.failure?.reason.details).to.match(/grader\/fixtures\/robustness\/week0\/throws-in-call\.ts:9:\d+/);
    expect(test?.failure?.reason.details ?? "").to.not.include("grader/tests/");
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
