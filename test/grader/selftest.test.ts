/**
 * The grader grades itself, for every week it has tests for: the reference solutions score full
 * marks, the stubs score zero with "not implemented" reasons and no crash, and every curated
 * mutant loses points on a test whose explanation names the mistake's symptom.
 */
import { expect } from "chai";
import { join } from "node:path";
import { listWeeks, loadWeek } from "../../grader/catalog";
import { ChildPool } from "../../grader/child-pool";
import { DEFAULT_MEMORY_MB } from "../../grader/child-runner";
import { typeCheck } from "../../grader/compile";
import { listMutants, listVariants } from "../../grader/mutants";
import type { GradeReport } from "../../grader/runner";
import { ROOT, allTests, failureTexts, gradeWith, inParallel, summary } from "./helpers";

/** Exercises graded on a simulated cluster: each of their failures comes with pictures of the run. */
const SIMULATED_EXERCISES = new Set(["raft", "kv", "saga"]);

for (const week of listWeeks(ROOT)) {
  describe(`grader self-test: week ${week}`, function () {
    this.timeout(15 * 60_000);
    const mutants = listMutants(ROOT, week);
    const variants = listVariants(ROOT, week);
    let mutantReports: GradeReport[] = [];
    let variantReports: GradeReport[] = [];
    // Two children grade the solutions, the stubs and every mutant: one start-up each, not one per file.
    let pool: ChildPool;

    before(async () => {
      pool = new ChildPool(ROOT, { memoryMb: DEFAULT_MEMORY_MB }, 2);
      const curated = [...mutants, ...variants];
      const compiled = typeCheck(ROOT, curated.map((file) => file.file));
      const reports = await inParallel(
        curated.map((file) => () =>
          gradeWith(week, {
            only: `week${week}.${file.exercise}.`,
            overrides: { [`week${week}.${file.exercise}`]: file.file },
            compiled,
            pool,
          }),
        ),
        2,
      );
      mutantReports = reports.slice(0, mutants.length);
      variantReports = reports.slice(mutants.length);
    });
    after(() => pool.close());

    it("the reference solutions score full marks", async () => {
      const report = await gradeWith(week, { sourceRoot: join(ROOT, "solutions"), pool });
      expect(report.points).to.be.greaterThan(0);
      expect(report.earned, summary(report)).to.equal(report.points);
    });

    it("the stubs score zero, every lost point saying what is not implemented, without crashing", async () => {
      const report = await gradeWith(week, { pool });
      expect(report.earned).to.equal(0);
      const reasons = allTests(report).map((test) => `${test.id}: ${test.failure?.reason.kind}: ${test.failure?.reason.message}`);
      for (const reason of reasons) expect(reason).to.match(/: not-implemented: not implemented yet: .+? \(write it in exercises\/week\d+\//);
    });

    it(`has at least three curated mutants per exercise`, () => {
      for (const exercise of loadWeek(ROOT, week).definition.exercises) {
        expect(mutants.filter((mutant) => mutant.exercise === exercise.id).length, exercise.id).to.be.at.least(3);
      }
    });

    variants.forEach((variant, i) => {
      it(`fair variant ${variant.exercise}/${variant.name} (correct, written differently) scores full marks`, () => {
        const report = variantReports[i];
        expect(report.earned, `a correct solution lost points: the tests demand more than the contract\n${summary(report)}`).to.equal(report.points);
      });
    });

    mutants.forEach((mutant, i) => {
      it(`mutant ${mutant.exercise}/${mutant.name} loses points, and the report names its symptom`, () => {
        const report = mutantReports[i];
        expect(report.earned, `the mutant scored full marks: the tests miss this mistake`).to.be.lessThan(report.points);
        const texts = failureTexts(report);
        for (const symptom of mutant.symptoms) {
          expect(texts.some((text) => text.includes(symptom)), `no failure says "${symptom}"; failures were:\n${summary(report)}`).to.equal(true);
        }
        if (!SIMULATED_EXERCISES.has(mutant.exercise)) return;
        for (const test of allTests(report).filter((t) => t.failure && t.failure.reason.kind !== "timeout")) {
          expect(test.attachments.filter((a) => a.html.startsWith("<svg")).length, `${test.id} failed without a picture of the run`).to.be.at.least(1);
        }
      });
    });
  });
}
