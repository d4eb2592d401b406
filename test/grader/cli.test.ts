/** The grader's command line: exit codes, usage messages, replays. */
import { expect } from "chai";
import { spawnSync } from "node:child_process";
import { join } from "node:path";
import { mutantFile } from "../../grader/mutants";
import { ROOT } from "./helpers";

function grade(...args: string[]): { status: number | null; stdout: string; stderr: string } {
  const result = spawnSync(process.execPath, ["--import", "tsx", join(ROOT, "grader", "cli.ts"), ...args], { cwd: ROOT, encoding: "utf8", timeout: 120_000 });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

describe("grader command line", function () {
  this.timeout(180_000);

  it("an unknown week, a bad flag or a bad seed is a usage error (exit 2) that lists what exists", () => {
    const unknown = grade("week9");
    expect(unknown.status).to.equal(2);
    expect(unknown.stderr).to.match(/unknown week "week9"; this course has week0/);
    expect(grade("week0", "--format", "xml").stderr).to.include('--format must be one of terminal, json, gradescope, classroom, junit, got "xml"');
    expect(grade("week0", "--seed", "-4").status).to.equal(2);
    expect(grade("week0", "--frobnicate").status).to.equal(2);
    expect(grade("week0", "--only", "no-such-test").stderr).to.include('no test id contains "no-such-test"');
    expect(grade("week1", "--rule", "no-such-rule").stderr).to.include('no test lists rule "no-such-rule"');
  });

  it("grading that ran exits 0 whatever the score, and --format json prints the report", () => {
    // A fixed file that scores zero here (exercises/ may hold a learner's finished work).
    const missingExport = join(ROOT, "grader", "fixtures", "robustness", "week0", "missing-export.ts");
    const result = grade("week0", "--format", "json", "--only", "week0.quorum.chapter-partition", "--file", `week0.quorum=${missingExport}`);
    expect(result.status).to.equal(0);
    const report = JSON.parse(result.stdout) as { earned: number; points: number; exercises: { tests: unknown[] }[] };
    expect(report.points).to.equal(2);
    expect(report.earned).to.equal(0);
    expect(report.exercises[0].tests).to.have.length(1);
  });

  it("the printed replay command fails the same way, with the same words", () => {
    const mutant = mutantFile(ROOT, 0, "quorum", "largest-group-wins");
    const first = grade("week0", "--file", `week0.quorum=${mutant}`, "--only", "week0.quorum.random-partitions");
    const replay = /replay: (npm run grade .*)$/m.exec(first.stdout)?.[1] ?? "";
    const message = /random-partitions \(hidden, 0\/4\).*\n\s+(.*)/.exec(first.stdout)?.[1];
    expect(replay).to.match(/--only week0\.quorum\.random-partitions --seed \d+ --file week0\.quorum=/);
    const args = replay.replace(/^npm run grade /, "").replace(" -- ", " ").split(" ");
    const again = grade(...args);
    expect(again.status).to.equal(0);
    expect(message).to.be.a("string");
    expect(again.stdout).to.include(message as string);
    // A replay's HTML goes beside the week's report.html, named for the replay, never over it.
    expect(first.stdout).to.match(/^Report with pictures: \S*reports\/week0\/replay-week0\.quorum\.random-partitions\.html$/m);
    expect(again.stdout).to.match(/^Report with pictures: \S*reports\/week0\/replay-week0\.quorum\.random-partitions-seed-\d+\.html$/m);
  });

  it("--list lists every test with its visibility, points, seeds and description, without grading", () => {
    const listed = grade("week0", "--list");
    expect(listed.status).to.equal(0);
    expect(listed.stdout).to.include("week0.quorum.quorum-examples (visible, 2 points, fixed; rules: quorum-size)");
    expect(listed.stdout).to.include("week0.quorum.random-partitions (hidden, 4 points, 10 seeds; rules: majority-group, no-majority)");
    expect(listed.stdout).to.match(/^11 tests, 26 points: 3 visible \(their code is in grader\/tests\/\), 8 hidden/m);
    expect(listed.stdout).to.not.match(/run\(ctx\)|checkEqual|type-checking|Total:/);
    expect(grade("week0", "--list", "--visible-only").stdout).to.match(/^3 tests, 6 points/m);
  });

  it("--seeds K reports how many seeds passed", () => {
    const result = grade("week0", "--solutions", "--only", "random-partitions", "--seeds", "3", "--format", "json");
    const test = (JSON.parse(result.stdout) as { exercises: { tests: { seedsRun: number; seedsPassed: number }[] }[] }).exercises[0].tests[0];
    expect(test).to.include({ seedsRun: 3, seedsPassed: 3 });
  });
});
