/**
 * The Raft the bank runs on. Week 4 grades the bank alone, so by default it runs on the course's
 * reference RaftNode (solutions/week1/raft.ts) where the course has it. The student edition ships
 * no solutions: there, and whenever `own` is asked for (`--own-raft`), the bank runs on the
 * learner's own week-1 RaftNode (exercises/week1/raft.ts).
 */
import { existsSync } from "node:fs";
import { join } from "node:path";
import type { RaftNodeConstructor } from "../contracts/raft";

export interface ChosenRaft {
  Raft: RaftNodeConstructor;
  /** "the reference Raft (solutions/week1/raft.ts)" or "your Raft (exercises/week1/raft.ts)": for reports. */
  source: string;
}

const ROOT = join(__dirname, "..", "..");

/**
 * Load a TypeScript module: with the running loader where there is one (tsx: the grader, the CLI,
 * the tests; the grader's sandbox forbids installing another), else through tsx's own require (the
 * notebooks' tslab kernel compiles only what a cell imports statically). tsx's types are ESM-only,
 * out of reach of the course's module settings, hence the typed `require`.
 */
function requireTypeScript(file: string): unknown {
  if (require.extensions[".ts"]) return require(file);
  const { require: tsxRequire } = require("tsx/cjs/api") as { require: (id: string, fromFile: string) => unknown };
  return tsxRequire(file, __filename);
}

export function bankRaft(options: { own?: boolean } = {}): ChosenRaft {
  const reference = join(ROOT, "solutions", "week1", "raft.ts");
  const file = !options.own && existsSync(reference) ? "solutions/week1/raft.ts" : "exercises/week1/raft.ts";
  const { RaftNode } = requireTypeScript(join(ROOT, file)) as { RaftNode: RaftNodeConstructor };
  return { Raft: RaftNode, source: file.startsWith("solutions") ? `the reference Raft (${file})` : `your Raft (${file})` };
}
