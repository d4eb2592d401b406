/**
 * Type-check graded files before running them, with the course's strict compiler options and
 * the pinned TypeScript, and report errors as `file:line:col error TSxxxx: message`, the way an
 * editor shows them. One program checks every file of a run at once.
 *
 * Most of a check's cost is parsing what every program shares (TypeScript's lib files, @types/node,
 * the course's src/). Parsed files are kept for the life of the process, keyed by path, size and
 * modification time, so a batch of submissions or a self-test that grades many mutants pays for
 * that parsing once: about 1 s for the first check, a few tens of milliseconds for the next.
 */
import { statSync } from "node:fs";
import { dirname, relative, sep } from "node:path";
import ts from "typescript";

export type CompileResults = Map<string, string[]>;

interface ParsedFile {
  version: string;
  sourceFile: ts.SourceFile;
}

const parsedFiles = new Map<string, ParsedFile>();

/**
 * Diagnostics per graded file. An error in a helper file next to a graded file (a file the
 * learner added and imported) counts for every graded file in that folder.
 */
export function typeCheck(root: string, files: readonly string[], labelRoot = root): CompileResults {
  const options = compilerOptions(root);
  const program = ts.createProgram({ rootNames: [...files], options, host: cachingHost(options) });
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
  // The learner's code is checked as the course checks its own, minus the test framework's globals.
  return { ...parsed.options, noEmit: true, types: ["node"] };
}

/** A compiler host that reuses files parsed by earlier checks when they have not changed on disk. */
function cachingHost(options: ts.CompilerOptions): ts.CompilerHost {
  const host = ts.createCompilerHost(options);
  const parse = host.getSourceFile.bind(host);
  host.getSourceFile = (fileName, languageVersion, onError, shouldCreate) => {
    const stat = statSync(fileName, { throwIfNoEntry: false });
    if (!stat) return parse(fileName, languageVersion, onError, shouldCreate);
    const version = `${stat.size}:${stat.mtimeMs}`;
    const cached = parsedFiles.get(fileName);
    if (cached?.version === version) return cached.sourceFile;
    const sourceFile = parse(fileName, languageVersion, onError, shouldCreate);
    if (sourceFile) parsedFiles.set(fileName, { version, sourceFile });
    return sourceFile;
  };
  return host;
}

function format(diagnostic: ts.Diagnostic, labelRoot: string): string {
  const message = ts.flattenDiagnosticMessageText(diagnostic.messageText, "\n");
  if (!diagnostic.file || diagnostic.start === undefined) return `error TS${diagnostic.code}: ${message}`;
  const { line, character } = diagnostic.file.getLineAndCharacterOfPosition(diagnostic.start);
  return `${relative(labelRoot, diagnostic.file.fileName)}:${line + 1}:${character + 1} error TS${diagnostic.code}: ${message}`;
}
