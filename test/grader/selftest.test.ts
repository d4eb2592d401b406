/**
 * The grader grades itself, for every week it has tests for: the reference solutions score full
 * marks, the stubs as committed (git's HEAD, never the learner's exercises/) score zero with
 * "not implemented" reasons and no crash, and every curated mutant loses points on a test whose
 * explanation names the mistake's symptom, under the course's seed plan and under another one (a
 * catch must not depend on which seeds were drawn). Rule tables agree with the tests they name.
 */
import { expect } from "chai";
import { join } from "node:path";
import { listWeeks, loadWeek } from "../../grader/catalog";
import { ChildPool } from "../../grader/child-pool";
import { DEFAULT_MEMORY_MB } from "../../grader/child-runner";
import { typeCheck } from "../../grader/compile";
import { listMutants, listVariants, type Mutant } from "../../grader/mutants";
import { loadRuleTable, ruleTableProblems } from "../../grader/rules";
import type { GradeReport } from "../../grader/runner";
import { requireOrSkip } from "../support/requirements";
import { ROOT, allTests, failureTexts, gradeWith, inParallel, pristineStubs, summary } from "./helpers";

/** Exercises graded on a simulated cluster: each of their failures comes with pictures of the run. */
const SIMULATED_EXERCISES = new Set(["raft", "kv", "saga"]);
/** A second seed plan: every mutant must also lose points when the seeds are drawn from this. */
const PERTURBED_COURSE_SEED = 2026;

/**
 * `SELFTEST_ONLY=raft/vote-twice,raft/no-check-quorum` grades only the curated files whose
 * `<exercise>/<name>` contains one of the texts (with `--grep "week 1"` for one week): a quick
 * check of the mutants and variants one is writing. Unset, every one.
 */
const ONLY = process.env.SELFTEST_ONLY?.split(",").filter(Boolean);
const chosen = (file: { exercise: string; name: string }) => !ONLY || ONLY.some((text) => `${file.exercise}/${file.name}`.includes(text));

/** Tests that said nothing on some seed: fine for a learner, a defect of the suite for correct code. */
function inconclusiveTests(report: GradeReport): string {
  return allTests(report)
    .filter((test) => test.inconclusive.length > 0)
    .map((test) => `${test.id}: ${test.inconclusive[0].message}`)
    .join("\n");
}

for (const week of listWeeks(ROOT)) {
  describe(`grader self-test: week ${week}`, function () {
    this.timeout(15 * 60_000);
    const mutants = listMutants(ROOT, week);
    const built = mutants.filter((mutant) => !mutant.problem && chosen(mutant));
    const variants = listVariants(ROOT, week).filter(chosen);
    let mutantReports: GradeReport[] = [];
    let perturbedReports: GradeReport[] = [];
    let variantReports: GradeReport[] = [];
    // Two children grade the solutions, the stubs and every mutant: one start-up each, not one per file.
    let pool: ChildPool;

    before(async () => {
      // The course's own files only: the children may read every folder they will grade.
      const readDirs = [join(ROOT, ".cache", "mutants"), join(ROOT, "solutions"), join(ROOT, "exercises"), join(ROOT, "grader", "variants")];
      pool = new ChildPool(ROOT, { memoryMb: DEFAULT_MEMORY_MB, readDirs }, 2);
      const curated = [...built, ...variants, ...built];
      const compiled = typeCheck(ROOT, curated.map((file) => file.file));
      const isVariant = (i: number) => i >= built.length && i < built.length + variants.length;
      const reports = await inParallel(
        curated.map((file, i) => () =>
          gradeWith(week, {
            only: `week${week}.${file.exercise}.`,
            // A mutant that names the rules it breaks is graded by those rules' tests only: they must catch it alone.
            rules: isVariant(i) || (file as Mutant).rules.length === 0 ? undefined : (file as Mutant).rules,
            overrides: { [`week${week}.${file.exercise}`]: file.file },
            courseSeed: i >= built.length + variants.length ? PERTURBED_COURSE_SEED : undefined,
            compiled,
            pool,
          }),
        ),
        2,
      );
      mutantReports = reports.slice(0, built.length);
      variantReports = reports.slice(built.length, built.length + variants.length);
      perturbedReports = reports.slice(built.length + variants.length);
    });
    after(() => pool.close());

    it("the reference solutions score full marks", async () => {
      const report = await gradeWith(week, { sourceRoot: join(ROOT, "solutions"), pool });
      expect(report.points).to.be.greaterThan(0);
      expect(report.earned, summary(report)).to.equal(report.points);
      expect(inconclusiveTests(report), "the tests' own setup failed on the reference").to.equal("");
    });

    it("the stubs score zero, every lost point saying what is not implemented, without crashing", async function () {
      // The stubs as committed, not exercises/ in place: a learner's own work there must not turn `npm test` red.
      const stubs = pristineStubs(ROOT, week);
      requireOrSkip(this, "the pristine stubs", "problem" in stubs ? stubs.problem : undefined, "run the tests in a git clone of the course (the self-test reads the stubs from git's HEAD)");
      if ("problem" in stubs) return;
      try {
        const report = await gradeWith(week, { sourceRoot: stubs.sourceRoot, labelRoot: stubs.sourceRoot, pool });
        expect(report.points).to.be.greaterThan(0);
        expect(report.earned).to.equal(0);
        const reasons = allTests(report).map((test) => `${test.id}: ${test.failure?.reason.kind}: ${test.failure?.reason.message}`);
        for (const reason of reasons) expect(reason).to.match(/: not-implemented: not implemented yet: .+? \(write it in exercises\/week\d+\//);
      } finally {
        stubs.remove();
      }
    });

    it("every mutant patch applies to the current reference, names a symptom, and names only rules of its table", () => {
      expect(mutants.filter((mutant) => mutant.problem).map((mutant) => mutant.problem)).to.deep.equal([]);
      const unknown = mutants.flatMap((mutant) => {
        const table = new Set((loadRuleTable(ROOT, week, mutant.exercise) ?? []).map((rule) => rule.id));
        return mutant.rules.filter((rule) => !table.has(rule)).map((rule) => `${mutant.exercise}/${mutant.name}: @rule ${rule} is not in its rule table`);
      });
      expect(unknown).to.deep.equal([]);
    });

    it("every rule table agrees with its tests: each rule has a directed test that lists it", () => {
      const { definition, tests } = loadWeek(ROOT, week);
      const problems = definition.exercises.flatMap((exercise) => {
        const rules = loadRuleTable(ROOT, week, exercise.id);
        return rules ? ruleTableProblems(rules, tests.filter((test) => test.exercise.id === exercise.id)).map((problem) => `${exercise.id}: ${problem}`) : [];
      });
      expect(problems).to.deep.equal([]);
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
        expect(inconclusiveTests(report), "the tests' own setup failed on correct code").to.equal("");
      });
    });

    built.forEach((mutant, i) => {
      it(`mutant ${mutant.exercise}/${mutant.name} loses points, and the report names its symptom`, () => {
        expectCaught(mutant, mutantReports[i]);
      });
      it(`mutant ${mutant.exercise}/${mutant.name} is caught under another seed plan too`, () => {
        expectCaught(mutant, perturbedReports[i]);
      });
    });
  });
}

function expectCaught(mutant: Mutant, report: GradeReport): void {
  expect(report.earned, `the mutant scored full marks: the tests miss this mistake`).to.be.lessThan(report.points);
  const texts = failureTexts(report);
  for (const symptom of mutant.symptoms) {
    expect(texts.some((text) => text.includes(symptom)), `no failure says "${symptom}"; failures were:\n${summary(report)}`).to.equal(true);
  }
  if (!SIMULATED_EXERCISES.has(mutant.exercise)) return;
  for (const test of allTests(report).filter((t) => t.failure && t.failure.reason.kind !== "timeout")) {
    expect(test.attachments.filter((a) => a.html.startsWith("<svg")).length, `${test.id} failed without a picture of the run`).to.be.at.least(1);
  }
}
