/**
 * Fair variant: when a step answers "failed", its own compensation is sent too before the
 * earlier ones' (when it has one: the pivot has none), although a failed step took no effect. Wasted, but harmless: the participant
 * finds nothing to undo and answers "done", and the order of compensations is still last first.
 */
import { SagaOrchestrator as Reference } from "../../../../solutions/week3/saga";

export class SagaOrchestrator extends Reference {
  protected override firstToCompensate(failed: number): number {
    return this.config.steps[failed].compensation !== undefined ? failed : failed - 1; // the pivot has nothing to undo with
  }
}
