/**
 * Messages by id in every language at once. Reasons are worded where they happen (often in the
 * grader's child, which does not know the reader's language), so they carry every language and
 * the report picks one when it is written.
 */
import { renderFinding, type Finding } from "../../src/findings/finding";
import { en, type Catalog, type MessageId } from "./en";
import { ko } from "./ko";
import { LANGUAGES, splitTexts, type Language, type Texts, type Translations } from "./language";

const CATALOGS: Record<Language, Catalog> = { en, ko };

/** The grader's own words in one language. */
export function words(language: Language): Catalog {
  return CATALOGS[language];
}

/** A text argument may itself be a message in every language (a reason inside a reason). */
type Arg<T> = T extends string ? string | Texts : T;
type Args<K extends MessageId> = Catalog[K] extends (...args: infer A) => string ? { [I in keyof A]: Arg<A[I]> } : [];

/** Message `id` with `args`, in every language. */
export function say<K extends MessageId>(id: K, ...args: Args<K>): Texts {
  const texts = {} as Texts;
  for (const language of LANGUAGES) {
    const entry = CATALOGS[language][id] as string | ((...values: unknown[]) => string);
    const values = (args as unknown[]).map((arg) => (isTexts(arg) ? arg[language] : arg));
    texts[language] = typeof entry === "function" ? entry(...values) : entry;
  }
  return texts;
}

/** A message in every language, as a reason or a failure carries it: the English text and its translations. */
export function sayParts<K extends MessageId>(id: K, ...args: Args<K>): { message: string; messageIn: Translations } {
  const { text, translations } = splitTexts(say(id, ...args));
  return { message: text, messageIn: translations };
}

/** An English text with its translations, back in every language (untranslated ones read in English). */
export function allTexts(text: string, translations: Translations | undefined): Texts {
  const texts = {} as Texts;
  for (const language of LANGUAGES) texts[language] = language === "en" ? text : (translations?.[language] ?? text);
  return texts;
}

/**
 * A checker's or harness's finding (src/findings/) in every language the grader speaks: the
 * course's own words about what broke, worded where the test fails it. A language the grader
 * speaks without findings in it does not compile here.
 */
export function findingTexts(found: Finding): Texts {
  const texts = {} as Texts;
  for (const language of LANGUAGES) texts[language] = renderFinding(found, language);
  return texts;
}

function isTexts(value: unknown): value is Texts {
  return typeof value === "object" && value !== null && LANGUAGES.every((language) => typeof (value as Record<string, unknown>)[language] === "string");
}
