/**
 * The grader's own words in English, by message id: the report's frame, the explanations of each
 * reason kind, the HTML report's labels and the command line's. Test names, ids, values, code,
 * seeds and commands are arguments and never translated. ko.ts must give every id (its type is
 * this table's), so a message added here without its Korean twin does not compile.
 */
import type { ReasonKind } from "../protocol";

const plural = (count: number, one: string, many = `${one}s`) => `${count} ${count === 1 ? one : many}`;

export const en = {
  // The report's frame (terminal, HTML, report.txt)
  weekHeading: (week: number, title: string) => `week ${week}: ${title}`,
  exerciseHeading: (week: number, id: string) => `week ${week} · ${id}`,
  columnTest: "test",
  columnPoints: "points",
  columnResult: "result",
  columnVisibility: "visibility",
  columnChecks: "what it checks",
  subtotal: "subtotal",
  visibility: (visibility: "visible" | "hidden"): string => visibility,
  seedsPassed: (passed: number, run: number) => `${passed}/${run} seeds`,
  score: (earned: number, points: number) => `${earned}/${points} points`,
  total: (earned: number, points: number, percent: number) => `Total: ${earned}/${points} points (${percent}%)`,
  visibleOnlyEdition: "This edition has the visible tests only; the hidden tests run in your instructor's grader.",
  whyPointsWereLost: "Why points were lost",
  redFlagsHeading: "Red flags (uses of APIs that reach the grader, other processes or files; for the instructor to check)",
  inconclusiveHeading: "Inconclusive runs (the test's own setup failed; no points charged)",
  reportWithPictures: (path: string) => `Report with pictures: ${path}`,
  stubsWaiting: (names: string, count: number, file: string, waiting: number) => `not implemented yet: ${names} (write ${count === 1 ? "it" : "them"} in ${file}); ${plural(waiting, "test")} waiting`,
  ruleHeading: (id: string) => `rule ${id}`,
  ruleBrokenByMany: (count: number) => `${count} tests broke this rule, likely through one bug: fix it with the first, then grade again`,
  sameReason: (id: string, count: number, names: string, lost: number) => `${id}: ${count} tests (${names}) lost ${lost} points for the same reason:`,
  seed: (seed: number) => `seed ${seed}`,
  noRandomness: "no randomness",
  replay: (command: string) => `replay: ${command}`,
  replayOne: (command: string) => `replay one: ${command}`,
  yourCodePrinted: "your code printed:",
  inconclusiveSeed: (seed: number, message: string) => `seed ${seed} was inconclusive, not charged: ${message}`,
  passed: "passed",
  passedWithInconclusive: (count: number) => `passed (${plural(count, "seed")} inconclusive, not charged)`,
  kind: (kind: ReasonKind): string => kind,

  // The test list (--list)
  listedTest: (id: string, visibility: string, points: number, seeds: string, rules: string) => `${id} (${visibility}, ${plural(points, "point")}, ${seeds}${rules ? `; rules: ${rules}` : ""})`,
  fixedTest: "fixed",
  seedCount: (count: number) => plural(count, "seed"),
  listedTotal: (tests: number, points: number, visible: number, hidden: number) =>
    `${plural(tests, "test")}, ${points} points: ${visible} visible (their code is in grader/tests/), ${hidden} hidden (only their names and descriptions are shown)`,
  runOne: (command: string) => `Run one: ${command}`,

  // The HTML report's own labels
  htmlTitle: (label: string) => `Grade report: ${label}`,
  htmlTotal: (earned: number, points: number) => `Total: ${earned}/${points} points`,
  htmlVisibleOnly: " (visible tests only; hidden tests run in the instructor's grader)",
  htmlRedFlags: (flags: string) => `Red flags (for the instructor to check): ${flags}`,
  htmlStubs: (names: string, count: number, file: string, waiting: number) => `Not implemented yet: ${names} (write ${count === 1 ? "it" : "them"} in ${file}); ${plural(waiting, "test")} waiting.`,
  htmlOutputTail: "Your code printed (tail):",
  htmlSeed: (seed: number) => `Seed ${seed}. `,
  htmlReplay: "Replay:",

  // Why a test lost its points, by reason kind (protocol.ts)
  notImplemented: (what: string, file: string) => `not implemented yet: ${what} (write it in ${file})`,
  fileMissing: (file: string) => `${file} does not exist`,
  compileErrors: (file: string, count: number, errors: string, notShown: number) =>
    `${file} does not type-check (${plural(count, "error")}); fix ${count === 1 ? "it" : "them"} first:\n${errors}${notShown > 0 ? `\n... and ${notShown} more` : ""}`,
  syntaxError: (file: string, text: string) => `${file} has a syntax error: ${text}`,
  loadingFailed: (file: string, why: string) => `loading ${file} failed: ${why}`,
  missingExport: (file: string, name: string) => `${file} does not export ${name}; the tests need \`export ... ${name}\``,
  exportNotCallable: (file: string, name: string, type: string) => `${file} exports ${name}, but as a ${type}; the tests need a function or class`,
  yourCodeThrew: (text: string) => `your code threw ${text}`,
  nonErrorValue: (text: string) => `a non-Error value: ${text}`,
  undescribableThrow: "your code threw a value that cannot be described: reading or printing it threw again (a throwing toString, getter or Proxy?)",
  accessDenied: (what: string) => `your code used something the grader does not allow (${what}); exercise code reads and writes no files outside its folder and starts no processes`,
  exitCalled: (call: string) => `your code called ${call}; protocol code must never end the process`,
  harness: (text: string, file: string) =>
    `the grader's own code threw ${text}; no line of ${file} is in its stack, so this is not your code throwing. ` +
    `Either the test or the course code has a bug (tell your instructor, with the replay command), or your code handed it a value it cannot use ` +
    `(compare what your functions return and send with the contract). The test's points are withheld until it runs to the end.`,
  testCouldNotRun: (why: string) => `the test could not be run to its end: ${why}`,
  timeout: (timeoutMs: number, running: string | undefined, file: string) =>
    `timed out after ${timeoutMs} ms of real time (this test's limit)${running === undefined ? "" : ` while \`${running}\` was running (${file})`}: an infinite loop, or a handler that never returns?`,
  residentMemory: (heldMb: number, limitMb: number) => `ran out of memory: the process held ${heldMb} MB (the limit is ${limitMb} MB in all, Buffers included): something grows without bound`,
  heapMemory: (limitMb: number) => `ran out of memory (the limit is ${limitMb} MB): something grows without bound`,
  crashed: (code: string, signal: string, starting: boolean) => `the test process died (exit code ${code}, signal ${signal}) ${starting ? "while starting" : "while running this test"}`,
  crashedSilently: (starting: boolean) => `the test process died (it did not answer) ${starting ? "while starting" : "while running this test"}`,
  outputLimit: (printedMb: string, limitMb: number) => `printed ${printedMb} MB during this test (the limit is ${limitMb} MB): remove debugging output from loops and handlers`,
  globals: (changes: string) => `your code changed built-ins the tests rely on (${changes}); the grader put them back. Keep protocol code free of global patches.`,
  tampering: (changes: string) => `your code changed the grader's or the course's own code (${changes}); the grader put it back. Exercise code must not patch the course's classes, functions or the grader's process.`,
  sentToGrader: "your code sent a message to the grader's parent process (process.send); exercise code must never talk to the grader",
  killedParent: "your code killed the test process's parent (process.kill(process.ppid)); exercise code must never signal other processes",
  forgedInconclusive: "your code threw the grader's own ReasonError to make the run look inconclusive; exercise code must never speak for the grader",
  inconclusive: (premise: string) => `the test's own setup did not happen as intended (${premise}); this run says nothing about your code`,
  failedWithoutReason: "failed without a reason",

  // The test API's own sentences (api.ts)
  returnedInstead: (what: string, actual: string, expected: string) => `${what} returned ${actual}, expected ${expected}`,
  returnedWrongType: (what: string, actual: string, actualType: string, expected: string, expectedType: string) => `${what} returned ${actual} (${actualType}, expected ${expectedType}), expected ${expected}`,
  typeName: (type: string) => (type === "null" ? "null" : type === "array" ? "an array" : `a ${type}`),
  shouldThrow: (what: string) => `${what} should throw, but it returned normally`,

  // The command line
  usage: `usage: npm run grade <week> [-- options]
  <week>              week0, week1, ... (or 0, 1, ...), or all
  --solutions         grade the reference solutions/ instead of your exercises/
  --list              list the tests (id, visibility, points, seeds, rules, what they check) without grading
  --only TEXT         only tests whose id contains TEXT (e.g. week1.raft.initial-election);
                      its HTML report is written beside the week's full one, named for the replay
  --rule ID           only the tests that list rule ID (of the exercise's rule table); may repeat
  --seed N            run randomized tests with exactly seed N (replays a failure)
  --seeds K           run each randomized test over K seeds and report pass rates
  --visible-only      only the visible tests
  --file EX=PATH      grade PATH as exercise EX (e.g. --file week0.quorum=my/quorum.ts)
  --format F          terminal (default), json, gradescope, classroom, junit
  --out DIR           write the report file(s) into DIR instead of printing them
  --lang L            the language of the grader's explanations: en (default) or ko;
                      COURSE_LANG=ko does the same (test ids, values and seeds stay as they are)
  --submissions DIR   instructors: grade every DIR/<student>/ (exercises/ or weekN/ inside)
  --jobs N            submissions graded at once (default 2)`,
  whichWeek: "which week? e.g. `npm run grade week0`",
  oneWeekAtATime: (given: string) => `one week at a time, got ${given}`,
  unknownWeek: (given: string, weeks: string) => `unknown week "${given}"; this course has ${weeks} (or all)`,
  badFormat: (formats: string, given: string) => `--format must be one of ${formats}, got "${given}"`,
  noSuchTest: (text: string, example: string) => `no test id contains "${text}"; ids look like ${example}`,
  noSuchRule: (rule: string) => `no test lists rule "${rule}" (rules are in grader/tests/weekN/<exercise>.rules.md)`,
  badSeed: (why: string) => `--seed: ${why}`,
  notPositive: (flag: string, given: string) => `${flag} needs a positive integer, got "${given}"`,
  badFileOverride: (given: string) => `--file needs EXERCISE=PATH, e.g. week0.quorum=path/to/quorum.ts; got "${given}"`,
  couldNotRun: (why: string) => `grading could not run: ${why}`,
  typeChecking: (files: number) => `type-checking ${plural(files, "file")} ...`,
  grading: (done: number, total: number, what: string) => `grading ${done}/${total} ${what}`,
  wrote: (file: string, earned: number, points: number) => `wrote ${file} (${earned}/${points} points)`,
};

export type Catalog = typeof en;
export type MessageId = keyof Catalog;
