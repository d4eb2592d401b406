/**
 * `npm run mutation` end to end on three mutants of week 0's quorum (lines 8-10 of the reference):
 * Stryker starts, its TypeScript checker and the course's grader-test-runner plugin load, the
 * grader grades each mutant and kills the two arithmetic ones, the cosmetic ignorer excludes the
 * error message's words, and the HTML report is written. The full runs take minutes (grader/README.md).
 */
import { expect } from "chai";
import { spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { ROOT } from "./helpers";

describe("mutation testing (npm run mutation), smoke run", function () {
  this.timeout(240_000);
  let out: string;
  before(() => {
    out = mkdtempSync(join(tmpdir(), "mutation-smoke-"));
  });
  after(() => rmSync(out, { recursive: true, force: true }));

  it("grades three mutants of the quorum reference: two killed, the error message's words excluded, the report written", () => {
    const result = spawnSync(process.execPath, ["--import", "tsx", join(ROOT, "grader", "mutation", "cli.ts"), "week0", "--mutate", "solutions/week0/quorum.ts:8-10", "--out", out], {
      cwd: ROOT,
      encoding: "utf8",
      timeout: 200_000,
    });
    expect(result.status, result.stderr).to.equal(0);
    expect(result.stdout).to.match(/^exercise\s+score\s+killed\s+timeout\s+survived\s+excluded\s+invalid$/m);
    expect(result.stdout).to.match(/^week0\.quorum\s+100\.0%\s+2\s+0\s+0\s+1\s+0$/m);
    expect(result.stdout).to.match(/^3 mutants of week 0 in \d+ s/m);
    expect(existsSync(join(out, "index.html")), "Stryker's HTML report").to.equal(true);
  });
});
