/**
 * Fair variant: the reference policy whose decisions carry extra fields a caller might like
 * (when the retry will start, how many attempts were made). The contract fixes the fields it
 * names, not the absence of others, so the tests must compare only those.
 */
import type { CallFailure, RetryCall, RetryConfig, RetryDecision, RetrySession } from "../../../../src/contracts/resilience";
import { RetryPolicy as Reference } from "../../../../solutions/week3/retry";

export class RetryPolicy extends Reference {
  constructor(private readonly settings: RetryConfig) {
    super(settings);
  }

  override begin(call: RetryCall): RetrySession {
    const inner = super.begin(call);
    let made = 0;
    return {
      remainingMs: () => inner.remainingMs(),
      onFailure: (failure: CallFailure): RetryDecision => {
        made++;
        const decision = inner.onFailure(failure);
        const extra = decision.retry === true ? { retryAtMs: this.settings.clock.now() + decision.delayMs } : {};
        const decorated = { ...decision, attemptsMade: made, ...extra };
        return decorated;
      },
    };
  }
}
