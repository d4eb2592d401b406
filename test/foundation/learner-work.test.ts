/**
 * `npm test` is one of the two commands for everyone, so it must stay green for a learner with
 * work in progress. A clone-like copy of the course (its tracked files, the stubs as committed,
 * one git commit) gets what a learner does to it: an exercise implemented (the reference copied
 * over the stub, not committed) and a notebook saved by JupyterLab with outputs. In that copy the
 * grader's "stubs score zero" self-test and `notebooks:check` must still pass, and a release built
 * there must ship the stub. (The grader's other tests that need a stub take it from git too.)
 */
import { expect } from "chai";
import { spawnSync } from "node:child_process";
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { visibleTestsTable } from "../../grader/inline";
import { writeStudentEdition } from "../../grader/release";
import { autosaved } from "../support/notebook-autosave";
import { requireOrSkip } from "../support/requirements";

const ROOT = join(__dirname, "..", "..");
const IMPLEMENTED = "week0/quorum.ts";
const SAVED_NOTEBOOK = "notebooks/00-welcome.ipynb";
const GIT_IDENTITY = ["-c", "user.name=Learner", "-c", "user.email=learner@example.invalid"];

function run(command: string, args: string[], cwd: string, env: NodeJS.ProcessEnv = {}) {
  return spawnSync(command, args, { cwd, encoding: "utf8", timeout: 120_000, maxBuffer: 64 * 1024 * 1024, env: { ...process.env, ...env } });
}

/** The course's tracked files as they are here, except exercises/ as git's HEAD has them (the stubs). */
function cloneLike(target: string): void {
  const tracked = run("git", ["ls-files", "-z"], ROOT).stdout.split("\0").filter(Boolean);
  for (const path of tracked) {
    const destination = join(target, path);
    mkdirSync(dirname(destination), { recursive: true });
    if (path.startsWith("exercises/")) writeFileSync(destination, run("git", ["show", `HEAD:${path}`], ROOT).stdout);
    else if (existsSync(join(ROOT, path))) copyFileSync(join(ROOT, path), destination);
  }
  for (const args of [["init", "--quiet"], ["add", "--all"], [...GIT_IDENTITY, "commit", "--quiet", "--message", "the course"]]) {
    const result = run("git", args, target);
    if (result.status !== 0) throw new Error(`git ${args.join(" ")} failed in the copy: ${result.stderr}`);
  }
  // Linked after the commit: .gitignore's `node_modules/` matches a folder, not a link to one.
  symlinkSync(join(ROOT, "node_modules"), join(target, "node_modules"), "dir");
}

describe("a learner's work in progress keeps `npm test` green", function () {
  this.timeout(5 * 60_000);
  let clone: string;

  before(function () {
    const git = run("git", ["rev-parse", "HEAD"], ROOT);
    requireOrSkip(this, "git with the course's history", git.error ? git.error.message : git.status !== 0 ? git.stderr.trim() : undefined, "run the tests in a git clone of the course");
    clone = mkdtempSync(join(tmpdir(), "learner-clone-"));
    cloneLike(clone);
    copyFileSync(join(clone, "solutions", IMPLEMENTED), join(clone, "exercises", IMPLEMENTED));
    writeFileSync(join(clone, SAVED_NOTEBOOK), autosaved(readFileSync(join(clone, SAVED_NOTEBOOK), "utf8")));
  });
  after(() => {
    if (clone) rmSync(clone, { recursive: true, force: true });
  });

  it("the copy holds the learner's work: a finished exercise and a notebook with outputs", () => {
    expect(readFileSync(join(clone, "exercises", IMPLEMENTED), "utf8")).to.equal(readFileSync(join(ROOT, "solutions", IMPLEMENTED), "utf8"));
    expect(readFileSync(join(clone, SAVED_NOTEBOOK), "utf8")).to.match(/"output_type": "stream"/);
    expect(run("git", ["status", "--porcelain", "--untracked-files=no"], clone).stdout.trimEnd().split("\n").sort()).to.deep.equal([` M exercises/${IMPLEMENTED}`, ` M ${SAVED_NOTEBOOK}`]);
  });

  it("the grader's self-test still finds the stubs scoring zero (it grades the committed stubs)", () => {
    const results = join(clone, ".cache", "stubs-selftest.json");
    const mocha = run(
      process.execPath,
      [join(clone, "node_modules", "mocha", "bin", "mocha.js"), "test/grader/selftest.test.ts", "--grep", "week 0 the stubs score zero", "--reporter", "json", "--reporter-option", `output=${results}`],
      clone,
      { COURSE_REQUIRE_ALL: "1" },
    );
    expect(existsSync(results), `mocha wrote no results: ${mocha.stderr}`).to.equal(true);
    const { stats, failures } = JSON.parse(readFileSync(results, "utf8")) as { stats: { passes: number; failures: number; pending: number }; failures: { fullTitle: string; err: { message: string } }[] };
    expect(failures.map((failure) => `${failure.fullTitle}: ${failure.err.message}`)).to.deep.equal([]);
    expect(stats).to.include({ passes: 1, failures: 0, pending: 0 });
  });

  it("a notebook's \"check your work\" shows the finished exercise passing and a stub as not implemented", () => {
    const here = process.cwd();
    // The notebook kernel runs in the course root; so does the inline check.
    process.chdir(clone);
    try {
      const finished = visibleTestsTable(0, "quorum");
      expect(finished.match(/✓<\/span> passed/g) ?? [], finished).to.have.length(3);
      expect(finished).to.include("<th>6/6</th>");
      const stub = visibleTestsTable(1, "clocks");
      expect(stub).to.include("✗</span> not implemented yet: LamportClock.tick (write it in exercises/week1/clocks.ts)");
    } finally {
      process.chdir(here);
    }
  });

  it("a student release built from the copy ships the committed stub, not the work in exercises/", () => {
    const out = join(clone, ".cache", "release");
    writeStudentEdition(clone, out);
    expect(readFileSync(join(out, "exercises", IMPLEMENTED), "utf8")).to.equal(run("git", ["show", `HEAD:exercises/${IMPLEMENTED}`], clone).stdout);
    expect(readFileSync(join(out, "exercises", IMPLEMENTED), "utf8")).to.include("notImplemented(");
  });

  it("`npm run notebooks:check` passes with the notebook saved with outputs", () => {
    const check = run(process.execPath, ["--import", "tsx", join(clone, "src", "notebook", "cli.ts"), "check"], clone);
    expect(check.status, `${check.stdout}${check.stderr}`).to.equal(0);
    expect(check.stdout).to.match(/every notebook matches its source/);
  });
});
