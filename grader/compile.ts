/**
 * Type-check graded files before running them, with the course's strict compiler options and
 * the pinned TypeScript, and report errors as `file:line:col error TSxxxx: message`, the way an
 * editor shows them. One program checks every file of a run at once (a program costs about a
 * second; one per file would cost that many).
 */
import { dirname, relative, sep } from "node:path";
import ts from "typescript";

export type CompileResults = Map<string, string[]>;

/**
 * Diagnostics per graded file. An error in a helper file next to a graded file (a file the
 * learner added and imported) counts for every graded file in that folder.
 */
export function typeCheck(root: string, files: readonly string[], labelRoot = root): CompileResults {
  const options = compilerOptions(root);
  const program = ts.createProgram({ rootNames: [...files], options });
  const results: CompileResults = new Map(files.map((file) => [file, []]));
  for (const diagnostic of ts.getPreEmitDiagnostics(program)) {
    const file = diagnostic.file?.fileName;
    if (!file) continue;
    const owners = results.has(file) ? [file] : files.filter((graded) => file.startsWith(dirname(graded) + sep));
    for (const owner of owners) results.get(owner)?.push(format(diagnostic, labelRoot));
  }
  return results;
}

function compilerOptions(root: string): ts.CompilerOptions {
  const configPath = ts.findConfigFile(root, ts.sys.fileExists, "tsconfig.json");
  if (!configPath) throw new Error(`no tsconfig.json in ${root}`);
  const { config } = ts.readConfigFile(configPath, ts.sys.readFile);
  const parsed = ts.parseJsonConfigFileContent(config, ts.sys, dirname(configPath));
  return { ...parsed.options, noEmit: true, types: ["node"] };
}

function format(diagnostic: ts.Diagnostic, labelRoot: string): string {
  const message = ts.flattenDiagnosticMessageText(diagnostic.messageText, "\n");
  if (!diagnostic.file || diagnostic.start === undefined) return `error TS${diagnostic.code}: ${message}`;
  const { line, character } = diagnostic.file.getLineAndCharacterOfPosition(diagnostic.start);
  return `${relative(labelRoot, diagnostic.file.fileName)}:${line + 1}:${character + 1} error TS${diagnostic.code}: ${message}`;
}
