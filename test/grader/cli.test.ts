/** The grader's command line: exit codes, usage messages, replays. */
import { expect } from "chai";
import { spawn } from "node:child_process";
import { join } from "node:path";
import { mutantFile } from "../../grader/mutants";
import { covers, readableFor } from "../../grader/sandbox";
import { ROOT, inParallel } from "./helpers";

type Graded = { status: number | null; stdout: string; stderr: string };

const GRADE_TIMEOUT_MS = 120_000;

/** Several independent runs of the command line, two at a time: each is mostly Node's and tsx's start-up. */
function gradeEach(runs: string[][]): Promise<Graded[]> {
  return inParallel(runs.map((args) => () => grade(...args)), 2);
}

function grade(...args: string[]): Promise<Graded> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ["--import", "tsx", join(ROOT, "grader", "cli.ts"), ...args], { cwd: ROOT, timeout: GRADE_TIMEOUT_MS });
    let stdout = "";
    let stderr = "";
    child.stdout.setEncoding("utf8").on("data", (chunk: string) => (stdout += chunk));
    child.stderr.setEncoding("utf8").on("data", (chunk: string) => (stderr += chunk));
    child.on("error", reject);
    child.on("close", (status) => resolve({ status, stdout, stderr }));
  });
}

describe("grader command line", function () {
  this.timeout(180_000);

  it("an unknown week, a bad flag or a bad seed is a usage error (exit 2) that lists what exists", async () => {
    const [unknown, format, seed, flag, only, rule] = await gradeEach([
      ["week9"],
      ["week0", "--format", "xml"],
      ["week0", "--seed", "-4"],
      ["week0", "--frobnicate"],
      ["week0", "--only", "no-such-test"],
      ["week1", "--rule", "no-such-rule"],
    ]);
    expect(unknown.status).to.equal(2);
    expect(unknown.stderr).to.match(/unknown week "week9"; this course has week0/);
    expect(format.stderr).to.include('--format must be one of terminal, json, gradescope, classroom, junit, got "xml"');
    expect(seed.status).to.equal(2);
    expect(flag.status).to.equal(2);
    expect(only.stderr).to.include('no test id contains "no-such-test"');
    expect(rule.stderr).to.include('no test lists rule "no-such-rule"');
  });

  it("grading that ran exits 0 whatever the score, and --format json prints the report", async () => {
    // A fixed file that scores zero here (exercises/ may hold a learner's finished work).
    const missingExport = join(ROOT, "grader", "fixtures", "robustness", "week0", "missing-export.ts");
    const result = await grade("week0", "--format", "json", "--only", "week0.quorum.chapter-partition", "--file", `week0.quorum=${missingExport}`);
    expect(result.status).to.equal(0);
    const report = JSON.parse(result.stdout) as { earned: number; points: number; exercises: { tests: unknown[] }[] };
    expect(report.points).to.equal(2);
    expect(report.earned).to.equal(0);
    expect(report.exercises[0].tests).to.have.length(1);
  });

  it("--file on a fair variant lets its child read what the self-test's does: the reference and the helpers its week's variants share", () => {
    const variant = join(ROOT, "grader", "variants", "week1", "raft", "another-wire-format.ts");
    const readable = readableFor(ROOT, variant);
    for (const file of [variant, join(ROOT, "solutions", "week1", "raft.ts"), join(ROOT, "grader", "variants", "week1", "raft-context.ts")]) expect(covers(readable, file), file).to.equal(true);
    expect(covers(readableFor(ROOT, join(ROOT, "exercises", "week1", "raft.ts")), join(ROOT, "solutions", "week1", "raft.ts")), "a learner's file never reads the reference").to.equal(false);
  });

  it("the printed replay command fails the same way, with the same words", async () => {
    const mutant = mutantFile(ROOT, 0, "quorum", "largest-group-wins");
    const first = await grade("week0", "--file", `week0.quorum=${mutant}`, "--only", "week0.quorum.random-partitions");
    const replay = /replay: (npm run grade .*)$/m.exec(first.stdout)?.[1] ?? "";
    const message = /random-partitions \(hidden, 0\/4\).*\n\s+(.*)/.exec(first.stdout)?.[1];
    expect(replay).to.match(/--only week0\.quorum\.random-partitions --seed \d+ --file week0\.quorum=/);
    const args = replay.replace(/^npm run grade /, "").replace(" -- ", " ").split(" ");
    const again = await grade(...args);
    expect(again.status).to.equal(0);
    expect(message).to.be.a("string");
    expect(again.stdout).to.include(message as string);
    // A replay's HTML goes beside the week's report.html, named for the replay, never over it.
    expect(first.stdout).to.match(/^Report with pictures: \S*reports\/week0\/replay-week0\.quorum\.random-partitions\.html$/m);
    expect(again.stdout).to.match(/^Report with pictures: \S*reports\/week0\/replay-week0\.quorum\.random-partitions-seed-\d+\.html$/m);
  });

  it("--list lists every test with its visibility, points, seeds and description, without grading", async () => {
    const [listed, visible] = await gradeEach([
      ["week0", "--list"],
      ["week0", "--list", "--visible-only"],
    ]);
    expect(listed.status).to.equal(0);
    expect(listed.stdout).to.include("week0.quorum.quorum-examples (visible, 2 points, fixed; rules: quorum-size)");
    expect(listed.stdout).to.include("week0.quorum.random-partitions (hidden, 4 points, 10 seeds; rules: majority-group, no-majority)");
    expect(listed.stdout).to.match(/^11 tests, 26 points: 3 visible \(their code is in grader\/tests\/\), 8 hidden/m);
    expect(listed.stdout).to.not.match(/run\(ctx\)|checkEqual|type-checking|Total:/);
    expect(visible.stdout).to.match(/^3 tests, 6 points/m);
  });

  it("--seeds K reports how many seeds passed", async () => {
    const result = await grade("week0", "--solutions", "--only", "random-partitions", "--seeds", "3", "--format", "json");
    const test = (JSON.parse(result.stdout) as { exercises: { tests: { seedsRun: number; seedsPassed: number }[] }[] }).exercises[0].tests[0];
    expect(test).to.include({ seedsRun: 3, seedsPassed: 3 });
  });
});
