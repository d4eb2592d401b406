/**
 * The ending every course command shares: run `main`, use its return value as the exit code, and
 * turn a bad flag into the command's name, the message and its help (exit 3, as Jepsen's own
 * commands keep 0-2 for verdicts); any other error prints its stack.
 */
export class UsageError extends Error {}

export const USAGE_EXIT_CODE = 3;

/** `main` may return a promise (a command that runs real processes): its value is then the exit code. */
export function runCommand(name: string, help: string, main: (args: string[]) => number | Promise<number>): void {
  const fail = (error: unknown) => {
    const usage = error instanceof UsageError || (error as { code?: string }).code === "ERR_PARSE_ARGS_UNKNOWN_OPTION";
    console.error(usage ? `${name}: ${(error as Error).message}\n\n${help}` : `${name}: ${(error as Error).stack ?? String(error)}`);
    process.exitCode = USAGE_EXIT_CODE;
  };
  try {
    const code = main(process.argv.slice(2));
    if (typeof code === "number") process.exitCode = code;
    else code.then((value) => (process.exitCode = value), fail);
  } catch (error) {
    fail(error);
  }
}
