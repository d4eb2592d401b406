/**
 * One code, several languages: every edition of a notebook (notebooks/source/<lang>/NN-name.md)
 * runs the same code cells, byte for byte and in the same order, as the English source. Strings
 * a cell prints come from the course's code, so one test run proves every edition; only the
 * prose is translated. An edition also has every notebook: none exists in one language only.
 */
import { readFileSync } from "node:fs";
import { relative } from "node:path";
import { DEFAULT_LANGUAGE, type NotebookEntry } from "./catalog";
import { parseNotebookSource } from "./source";

/** Problems in words: notebooks missing from an edition, and code cells that differ from English. */
export function editionProblems(root: string, entries: readonly NotebookEntry[]): string[] {
  const english = new Map(entries.filter((entry) => entry.language === DEFAULT_LANGUAGE).map((entry) => [entry.name, entry]));
  const languages = [...new Set(entries.map((entry) => entry.language))].filter((language) => language !== DEFAULT_LANGUAGE);
  const problems: string[] = [];
  for (const language of languages) {
    const edition = new Map(entries.filter((entry) => entry.language === language).map((entry) => [entry.name, entry]));
    for (const name of english.keys()) if (!edition.has(name)) problems.push(`notebooks/source/${language}/${name}.md is missing: the ${language} edition must have every notebook`);
    for (const [name, entry] of edition) {
      const original = english.get(name);
      if (!original) problems.push(`${relative(root, entry.sourcePath)} has no English original notebooks/source/${DEFAULT_LANGUAGE}/${name}.md`);
      else problems.push(...codeCellProblems(readFileSync(original.sourcePath, "utf8"), readFileSync(entry.sourcePath, "utf8"), relative(root, entry.sourcePath)));
    }
  }
  return problems;
}

/** Where `translated`'s code cells differ from `original`'s, in words (at most the first difference). */
export function codeCellProblems(original: string, translated: string, label: string): string[] {
  const code = (text: string) => parseNotebookSource(text).filter((cell) => cell.kind === "code").map((cell) => cell.text);
  const [expected, actual] = [code(original), code(translated)];
  for (let i = 0; i < Math.max(expected.length, actual.length); i++) {
    if (expected[i] === actual[i]) continue;
    if (actual[i] === undefined) return [`${label}: code cell ${i + 1} of ${expected.length} is missing (the English source has it)`];
    if (expected[i] === undefined) return [`${label}: code cell ${i + 1} has no twin in the English source (it has ${expected.length})`];
    return [`${label}: code cell ${i + 1} differs from the English source's, first at line ${firstDifferentLine(expected[i], actual[i])}; code cells must be byte-identical in every language`];
  }
  return [];
}

function firstDifferentLine(a: string, b: string): number {
  const [linesA, linesB] = [a.split("\n"), b.split("\n")];
  const index = linesA.findIndex((line, i) => line !== linesB[i]);
  return (index === -1 ? linesA.length : index) + 1;
}
