/**
 * The languages the grader speaks. English is the canonical text: every message exists in it,
 * tools that read words (report/groups.ts reads "not implemented yet: ..." and "rule <id>: ...")
 * read it, and the JSON formats' machine fields never change with the language. Another language
 * travels beside it as a translation, chosen when a report is written.
 */
export const LANGUAGES = ["en", "ko"] as const;
export type Language = (typeof LANGUAGES)[number];
export const DEFAULT_LANGUAGE: Language = "en";

/** One text in every language: what a message id or a test's `says({ en, ko })` yields. */
export type Texts = Record<Language, string>;
/** The translations beside an English text; one that is absent reads in English. */
export type Translations = Partial<Record<Exclude<Language, "en">, string>>;

function isLanguage(text: string): text is Language {
  return (LANGUAGES as readonly string[]).includes(text);
}

/**
 * The language a run asked for: `--lang`, else the COURSE_LANG variable (as `npm start` reads it),
 * else English. Throws, in words, for a language the grader does not speak.
 */
export function chooseLanguage(flag: string | undefined, env: NodeJS.ProcessEnv): Language {
  const chosen = (flag ?? env.COURSE_LANG ?? "").trim() || DEFAULT_LANGUAGE;
  if (isLanguage(chosen)) return chosen;
  const from = flag !== undefined ? "--lang" : "COURSE_LANG";
  throw new Error(`${from}=${chosen}: the grader speaks ${LANGUAGES.join(", ")}`);
}

/** The English text and its translations, split as messages carry them. */
export function splitTexts(texts: Texts): { text: string; translations: Translations } {
  const { en, ...translations } = texts;
  return { text: en, translations };
}

/** An English text in `language`: its translation when there is one, else the English. */
export function inLanguage(text: string, translations: Translations | undefined, language: Language): string {
  return language === "en" ? text : (translations?.[language] ?? text);
}
