/**
 * The life of a server process started by a live run (`npm run jepsen -- --live`, `npm run chaos --
 * --live --target raft`): it stops on a fatal error, on SIGINT/SIGTERM, and when its stdin closes
 * (the run that started it is gone, and a server left behind would hold its port).
 */
import { isNotImplemented } from "../contracts/not-implemented";

/** What the host's `onFatal` option takes: report and exit 1. */
export function exitOnFatal(id: string): (error: Error) => void {
  return (error) => {
    console.error(`[${id}] stopped: ${error.message}`);
    process.exit(1);
  };
}

/** Start the server, then stop it with its parent; a start that fails says why (a stub: just what to implement). */
export function runChildServer(id: string, start: () => Promise<{ stop(): Promise<void> }>): void {
  start().then(
    (host) => {
      const stop = () => void host.stop().then(() => process.exit(0));
      for (const signal of ["SIGINT", "SIGTERM"] as const) process.on(signal, stop);
      process.stdin.on("end", stop).resume();
    },
    (error: unknown) => {
      const why = isNotImplemented(error) ? (error as Error).message : (error as Error).stack ?? String(error);
      console.error(`[${id}] could not start: ${why}`);
      process.exit(1);
    },
  );
}
