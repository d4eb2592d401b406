/**
 * The grader's API for test authors: what a hidden or visible test is, what it receives, and
 * how it fails with words. See grader/README.md for a worked example.
 *
 * A test is data (id, points, visibility, description, seeds, timeout) plus a `run(ctx)` that
 * throws to fail. It never imports the learner's code itself: `ctx.load()` hands it the module
 * under test (the learner's file, the reference solution, or a mutant), so one test grades all.
 */
import { isNotImplemented } from "../src/contracts/not-implemented";
import type { Rng } from "../src/sim/random";
import { splitTexts, type Texts, type Translations } from "./i18n/language";
import { say } from "./i18n/messages";

/**
 * What a test says to the learner: an English sentence, or the same sentence in every language
 * the grader speaks (`says({ en, ko })`), shown in the language the run asked for (`--lang`).
 */
export type Words = string | Texts;
export type { Texts };

/**
 * A message in every language: `fail(says({ en: \`term ${t} has two leaders\`, ko: \`term ${t}에 leader가 둘입니다\` }))`.
 * Values, ids and code inside it stay as they are in both.
 */
export function says(texts: Texts): Texts {
  return texts;
}

export type Visibility = "visible" | "hidden";

export interface GradedTest {
  /** Short kebab-case name, unique within the exercise: "basic-agreement". */
  name: string;
  points: number;
  visibility: Visibility;
  /** What the test checks, in a sentence a learner understands. Shown next to its result. */
  description: string;
  /** The description in other languages (`{ ko: "..." }`); reports in a language without one show the English. */
  descriptionIn?: Translations;
  /**
   * Randomized tests run once per seed (default 1: a fixed test). Each seed is a separate run;
   * the test earns its points only when every seed passes, and every failure names its seed.
   */
  seeds?: number;
  /** Wall-clock limit for one seed's run, in the grader's child process (default 10 s). */
  timeoutMs?: number;
  /**
   * Ids of the rules this test checks, from the exercise's rule table
   * (grader/tests/weekN/<exercise>.rules.md): every rule the table names it the directed test of,
   * and any other it exercises. The first is its main rule. Reports tell a failure under the first
   * rule it lists whose directed test also failed (report/groups.ts).
   */
  rules?: readonly string[];
  run(ctx: TestContext): void | Promise<void>;
}

export interface TestContext {
  /** The seed of this run: pass it to `new Simulation({ seed })` and friends. */
  readonly seed: number;
  /** A random stream derived from the seed, for generating inputs. */
  readonly rng: Rng;
  /** Path of the graded file, relative to the course root, for messages. */
  readonly file: string;
  /** The module under test (its exports). Throws a failure that says why if it cannot load. */
  load<T = Record<string, unknown>>(): T;
  /** One export of the module under test, checked to be a function or class. */
  exported<T = unknown>(name: string): T;
  /** A picture or HTML section for the report (space-time diagram, history timeline, ...). */
  attach(title: string, html: string): void;
  /**
   * A picture drawn only if this run fails, after it failed: register it before running the
   * simulation (`ctx.attachOnFailure("space-time diagram", () => spaceTime(sim.trace))`) and
   * passing runs never pay for drawing. A picture that cannot be drawn becomes a note.
   */
  attachOnFailure(title: string, render: () => string): void;
  /** A line of context shown with this test's result (e.g. the run's parameters). */
  note(text: string): void;
  /**
   * The test's own setup must have happened as intended (the partition isolated the replica, the
   * write missed it). When `condition` is false the run ends as inconclusive: the grader tries
   * the test again on other seeds derived from this one, and when none gets past its premises
   * the learner is not charged. For the learner's behaviour use `check`, never this. The message
   * may come in every language (`says({ en, ko })`), as a failure's does.
   */
  premise(condition: boolean, message: Words | (() => Words)): void;
}

/**
 * A test's failure, in words: `message` in English, `messageIn` its translations. `details` is
 * shown below the message (e.g. a history excerpt).
 */
export class TestFailure extends Error {
  /** Undefined when the test gave English only. */
  readonly messageIn?: Translations;
  constructor(
    words: Words,
    readonly details?: string,
  ) {
    const { text, translations } = typeof words === "string" ? { text: words, translations: undefined } : splitTexts(words);
    super(text);
    this.name = "TestFailure";
    this.messageIn = translations;
  }
}

/** Fail the test with `message`. */
export function fail(message: Words, details?: string): never {
  throw new TestFailure(message, details);
}

/** Fail with `message` unless `condition` holds. */
export function check(condition: boolean, message: Words | (() => Words), details?: string): asserts condition {
  if (!condition) fail(typeof message === "function" ? message() : message, details);
}

/**
 * Fail unless `actual` deep-equals `expected`. `what` names the value in the message (in every
 * language with `says({ en, ko })`):
 * `quorumSize(4) returned 2, expected 3`. Types are named when they differ (a string "3" is
 * not the number 3), which is how a wrong return type explains itself.
 */
export function checkEqual(actual: unknown, expected: unknown, what: Words): void {
  if (deepEqual(actual, expected)) return;
  if (typeOf(actual) === typeOf(expected)) fail(say("returnedInstead", what, show(actual), show(expected)));
  fail(say("returnedWrongType", what, show(actual), say("typeName", typeOf(actual)), show(expected), say("typeName", typeOf(expected))));
}

/**
 * Fail unless `fn` throws; `what` describes the call. Returns the error for further checks.
 * A stub's NotImplementedError is passed on, so the test reports "not implemented yet"; so is the
 * error the grader's child makes of `process.exit` (explain.ts's ExitCalled), so the report says
 * the code called process.exit, not that it threw the wrong error.
 */
export function checkThrows(fn: () => unknown, what: Words): unknown {
  try {
    fn();
  } catch (error) {
    if (isNotImplemented(error) || (error instanceof Error && error.name === "ExitCalled")) throw error;
    return error;
  }
  return fail(say("shouldThrow", what));
}

export function show(value: unknown): string {
  if (value === undefined) return "undefined";
  if (typeof value === "function") return `a function ${value.name || "(anonymous)"}`;
  const text = JSON.stringify(value);
  return text === undefined ? String(value) : text.length > 200 ? `${text.slice(0, 199)}…` : text;
}

/** What kind of value it is, for naming it in messages: `typeof`, with arrays and null told apart. */
function typeOf(value: unknown): string {
  if (value === null) return "null";
  if (Array.isArray(value)) return "array";
  return typeof value;
}

function deepEqual(a: unknown, b: unknown): boolean {
  if (Object.is(a, b)) return true;
  if (typeof a !== "object" || typeof b !== "object" || a === null || b === null) return false;
  if (Array.isArray(a) !== Array.isArray(b)) return false;
  const keysA = Object.keys(a);
  const keysB = Object.keys(b);
  if (keysA.length !== keysB.length) return false;
  return keysA.every((key) => deepEqual((a as Record<string, unknown>)[key], (b as Record<string, unknown>)[key]));
}

/** One exercise of a week: a file learners implement and the tests that grade it. */
export interface ExerciseDefinition {
  /** "quorum": used in test ids (week0.quorum.basic) and on the command line (--only). */
  id: string;
  title: string;
  /** The title in other languages (`{ ko: "..." }`). */
  titleIn?: Translations;
  /** Path of the exercise under exercises/ (and solutions/): "week0/quorum.ts". */
  file: string;
}

export interface WeekDefinition {
  week: number;
  title: string;
  /** The title in other languages (`{ ko: "..." }`). */
  titleIn?: Translations;
  exercises: ExerciseDefinition[];
}
