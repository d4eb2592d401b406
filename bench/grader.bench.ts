/**
 * The grader's own overhead, on week 0: what a run pays before and around the learner's code.
 *   - starting a child (fork, tsx, the grader's modules) until it says it is ready
 *   - type-checking an exercise: the first check in a process (parses TypeScript's libs and
 *     @types/node) and a later one (reuses them)
 *   - one job's round trip in a warm child (load the test, reload the graded file, guard, IPC)
 *   - a whole `grade week0 --solutions`: in-process, and as the CLI a learner runs
 *   - batch mode per submission: every submission gets children of its own (isolation, issue 16)
 * Targets (issue 5): a week-0 run in seconds, not minutes; a job's overhead in milliseconds.
 */
import { spawnSync } from "node:child_process";
import { cpSync, mkdirSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { gradeSubmissions } from "../grader/batch";
import { loadWeek } from "../grader/catalog";
import { ChildRunner, DEFAULT_MEMORY_MB } from "../grader/child-runner";
import { typeCheck } from "../grader/compile";
import { grade } from "../grader/runner";
import type { Benchmark } from "./table";

const ROOT = join(__dirname, "..");
const SOLUTION = join(ROOT, "solutions", "week0", "quorum.ts");
const CHILD_STARTS = 3;
const JOBS = 40;
const JOB_TIMEOUT_MS = 10_000;
/** Submissions in the batch-mode measurement: each is graded in children of its own. */
const SUBMISSIONS = 3;

function msSince(startMs: number): number {
  return Math.round(performance.now() - startMs);
}

async function childStartMs(): Promise<number> {
  const runner = new ChildRunner(ROOT, { memoryMb: DEFAULT_MEMORY_MB, readDirs: [join(ROOT, "solutions", "week0")] });
  const startMs = performance.now();
  await runner.run(jobFor("quorum-examples", 0), JOB_TIMEOUT_MS); // the first job waits for the start
  const elapsedMs = msSince(startMs);
  runner.close();
  return elapsedMs;
}

function jobFor(testName: string, seed: number) {
  return {
    testId: `week0.quorum.${testName}`,
    testModule: join(ROOT, "grader", "tests", "week0", "quorum.visible.ts"),
    exerciseFile: SOLUTION,
    fileLabel: "solutions/week0/quorum.ts",
    seed,
  };
}

async function jobRoundTripMs(): Promise<number> {
  const runner = new ChildRunner(ROOT, { memoryMb: DEFAULT_MEMORY_MB, readDirs: [join(ROOT, "solutions", "week0")] });
  await runner.run(jobFor("quorum-examples", 0), JOB_TIMEOUT_MS);
  const startMs = performance.now();
  for (let seed = 1; seed <= JOBS; seed++) await runner.run(jobFor("quorum-examples", seed), JOB_TIMEOUT_MS);
  const perJobMs = (performance.now() - startMs) / JOBS;
  runner.close();
  return Math.round(perJobMs * 10) / 10;
}

/** Mean time per submission of a batch of SUBMISSIONS reference solutions, one at a time, each with children of its own. */
async function batchPerSubmissionMs(): Promise<number> {
  const dir = mkdtempSync(join(tmpdir(), "bench-batch-"));
  try {
    for (let i = 0; i < SUBMISSIONS; i++) {
      mkdirSync(join(dir, "subs", `student${i}`, "week0"), { recursive: true });
      cpSync(SOLUTION, join(dir, "subs", `student${i}`, "week0", "quorum.ts"));
    }
    const request = { root: ROOT, sourceRoot: join(ROOT, "exercises"), weeks: [loadWeek(ROOT, 0)] };
    const startMs = performance.now();
    await gradeSubmissions({ request, submissionsDir: join(dir, "subs"), jobs: 1, outDir: join(dir, "out") });
    return Math.round((performance.now() - startMs) / SUBMISSIONS);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

export const benchmarks: Benchmark[] = [
  {
    name: "grader overhead",
    async run() {
      const checkStartMs = performance.now();
      typeCheck(ROOT, [SOLUTION]);
      const firstCheckMs = msSince(checkStartMs);
      const againStartMs = performance.now();
      typeCheck(ROOT, [join(ROOT, "exercises", "week0", "quorum.ts")]);
      const laterCheckMs = msSince(againStartMs);
      const starts: number[] = [];
      for (let i = 0; i < CHILD_STARTS; i++) starts.push(await childStartMs());
      const perJobMs = await jobRoundTripMs();
      const gradeStartMs = performance.now();
      const report = await grade({ root: ROOT, sourceRoot: join(ROOT, "solutions"), weeks: [loadWeek(ROOT, 0)] });
      const inProcessMs = msSince(gradeStartMs);
      const perSubmissionMs = await batchPerSubmissionMs();
      const cliStartMs = performance.now();
      const cli = spawnSync(process.execPath, ["--import", "tsx", join(ROOT, "grader", "cli.ts"), "week0", "--solutions", "--format", "json"], { cwd: ROOT, encoding: "utf8" });
      const cliMs = msSince(cliStartMs);
      const cliScore = cli.status === 0 ? `${(JSON.parse(cli.stdout) as { earned: number }).earned}/${report.points}` : `exit ${cli.status}`;
      return {
        title: "Grader overhead (week 0, reference solution)",
        columns: ["step", "ms", "note"],
        rows: [
          ["type check, first in a process", firstCheckMs, "parses the libs and @types/node"],
          ["type check, later", laterCheckMs, "parsed files reused (batch mode, self-tests)"],
          ["child start (median)", [...starts].sort((a, b) => a - b)[1], `${CHILD_STARTS} starts: ${starts.join(", ")} ms, incl. its first job`],
          ["one job in a warm child", perJobMs, `mean of ${JOBS}: reload, guard and harness checks, IPC, a 3-call test`],
          ["batch mode, per submission (children of its own)", perSubmissionMs, `${SUBMISSIONS} week-0 submissions one at a time: isolation costs a child start each`],
          ["grade week0 --solutions, in-process", inProcessMs, `${report.earned}/${report.points} points, ${report.exercises[0].tests.length} tests, 17 jobs`],
          ["npm run grade week0 -- --solutions", cliMs, `the CLI with tsx start-up; ${cliScore} points`],
        ],
        notes: ["Target: a week-0 run in seconds; a job's overhead in milliseconds, so weeks with hundreds of seeded runs stay fast."],
      };
    },
  },
];
