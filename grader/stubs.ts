/**
 * What a graded file still leaves to write: the names its `notImplemented("...")` calls give, read
 * from its text (the parent never runs learner code). A run stops at the first stub it reaches
 * (RaftNode.onStart), so the tests alone would name one method; the file names them all.
 */
import { existsSync, readFileSync } from "node:fs";

const STUB_CALL = /\bnotImplemented\(\s*(["'`])([^"'`\n]+)\1/g;

/** The names in the file's `notImplemented(...)` calls, in file order, each once; none when it cannot be read. */
export function stubsLeftIn(file: string): string[] {
  if (!existsSync(file)) return [];
  const text = readFileSync(file, "utf8");
  return [...new Set([...text.matchAll(STUB_CALL)].map((match) => match[2]))];
}
