/**
 * Fair variant: a forward step before the pivot that does not answer in time is resent (same
 * command id) twice more before its outcome is called unknown and it is compensated. The
 * contract allows it ("you may resend it a few times before giving up on it"): a resend with the
 * same id takes effect at most once, and a late answer to it is a real answer.
 */
import { SagaOrchestrator as Reference, type SagaRecord } from "../../../../solutions/week3/saga";

export class SagaOrchestrator extends Reference {
  protected override retryForward(saga: SagaRecord): boolean {
    return saga.attempts < 3;
  }
}
