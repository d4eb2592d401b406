/**
 * What a checker or the simulated harness found, as data: a message id (findings/en.ts) and its
 * values. The words are chosen when someone reads them: `renderFinding(finding, "ko")` in a
 * Korean grade report, English everywhere else (notebooks, CLIs, `message` fields). Checkers
 * never take a language; values, node names, terms and code inside a finding are never translated.
 */
import { findingsEn, type FindingCatalog, type FindingId } from "./en";
import { findingsKo } from "./ko";

/** The languages findings are worded in; the grader's languages must be among them. */
export const FINDING_LANGUAGES = ["en", "ko"] as const;
export type FindingLanguage = (typeof FINDING_LANGUAGES)[number];

const CATALOGS: Record<FindingLanguage, FindingCatalog> = { en: findingsEn, ko: findingsKo };

export interface Finding {
  readonly id: FindingId;
  readonly args: readonly FindingArg[];
}

/** A value inside a finding: shown as it is, or a finding (or a list of them, joined by ", ") worded in the same language. */
export type FindingArg = string | number | undefined | Finding | readonly Finding[];

/** A text argument may be a finding in its own right (a clause inside a sentence). */
type Arg<T> = T extends string ? string | Finding | readonly Finding[] : T;
type Args<K extends FindingId> = FindingCatalog[K] extends (...args: infer A) => string ? { [I in keyof A]: Arg<A[I]> } : [];

/** Finding `id` with `args`, typed by its English message's parameters. */
export function finding<K extends FindingId>(id: K, ...args: Args<K>): Finding {
  return { id, args: args as readonly FindingArg[] };
}

/** The finding's words in `language` (English by default). */
export function renderFinding(found: Finding, language: FindingLanguage = "en"): string {
  const entry = CATALOGS[language][found.id] as (...values: unknown[]) => string;
  return entry(...found.args.map((arg) => (isFindingList(arg) ? arg.map((item) => renderFinding(item, language)).join(", ") : isFinding(arg) ? renderFinding(arg, language) : arg)));
}

function isFinding(value: FindingArg): value is Finding {
  return typeof value === "object" && !Array.isArray(value);
}

function isFindingList(value: FindingArg): value is readonly Finding[] {
  return Array.isArray(value);
}
