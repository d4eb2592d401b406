/**
 * Stryker's ignorer for what no test of the course should read (`npm run mutation`): the mutants
 * it finds are reported as ignored, with the reason below, and never graded.
 *
 * - The words of an error thrown by a contract check (`throw new RangeError(`...`)`, or a class
 *   named `...Rejected` such as event sourcing's `throw new CommandRejected(`...`)`): contracts
 *   ask for the error's type, and a test that pinned its words would fail a learner's own wording.
 * - A log line for the trace (`ctx.log(...)`): it helps a person read a run, and changes nothing.
 *
 * Mutants equivalent to the reference only in one place are excluded there, in the solution, with
 * `// Stryker disable next-line <mutator>: <reason>`.
 */
import type { PluginKind } from "@stryker-mutator/api/dist/src/plugin/index.js";

/** The little of Babel's NodePath this ignorer reads (Stryker's own type for it is empty). */
interface SyntaxPath {
  node: SyntaxNode;
  parentPath: SyntaxPath | null;
}

interface SyntaxNode {
  type: string;
  name?: string;
  callee?: SyntaxNode;
  property?: SyntaxNode;
}

/** Error classes whose words no test reads: `...Error` and `...Rejected` (a refused command). */
const ERROR_CLASS = /(Error|Rejected)$/;

const ERROR_WORDS = "an error message: contracts ask for the error's type, and no test reads its words";
const LOG_LINE = "a log line for the trace: it helps a person read a run and changes no behaviour";

export function cosmeticReason(path: SyntaxPath): string | undefined {
  const { node, parentPath } = path;
  const parent = parentPath?.node;
  if (parent?.type === "NewExpression" && parent.callee !== node && ERROR_CLASS.test(parent.callee?.name ?? "") && parentPath?.parentPath?.node.type === "ThrowStatement") return ERROR_WORDS;
  if (node.type === "CallExpression" && node.callee?.type === "MemberExpression" && node.callee.property?.name === "log") return LOG_LINE;
  return undefined;
}

export const strykerPlugins = [{ kind: "Ignore" as PluginKind.Ignore, name: "course-cosmetic", value: { shouldIgnore: cosmeticReason } }];
