/**
 * Red flags for instructors: uses, in a submission's source, of the APIs a cheat needs (reaching
 * the grader's process or module loader, other processes, the file system outside the exercise).
 * The grader defends against each (see grader/README.md); a flag makes an attempt visible even
 * when it was defeated, or when it slipped through. Flags are words for a person to check, not a
 * verdict: they cost no points.
 */
const FLAGS: [string, RegExp][] = [
  ["process.emit", /\bprocess\s*\.\s*emit\b/],
  ["process.send", /\bprocess\s*\.\s*send\b/],
  ["process.kill", /\bprocess\s*\.\s*_?kill\b/],
  ["process internals", /\bprocess\s*\.\s*(?:binding|_linkedBinding|dlopen|reallyExit|_send)\b/],
  ["Module (the module loader)", /["'](?:node:)?module["']|\bModule\s*\.\s*_\w+|\brequire\s*\.\s*(?:cache|extensions)\b/],
  ["child_process", /["'](?:node:)?child_process["']/],
  ["worker_threads", /["'](?:node:)?worker_threads["']/],
  ["vm", /["'](?:node:)?vm["']/],
  ["inspector", /["'](?:node:)?inspector(?:\/promises)?["']/],
  ["/proc", /\/proc\//],
  ["file writes", /\b(?:writeFile|appendFile|createWriteStream|unlink|rm|rmdir|rename|copyFile|symlink|truncate)(?:Sync)?\s*\(/],
  ["the grader's own files", /\bgrader\/|\.hidden\b/],
];

/** "process.emit (line 12)" for every kind of flag found in `source`, at its first line. */
export function redFlags(source: string): string[] {
  const lines = source.split("\n");
  const found: string[] = [];
  for (const [name, pattern] of FLAGS) {
    const line = lines.findIndex((text) => pattern.test(text));
    if (line >= 0) found.push(`${name} (line ${line + 1})`);
  }
  return found;
}
