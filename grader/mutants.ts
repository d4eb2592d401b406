/**
 * Curated variants of the reference solutions, the grader's own test fixtures:
 *
 *   grader/mutants/weekN/<exercise>/<mistake>.ts   one realistic learner mistake per file. Its
 *       header says what the mistake is and, on `@symptom` lines, words the grader's report must
 *       contain when it grades that file. A mutant must lose points for the right reason: a
 *       grader that passes a known bug is broken.
 *   grader/variants/weekN/<exercise>/<name>.ts     a correct solution written differently from
 *       the reference (e.g. without an optional feature). A variant must score full marks: a
 *       grader that fails correct code is broken too.
 */
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";

export interface CuratedFile {
  week: number;
  exercise: string;
  name: string;
  file: string;
}

export interface Mutant extends CuratedFile {
  /** Texts the failure explanations must contain (each in at least one failed test). */
  symptoms: string[];
}

function listCurated(root: string, week: number, folder: "mutants" | "variants"): CuratedFile[] {
  const dir = join(root, "grader", folder, `week${week}`);
  if (!existsSync(dir)) return [];
  return readdirSync(dir)
    .sort()
    .flatMap((exercise) =>
      readdirSync(join(dir, exercise))
        .filter((file) => file.endsWith(".ts"))
        .sort()
        .map((file) => ({ week, exercise, name: file.replace(/\.ts$/, ""), file: join(dir, exercise, file) })),
    );
}

export function listMutants(root: string, week: number): Mutant[] {
  return listCurated(root, week, "mutants").map((mutant) => {
    const symptoms = [...readFileSync(mutant.file, "utf8").matchAll(/^\s*\*\s*@symptom\s+(.+?)\s*$/gm)].map((match) => match[1]);
    if (symptoms.length === 0) throw new Error(`${mutant.file}: a mutant needs at least one "@symptom ..." line in its header`);
    return { ...mutant, symptoms };
  });
}

export function listVariants(root: string, week: number): CuratedFile[] {
  return listCurated(root, week, "variants");
}
