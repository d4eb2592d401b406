/**
 * What a mutation run covers: the reference files it mutates (solutions/weekN/<file>.ts, one per
 * exercise) and where it keeps its working files.
 */
import { join, relative, resolve, sep } from "node:path";
import { loadWeekDefinition } from "../catalog";

/** Stryker's sandboxes and the mutants written out for grading: under .cache/ (git ignores it). */
export const MUTATION_CACHE = join(".cache", "mutation");

export interface MutatedExercise {
  week: number;
  /** The exercise id in its week ("raft"). */
  id: string;
  /** The reference file, relative to the course root ("solutions/week1/raft.ts"). */
  file: string;
}

/** The exercises of `week`, with their reference files. */
export function exercisesOf(root: string, week: number): MutatedExercise[] {
  return loadWeekDefinition(root, week).exercises.map((exercise) => ({ week, id: exercise.id, file: join("solutions", exercise.file) }));
}

/** The files Stryker's `mutate` patterns name, without their `:line-range` suffixes. */
export function mutatedFiles(patterns: readonly string[]): string[] {
  return [...new Set(patterns.map((pattern) => pattern.replace(/:\d+(:\d+)?(-\d+(:\d+)?)?$/, "")))];
}

/** The exercise whose reference `file` is (absolute, or relative to the course root). */
export function exerciseOfSolution(root: string, file: string): MutatedExercise {
  const path = relative(join(root, "solutions"), resolve(root, file)).split(sep).join("/");
  const week = /^week(\d+)\//.exec(path)?.[1];
  const exercise = week === undefined ? undefined : loadWeekDefinition(root, Number(week)).exercises.find((candidate) => candidate.file === path);
  if (!exercise) throw new Error(`${file} is not the reference solution of an exercise (solutions/weekN/<file>.ts named in grader/tests/weekN/week.ts)`);
  return { week: Number(week), id: exercise.id, file: join("solutions", path) };
}
