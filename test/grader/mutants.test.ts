/**
 * Curated mutants are patches against the reference (grader/mutants.ts): built into a copy beside
 * the reference's neighbours, and refused in words when they no longer apply.
 */
import { expect } from "chai";
import { cpSync, lstatSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { listMutants } from "../../grader/mutants";
import { ROOT } from "./helpers";

const GOOD = `Mutant: quorumSize rounds half up.
@symptom quorumSize(4) returned 2, expected 3
--- a/solutions/week0/quorum.ts
+++ b/solutions/week0/quorum.ts
@@ -7,7 +7,7 @@
   if (!Number.isInteger(clusterSize) || clusterSize < 1) {
     throw new RangeError(\`clusterSize must be a positive integer, got \${clusterSize}\`);
   }
-  return Math.floor(clusterSize / 2) + 1;
+  return Math.ceil(clusterSize / 2);
 }
 
 /** How many servers may be lost while the rest still form a majority. */
`;

describe("grader mutants as patches", () => {
  let root: string;
  const writeMutant = (name: string, text: string) => writeFileSync(join(root, "grader", "mutants", "week0", "quorum", `${name}.patch`), text);

  beforeEach(() => {
    root = mkdtempSync(join(tmpdir(), "mutants-"));
    for (const path of ["grader/tests/week0/week.ts", "solutions/week0/quorum.ts"]) cpSync(join(ROOT, path), join(root, path), { recursive: true });
    mkdirSync(join(root, "grader", "mutants", "week0", "quorum"), { recursive: true });
  });
  afterEach(() => rmSync(root, { recursive: true, force: true }));

  it("a patch is applied to a copy of the reference, with its description and symptoms read from above the diff", () => {
    writeMutant("ceil-half", GOOD);
    const [mutant] = listMutants(root, 0);
    expect(mutant.problem).to.equal(undefined);
    expect(mutant.description).to.equal("Mutant: quorumSize rounds half up.");
    expect(mutant.symptoms).to.deep.equal(["quorumSize(4) returned 2, expected 3"]);
    expect(mutant.file).to.equal(join(root, ".cache", "mutants", "week0.quorum.ceil-half", "week0", "quorum.ts"));
    expect(readFileSync(mutant.file, "utf8")).to.include("return Math.ceil(clusterSize / 2);").and.not.include("Math.floor(clusterSize / 2) + 1");
    expect(lstatSync(join(root, ".cache", "mutants", "src")).isSymbolicLink(), "the link that keeps ../../src imports working").to.equal(true);
  });

  it("@rule lines name the rules the mistake breaks, apart from the description and the symptoms", () => {
    writeMutant("ceil-half", GOOD.replace("@symptom", "@rule quorum-size\n@rule majority\n@symptom"));
    const [mutant] = listMutants(root, 0);
    expect(mutant.rules).to.deep.equal(["quorum-size", "majority"]);
    expect(mutant.description).to.equal("Mutant: quorumSize rounds half up.");
    expect(mutant.symptoms).to.deep.equal(["quorumSize(4) returned 2, expected 3"]);
    writeMutant("ceil-half", GOOD);
    expect(listMutants(root, 0)[0].rules).to.deep.equal([]);
  });

  it("a patch that no longer applies to the reference is named, with what to do", () => {
    writeMutant("stale", GOOD.replace("-  return Math.floor(clusterSize / 2) + 1;", "-  return Math.floor(clusterSize / 2) + 2;"));
    const [mutant] = listMutants(root, 0);
    expect(mutant.problem).to.equal("grader/mutants/week0/quorum/stale.patch no longer applies to solutions/week0/quorum.ts: make the mistake again on the current reference and rewrite the patch");
  });

  it("a mutant without a symptom is refused: the self-test could not tell it was caught for the right reason", () => {
    writeMutant("silent", GOOD.replace(/^@symptom.*\n/m, ""));
    expect(listMutants(root, 0)[0].problem).to.match(/silent\.patch: a mutant needs at least one "@symptom \.\.\." line/);
  });
});
