/**
 * Curated buggy variants ("mutants") of the reference solutions, one realistic learner mistake
 * per file: grader/mutants/weekN/<exercise>/<mistake>.ts. Each file says in its header comment
 * what the mistake is and, on `@symptom` lines, words the grader's report must contain when it
 * grades that file. The self-tests grade every mutant and check that it loses points for the
 * right reason: a grader that passes a known bug is broken.
 */
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";

export interface Mutant {
  week: number;
  exercise: string;
  name: string;
  file: string;
  /** Texts the failure explanations must contain (each in at least one failed test). */
  symptoms: string[];
}

export function listMutants(root: string, week: number): Mutant[] {
  const dir = join(root, "grader", "mutants", `week${week}`);
  if (!existsSync(dir)) return [];
  return readdirSync(dir)
    .sort()
    .flatMap((exercise) =>
      readdirSync(join(dir, exercise))
        .filter((file) => file.endsWith(".ts"))
        .sort()
        .map((file) => {
          const path = join(dir, exercise, file);
          const symptoms = [...readFileSync(path, "utf8").matchAll(/^\s*\*\s*@symptom\s+(.+?)\s*$/gm)].map((match) => match[1]);
          if (symptoms.length === 0) throw new Error(`${path}: a mutant needs at least one "@symptom ..." line in its header`);
          return { week, exercise, name: file.replace(/\.ts$/, ""), file: path, symptoms };
        }),
    );
}
