/**
 * For notebook cells that run your RaftNode: like tryExercise, a stub you have not written
 * yet prints what to implement; and when the run stops because the cluster broke a promise
 * (a safety property, or no leader within the deadline), the cell says so in words instead
 * of showing a stack trace, because that is a finding about your node, not a crash of the cell.
 */
import { RaftTestFailure } from "../../harness/raft";
import { showMarkdown, tryExercise } from "../../notebook/display";

export function tryRaft<T>(run: () => T): T | undefined {
  return tryExercise(() => {
    try {
      return run();
    } catch (error) {
      if (!(error instanceof RaftTestFailure)) throw error;
      showMarkdown(`**The run stopped:** ${error.message}`);
      return undefined;
    }
  });
}
