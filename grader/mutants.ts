/**
 * Curated variants of the reference solutions, the grader's own test fixtures:
 *
 *   grader/mutants/weekN/<exercise>/<mistake>.patch   one realistic learner mistake, as a unified
 *       diff against the exercise's reference solution (solutions/weekN/<file>.ts). The lines
 *       before the diff say what the mistake is and, on `@symptom` lines, words the grader's
 *       report must contain when it grades the mutant. A mutant must lose points for the right
 *       reason: a grader that passes a known bug is broken. A patch, not a copy, so a mutant is
 *       the mistake alone and keeps following the reference; one that no longer applies says so.
 *   grader/variants/weekN/<exercise>/<name>.ts        a correct solution written differently from
 *       the reference (e.g. without an optional feature). A variant must score full marks: a
 *       grader that fails correct code is broken too.
 *
 * To write a mutant: copy the reference, make the mistake, then
 *   git diff --no-index solutions/week1/raft.ts /tmp/raft.ts > grader/mutants/week1/raft/<mistake>.patch
 * and put the description and `@symptom` lines above the diff.
 */
import { cpSync, existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { basename, dirname, join } from "node:path";
import { applyPatch, parsePatch } from "diff";
import { loadWeekDefinition } from "./catalog";

export interface CuratedFile {
  week: number;
  exercise: string;
  name: string;
  /** The file to grade: a variant itself, or a mutant's patched copy of the reference. */
  file: string;
}

export interface Mutant extends CuratedFile {
  /** The .patch file. */
  patch: string;
  /** What the mistake is, in words (the lines above the diff). */
  description: string;
  /** Texts the failure explanations must contain (each in at least one failed test). */
  symptoms: string[];
  /**
   * Rule ids the mistake breaks (`@rule` lines): the self-test grades the mutant with only the
   * tests that list one of them, which must catch it on their own. None: the whole suite.
   */
  rules: string[];
  /** Why the mutant could not be built (the patch no longer applies, no symptom, ...). */
  problem?: string;
}

/**
 * Patched copies live here, each in its own folder beside copies of the other reference files of
 * its week (a solution may import its neighbours: kv-store.ts imports ./versions), two levels
 * below a link to src/ so that the reference's `../../src/...` imports resolve unchanged.
 */
const MUTANTS_CACHE = join(".cache", "mutants");

export function listMutants(root: string, week: number): Mutant[] {
  const files = loadWeekDefinition(root, week).exercises.map((exercise) => ({ exercise: exercise.id, reference: join(root, "solutions", exercise.file) }));
  return files.flatMap(({ exercise, reference }) =>
    listFolder(root, "mutants", week, exercise, ".patch").map((patch) => buildMutant(root, week, exercise, patch, reference)),
  );
}

export function listVariants(root: string, week: number): CuratedFile[] {
  return loadWeekDefinition(root, week).exercises.flatMap((exercise) =>
    listFolder(root, "variants", week, exercise.id, ".ts").map((file) => ({ week, exercise: exercise.id, name: basename(file, ".ts"), file })),
  );
}

/** One mutant by name, built; throws when it cannot be (tests and demos that use a known mistake). */
export function mutantFile(root: string, week: number, exercise: string, name: string): string {
  const mutant = listMutants(root, week).find((candidate) => candidate.exercise === exercise && candidate.name === name);
  if (!mutant) throw new Error(`no mutant grader/mutants/week${week}/${exercise}/${name}.patch`);
  if (mutant.problem) throw new Error(mutant.problem);
  return mutant.file;
}

function listFolder(root: string, folder: "mutants" | "variants", week: number, exercise: string, extension: string): string[] {
  const dir = join(root, "grader", folder, `week${week}`, exercise);
  if (!existsSync(dir)) return [];
  return readdirSync(dir)
    .filter((file) => file.endsWith(extension))
    .sort()
    .map((file) => join(dir, file));
}

function buildMutant(root: string, week: number, exercise: string, patch: string, reference: string): Mutant {
  const name = basename(patch, ".patch");
  const text = readFileSync(patch, "utf8");
  const { description, symptoms, rules } = readHeader(text);
  const label = `grader/mutants/week${week}/${exercise}/${name}.patch`;
  const cacheDir = join(root, MUTANTS_CACHE);
  const copyName = `week${week}.${exercise}.${name}`;
  const mutant: Mutant = { week, exercise, name, file: copyPath(cacheDir, copyName, reference), patch, description, symptoms, rules };
  if (symptoms.length === 0) return { ...mutant, problem: `${label}: a mutant needs at least one "@symptom ..." line above its diff` };
  const patched = applyOnePatch(text, readFileSync(reference, "utf8"));
  if (patched === undefined) return { ...mutant, problem: `${label} no longer applies to solutions/week${week}/${basename(reference)}: make the mistake again on the current reference and rewrite the patch` };
  writeBesideReference(root, cacheDir, copyName, reference, patched);
  return mutant;
}

/** The free text above the diff: a description, `@symptom` lines and `@rule` lines. */
function readHeader(text: string): { description: string; symptoms: string[]; rules: string[] } {
  const header = text.slice(0, Math.max(0, text.search(/^(diff --git |--- )/m)));
  const lines = header.split("\n").map((line) => line.trim());
  const tagged = (tag: string) => lines.filter((line) => line.startsWith(`${tag} `)).map((line) => line.slice(tag.length + 1).trim());
  return {
    description: lines.filter((line) => line && !line.startsWith("@")).join(" "),
    symptoms: tagged("@symptom"),
    rules: tagged("@rule"),
  };
}

/** The reference with the patch applied exactly (no fuzz), or undefined when it does not apply. */
function applyOnePatch(text: string, source: string): string | undefined {
  const patches = parsePatch(text);
  if (patches.length !== 1 || patches[0].hunks.length === 0) return undefined;
  const result = applyPatch(source, patches[0]);
  return result === false ? undefined : result;
}

/** Where `writeBesideReference` puts the copy named `name` of `reference`: `<cacheDir>/<name>/weekN/<file>.ts`. */
export function copyPath(cacheDir: string, name: string, reference: string): string {
  return join(cacheDir, name, basename(dirname(reference)), basename(reference));
}

/**
 * Write `content` as a changed copy of the reference file `reference` (a mutant), beside copies of
 * its week's other reference files, two levels below a link to src/ in `cacheDir`. Returns the copy.
 */
export function writeBesideReference(root: string, cacheDir: string, name: string, reference: string, content: string): string {
  const file = copyPath(cacheDir, name, reference);
  const folder = dirname(file);
  mkdirSync(cacheDir, { recursive: true });
  linkOnce(join(root, "src"), join(cacheDir, "src"));
  // Built aside and renamed into place, so a grader reading the folder never sees half of it.
  const staging = `${folder}.${process.pid}`;
  rmSync(staging, { recursive: true, force: true });
  cpSync(dirname(reference), staging, { recursive: true });
  writeFileSync(join(staging, basename(file)), content);
  rmSync(folder, { recursive: true, force: true });
  renameSync(staging, folder);
  return file;
}

function linkOnce(target: string, link: string): void {
  try {
    symlinkSync(target, link, "dir");
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== "EEXIST") throw error;
  }
}
