/** Instructors' batch mode: many submissions, a gradebook, reports per student. */
import { expect } from "chai";
import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { gradeSubmissions } from "../../grader/batch";
import { loadWeek } from "../../grader/catalog";
import { mutantFile } from "../../grader/mutants";
import { requireOrSkip } from "../support/requirements";
import { ROOT, pristineStubs, type PristineStubs } from "./helpers";

describe("grader batch mode", function () {
  this.timeout(180_000);
  let dir: string;
  let stubs: PristineStubs;
  before(function () {
    // bob's stub is the committed one: the exercises/ of a learner running `npm test` may hold their own work.
    stubs = pristineStubs(ROOT, 0);
    requireOrSkip(this, "the pristine stubs", "problem" in stubs ? stubs.problem : undefined, "run the tests in a git clone of the course (bob's submission is the stub from git's HEAD)");
    if ("problem" in stubs) return;
    dir = mkdtempSync(join(tmpdir(), "submissions-"));
    // alice hands in a finished exercise as exercises/week0, bob the untouched stub as week0/
    mkdirSync(join(dir, "subs", "alice", "exercises", "week0"), { recursive: true });
    cpSync(join(ROOT, "solutions", "week0", "quorum.ts"), join(dir, "subs", "alice", "exercises", "week0", "quorum.ts"));
    mkdirSync(join(dir, "subs", "bob", "week0"), { recursive: true });
    cpSync(join(stubs.sourceRoot, "week0", "quorum.ts"), join(dir, "subs", "bob", "week0", "quorum.ts"));
    mkdirSync(join(dir, "subs", "carol", "notes"), { recursive: true });
    // dave's majorityGroup picks the largest group even when it is no majority
    mkdirSync(join(dir, "subs", "dave", "exercises", "week0"), { recursive: true });
    cpSync(mutantFile(ROOT, 0, "quorum", "largest-group-wins"), join(dir, "subs", "dave", "exercises", "week0", "quorum.ts"));
  });
  after(() => {
    if (dir) rmSync(dir, { recursive: true, force: true });
    if (stubs && !("problem" in stubs)) stubs.remove();
  });

  it("grades every student into a gradebook, with a clear line for a submission it cannot use", async () => {
    const request = { root: ROOT, sourceRoot: join(ROOT, "exercises"), weeks: [loadWeek(ROOT, 0)] };
    await gradeSubmissions({ request, submissionsDir: join(dir, "subs"), jobs: 2, outDir: join(dir, "out") });
    const rows = readFileSync(join(dir, "out", "gradebook.csv"), "utf8").trim().split("\n");
    expect(rows[0]).to.equal("student,points,max,percent,week0.quorum,problem,red flags");
    expect(rows[1]).to.equal("alice,26,26,100,26/26,,");
    expect(rows[2]).to.equal("bob,0,26,0,0/26,,");
    expect(rows[3]).to.match(/^carol,0,0,0,,found neither exercises\/ nor weekN\/ folders.*,$/);
    expect(rows[4]).to.equal("dave,16,26,62,16/26,,");
    expect(readFileSync(join(dir, "out", "bob", "report.txt"), "utf8")).to.include("not implemented yet: quorumSize, maxFailures, majorityGroup (write them in exercises/week0/quorum.ts)");
    const dave = readFileSync(join(dir, "out", "dave", "report.txt"), "utf8");
    expect(dave).to.include('majorityGroup(4, "1,2|3,4") returned 0, expected -1');
    expect(dave, "replays grade dave's own file").to.match(/replay: npm run grade week0 -- --only week0\.quorum\.even-split-has-no-majority --file week0\.quorum=\S*\/subs\/dave\/exercises\/week0\/quorum\.ts$/m);
  });
});
