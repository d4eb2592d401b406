/**
 * The student edition keeps what learners need and nothing they must not see, and its grader
 * runs; the Gradescope autograder holds the hidden tests and grades a submission end to end.
 */
import { expect } from "chai";
import { spawnSync } from "node:child_process";
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { writeGradescopeAutograder, writeStudentEdition } from "../../grader/release";
import { ROOT } from "./helpers";

const GRADE_TIMEOUT_MS = 120_000;

describe("student release", function () {
  this.timeout(180_000);
  let out: string;
  let files: string[];
  before(() => {
    out = join(mkdtempSync(join(tmpdir(), "release-")), "course");
    files = writeStudentEdition(ROOT, out);
  });
  after(() => rmSync(join(out, ".."), { recursive: true, force: true }));

  it("leaves out solutions, hidden tests, mutants and maintainer tooling", () => {
    const leaked = files.filter((file) => /^(solutions|grader\/mutants|grader\/mutation|grader\/fixtures|test|bench)\//.test(file) || file.endsWith(".hidden.ts"));
    expect(leaked).to.deep.equal([]);
    expect(existsSync(join(out, "solutions"))).to.equal(false);
  });

  it("keeps notebooks, stubs, the runtime, and the grader with its visible tests", () => {
    for (const file of ["notebooks/00-welcome.ipynb", "exercises/week0/quorum.ts", "src/sim.ts", "grader/cli.ts", "grader/inline.ts", "grader/tests/week0/quorum.visible.ts", "scripts/setup.js"]) {
      expect(existsSync(join(out, file)), file).to.equal(true);
    }
  });

  it("says in the README and package.json what kind of edition it is", () => {
    expect(readFileSync(join(out, "README.md"), "utf8")).to.include("**Student edition.**");
    expect(readFileSync(join(out, "README.ko.md"), "utf8")).to.match(/^# .*\n\n> \*\*학생 배포판\.\*\*/);
    const scripts = (JSON.parse(readFileSync(join(out, "package.json"), "utf8")) as { scripts: Record<string, string> }).scripts;
    expect(scripts).to.include.keys("start", "test", "grade");
    expect(scripts).to.not.have.keys("release", "bench", "mutation");
  });

  it("grades the visible tests there, and says the hidden ones run in the instructor's grader", () => {
    symlinkSync(join(ROOT, "node_modules"), join(out, "node_modules"), "dir");
    const run = spawnSync(process.execPath, ["--import", "tsx", join("grader", "cli.ts"), "week0"], { cwd: out, encoding: "utf8", timeout: GRADE_TIMEOUT_MS });
    expect(run.status, run.stderr).to.equal(0);
    expect(run.stdout).to.include("Total: 0/6 points");
    expect(run.stdout).to.include("This edition has the visible tests only; the hidden tests run in your instructor's grader.");
    expect(run.stdout).to.not.include("(hidden");
  });

  it("every week's visible tests load there without the hidden files: each stub fails as not implemented", () => {
    const run = spawnSync(process.execPath, ["--import", "tsx", join("grader", "cli.ts"), "all", "--format", "json"], { cwd: out, encoding: "utf8", timeout: GRADE_TIMEOUT_MS });
    expect(run.status, run.stderr).to.equal(0);
    const report = JSON.parse(run.stdout) as { exercises: { tests: { id: string; visibility: string; failure?: { reason: { kind: string; message: string } } }[] }[] };
    const tests = report.exercises.flatMap((exercise) => exercise.tests);
    expect(tests.length).to.be.greaterThan(0);
    for (const test of tests) {
      expect(test.visibility, test.id).to.equal("visible");
      expect(`${test.id}: ${test.failure?.reason.kind}: ${test.failure?.reason.message}`).to.match(/: not-implemented: /);
    }
  });
});

describe("Gradescope autograder", function () {
  this.timeout(180_000);
  let dir: string;
  let zip: string;
  before(() => {
    dir = mkdtempSync(join(tmpdir(), "gradescope-"));
    zip = writeGradescopeAutograder(ROOT, join(dir, "autograder"), 0);
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  it("zips setup.sh and run_autograder at the root, with the hidden tests and without the solutions", () => {
    const listing = spawnSync("python3", ["-m", "zipfile", "-l", zip], { encoding: "utf8" }).stdout;
    for (const entry of ["setup.sh", "run_autograder", "course/grader/tests/week0/quorum.hidden.ts", "course/exercises/week0/quorum.ts"]) {
      expect(listing, entry).to.match(new RegExp(`^${entry.replace(/[.]/g, "\\.")}\\s`, "m"));
    }
    expect(listing).to.not.match(/^course\/(solutions|grader\/mutants)\//m);
  });

  it("run_autograder grades a submission of loose files into results.json", () => {
    // The layout Gradescope builds: /autograder/source (the zip), /autograder/submission, /autograder/results.
    const autograder = join(dir, "root");
    cpSync(join(dir, "autograder"), join(autograder, "source"), { recursive: true });
    symlinkSync(join(ROOT, "node_modules"), join(autograder, "source", "course", "node_modules"), "dir");
    mkdirSync(join(autograder, "submission"), { recursive: true });
    cpSync(join(ROOT, "solutions", "week0", "quorum.ts"), join(autograder, "submission", "quorum.ts"));
    const run = spawnSync("bash", [join(autograder, "source", "run_autograder")], { env: { ...process.env, AUTOGRADER_ROOT: autograder }, encoding: "utf8", timeout: GRADE_TIMEOUT_MS });
    expect(run.status, run.stderr).to.equal(0);
    const results = JSON.parse(readFileSync(join(autograder, "results", "results.json"), "utf8")) as { score: number; tests: { tags: string[] }[] };
    expect(results.score).to.equal(26);
    expect(results.tests.filter((test) => test.tags.includes("hidden")).length).to.equal(8);
  });
});
