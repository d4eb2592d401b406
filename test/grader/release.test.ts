/** The student edition keeps what learners need and nothing they must not see. */
import { expect } from "chai";
import { existsSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { writeStudentEdition } from "../../grader/release";
import { ROOT } from "./helpers";

describe("student release", function () {
  this.timeout(60_000);
  let out: string;
  let files: string[];
  before(() => {
    out = join(mkdtempSync(join(tmpdir(), "release-")), "course");
    files = writeStudentEdition(ROOT, out);
  });
  after(() => rmSync(join(out, ".."), { recursive: true, force: true }));

  it("leaves out solutions, hidden tests, mutants and maintainer tooling", () => {
    const leaked = files.filter((file) => /^(solutions|grader\/mutants|grader\/fixtures|test|bench)\//.test(file) || file.endsWith(".hidden.ts"));
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
    const scripts = (JSON.parse(readFileSync(join(out, "package.json"), "utf8")) as { scripts: Record<string, string> }).scripts;
    expect(scripts).to.include.keys("start", "test", "grade");
    expect(scripts).to.not.have.keys("release", "bench");
  });
});
