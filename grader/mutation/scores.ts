/**
 * Mutation scores per exercise, from Stryker's results, and the table `npm run mutation` prints.
 *
 * The score is Stryker's: mutants detected (killed, or looping past the grader's time limit) over
 * the mutants that ran. Mutants the TypeScript checker refused never ran (a learner's file that does
 * not compile scores zero anyway), and excluded ones (`// Stryker disable` with a reason: equivalent
 * or cosmetic) are counted apart, so they neither raise nor lower it.
 */
import type { MutantResult } from "@stryker-mutator/api/core";
import { exerciseOfSolution } from "./scope";

export interface ExerciseScore {
  /** "week1.raft" */
  exercise: string;
  killed: number;
  timeout: number;
  survived: number;
  /** Excluded with a reason (equivalent to the reference, or cosmetic: log lines, error messages). */
  excluded: number;
  /** Refused by the TypeScript checker or the grader's type check: never graded. */
  invalid: number;
  /** Survivors, one line each: where, which mutator, what it put there. */
  survivors: string[];
}

export function scoresByExercise(root: string, results: readonly MutantResult[]): ExerciseScore[] {
  const scores = new Map<string, ExerciseScore>();
  for (const result of results) {
    const { week, id, file } = exerciseOfSolution(root, result.fileName);
    const exercise = `week${week}.${id}`;
    const score = scores.get(exercise) ?? { exercise, killed: 0, timeout: 0, survived: 0, excluded: 0, invalid: 0, survivors: [] };
    scores.set(exercise, score);
    if (result.status === "Killed") score.killed++;
    else if (result.status === "Timeout") score.timeout++;
    else if (result.status === "Survived" || result.status === "NoCoverage") {
      score.survived++;
      // Stryker reports lines and columns from 1, as editors show them.
      score.survivors.push(`${file}:${result.location.start.line}:${result.location.start.column} ${result.mutatorName}: ${oneLine(result.replacement)}`);
    } else if (result.status === "Ignored") score.excluded++;
    else score.invalid++;
  }
  return [...scores.values()];
}

/** Detected over graded, as a percentage; undefined when nothing was graded. */
export function mutationScore(score: ExerciseScore): number | undefined {
  const graded = score.killed + score.timeout + score.survived;
  return graded === 0 ? undefined : (100 * (score.killed + score.timeout)) / graded;
}

export function formatScores(scores: readonly ExerciseScore[]): string {
  const header = ["exercise", "score", "killed", "timeout", "survived", "excluded", "invalid"];
  const rows = scores.map((score) => {
    const value = mutationScore(score);
    return [score.exercise, value === undefined ? "n/a" : `${value.toFixed(1)}%`, ...[score.killed, score.timeout, score.survived, score.excluded, score.invalid].map(String)];
  });
  const widths = header.map((title, i) => Math.max(title.length, ...rows.map((row) => row[i].length)));
  const line = (cells: string[]) => cells.map((cell, i) => (i === 0 ? cell.padEnd(widths[i]) : cell.padStart(widths[i]))).join("  ");
  const survivors = scores.flatMap((score) => score.survivors).map((survivor) => `  survived: ${survivor}`);
  return [line(header), ...rows.map(line), ...survivors].join("\n");
}

function oneLine(text: string | undefined): string {
  const flat = (text ?? "").replace(/\s+/g, " ").trim();
  return flat.length > 100 ? `${flat.slice(0, 97)}...` : flat;
}
