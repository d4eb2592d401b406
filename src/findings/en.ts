/**
 * The findings of the course's checkers and simulated harnesses in English, by id: the words a
 * learner reads when a check fails (in notebooks, CLIs and the grader's "why points were lost").
 * Values come in as arguments and stay as they are in every language. ko.ts is typed by this
 * table, so a finding added here without its Korean twin does not compile.
 */
export const findingsEn = {
  // Raft's safety properties (check/raft-invariants.ts)
  raftAppliedOutOfOrder: (node: string, index: number, expected: number) => `${node} applied index ${index} when the next index to apply was ${expected}: entries must be applied in order, each once, without gaps`,
  raftAppliedDifferent: (node: string, command: string, index: number, other: string, otherCommand: string) =>
    `${node} applied ${command} at index ${index}, but ${other} had applied ${otherCommand} there: two servers executed different commands at the same position`,
  raftLogLostOnRestart: (node: string, applied: number, entries: number) =>
    `${node} had applied up to index ${applied} and came back from a restart with ${entries} entries in its log: log[] must be in stable storage before the server answers, and read back on restart`,
  raftLogTruncated: (node: string, applied: number, entries: number) =>
    `${node} had applied up to index ${applied} and its log now holds only ${entries} entries: a committed entry is never deleted (only conflicting entries are)`,
  raftCommitOlderTerm: (node: string, term: number, from: number, to: number, entryTerm: number) =>
    `${node}, leader of term ${term}, moved its commitIndex from ${from} to ${to}, an entry of term ${entryTerm}: a leader commits by counting replicas only an entry of its own term; older ones commit with it (§5.4.2, Figure 8)`,
  raftCommitDecreased: (node: string, from: number, to: number) =>
    `${node} moved its commitIndex back from ${from} to ${to}: commitIndex only increases (Figure 2); a late or duplicated AppendEntries whose leaderCommit (or last new entry) is below it must leave it as it is`,
  raftTwoLeaders: (term: number, first: string, second: string) => `term ${term} had two leaders: ${first} and ${second}`,
  raftLeaderIncomplete: (node: string, term: number, missing: string, staleVotes: string) => `${node} became leader of term ${term} ${missing}: a leader must hold every committed entry${staleVotes}`,
  raftLeaderWithoutEntry: (index: number, command: string, term: number, by: string) => `without entry ${index} (${command}, term ${term}), which ${by} had already applied`,
  raftLeaderWithOtherEntry: (command: string, term: number, index: number, by: string, otherCommand: string, otherTerm: number) =>
    `with ${command} (term ${term}) at index ${index}, where ${by} had already applied ${otherCommand} (term ${otherTerm})`,
  raftStaleVotes: (voters: string, index: number, term: number) =>
    `; it got the votes of ${voters} although its own log ends at index ${index}, term ${term}: a vote goes only to a candidate whose log is at least as up to date (§5.4.1)`,
  raftVoterAhead: (node: string, index: number, term: number) => `${node} (log ends at index ${index}, term ${term})`,
  raftLogsDiffer: (a: string, b: string, term: number, top: number, index: number, x: string, xTerm: number, y: string, yTerm: number) =>
    `${a} and ${b} both have an entry of term ${term} at index ${top}, but differ at index ${index}: ${x} (term ${xTerm}) vs ${y} (term ${yTerm})`,

  // The simulated Raft cluster's checks (harness/raft.ts)
  raftViolated: (property: string, atMs: string, what: string) => `${property} violated at t=${atMs}ms: ${what}`,
  raftNoSingleLeader: (members: string, deadlineMs: number, atMs: string, states: string) => `no single leader among ${members} within ${deadlineMs}ms (by t=${atMs}ms); states: ${states}`,
  raftMinorityLeader: (claims: string, group: string, atMs: string) => `${claims} claimed leadership among ${group} at t=${atMs}ms, which cannot reach a majority`,
  raftTermsDisagree: (atMs: string, states: string) => `connected servers disagree on the term at t=${atMs}ms: ${states}`,
  raftDifferentCommands: (index: number, first: string, second: string) => `servers applied different commands at index ${index}: ${first} and ${second}`,
  raftNotReplicated: (command: string, index: number, count: number, applied: string | undefined, expected: number) =>
    `${command} was submitted at index ${index} but only ${count} server(s) applied ${applied ?? "anything"} there within 2 s (expected ${expected})`,
  raftNoAgreement: (command: string, expected: number, deadlineMs: number, states: string) => `${command} did not reach agreement on ${expected} servers within ${deadlineMs}ms; states: ${states}`,

  // The saga checker's rules (check/saga-invariants.ts); `record` is a participant's record in words (saga/records.ts)
  sagaNeverEnded: (orderId: string, status: string | undefined, last: string | undefined, outcome: string | undefined) =>
    `order ${orderId} never ended: its status is ${status ?? "not even recorded"}; ${last !== undefined ? `the last command about it was ${last} (${outcome})` : "no command about it reached a participant"}`,
  sagaStepTooEarly: (record: string, step: number, previousAction: string, tookEffectAtMs: number | undefined) =>
    `${record} arrived before step ${step} (${previousAction}) had taken effect${tookEffectAtMs !== undefined ? ` (it did at t=${tookEffectAtMs}ms)` : ""}: run the steps one at a time, each after the previous one answered "done"`,
  sagaApprovedStepMissing: (orderId: string, action: string, participant: string) => `order ${orderId} is APPROVED, but its step ${action} never took effect at ${participant}`,
  sagaAppliedTwice: (action: string, times: number, orderId: string, records: string) => `${action} took effect ${times} times for order ${orderId}: ${records}; a resent command must keep its id`,
  sagaApprovedUndone: (orderId: string, action: string, commandId: string, undone: string) => `order ${orderId} is APPROVED, but its ${action} "${commandId}" was undone by ${undone}`,
  sagaRejectedPastPivot: (orderId: string, record: string, isPivot: boolean) => `order ${orderId} ended REJECTED, but ${record} took effect${isPivot ? " (the pivot)" : " (after the pivot)"}: past the pivot a saga must go forward`,
  sagaRejectedNotUndone: (orderId: string, record: string, compensation: string | undefined, commandId: string) =>
    `order ${orderId} ended REJECTED, but ${record} took effect and was never undone (no ${compensation} naming "${commandId}" took effect)`,
  sagaCompensationOrder: (orderId: string, earlier: string, earlierStep: number, later: string, laterStep: number) =>
    `order ${orderId}: compensations out of reverse order: ${earlier} (step ${earlierStep}) came before ${later} (step ${laterStep}); undo the last step first, and start the next compensation only when the previous one is done`,
  sagaCompensationAfterPivot: (record: string, pivot: string) => `compensation ${record} came after the pivot ${pivot} had taken effect`,
  sagaNotReleased: (orderId: string, status: string, left: string) => `order ${orderId} ended ${status}, but ${left}`,
  sagaNotConserved: (participant: string, unit: string, now: number, initial: number) => `${participant}: ${unit} adds up to ${now}, but it started at ${initial}`,
  sagaStatusChanged: (source: string, orderId: string, before: string, beforeMs: number, after: string, afterMs: number) =>
    `${source} showed order ${orderId} as ${before} at t=${beforeMs}ms and then as ${after} at t=${afterMs}ms: a final status must never change`,
  sagaStatusForgotten: (source: string, orderId: string, before: string, beforeMs: number, afterMs: number) =>
    `${source} showed order ${orderId} as ${before} at t=${beforeMs}ms and then as UNKNOWN at t=${afterMs}ms: the order service forgot the order (is it in ctx.storage?)`,
  sagaApprovedEarly: (source: string, orderId: string, status: string, atMs: number, action: string) =>
    `${source} showed order ${orderId} as ${status} at t=${atMs}ms, before its ${action} had taken effect: a reader saw an order that could still fail (a dirty read); keep it PENDING until every step is done`,
  sagaRejectedEarly: (source: string, orderId: string, status: string, atMs: number, record: string) =>
    `${source} showed order ${orderId} as ${status} at t=${atMs}ms, while ${record} had not been undone yet: keep it PENDING until every compensation is done`,

  // The linearizability checker's explanations (check/linearizability-shapes.ts, -explain.ts): `who` and `stuck` are an
  // operation and its client, `saw` what one saw; `verb` is "read" or "cas"; values, times and operations as the model writes them
  linWho: (operation: string, client: string) => `${operation} by ${client}`,
  linSawRead: (who: string, value: string, atMs: string) => `${who} returned ${value} at ${atMs}`,
  linSawCas: (who: string, value: string, atMs: string) => `${who} found ${value} (it swapped, returning at ${atMs})`,
  linNeverWritten: (saw: string, value: string) => `${saw}, but no operation ever wrote ${value}.`,
  linBeforeWrite: (saw: string, value: string, which: string) => `${saw}, before ${value} was written: ${which}.`,
  linOnlyWriteCalledAt: (who: string, atMs: string) => `its only write, ${who}, was called only at ${atMs}`,
  linAllWritesCalledAt: (count: number, who: string, atMs: string) => `all ${count} writes of it were, the first, ${who}, called only at ${atMs}`,
  linStale: (saw: string, which: string, since: string, laterNote: string) => `${saw} (a stale value), but ${which} ${since}${laterNote}.`,
  linStaleInitial: (saw: string, value: string, moved: string, laterNote: string) => `${saw}, the initial value, but ${moved}, and nothing wrote ${value} again${laterNote}.`,
  linOnlyWriteOf: (value: string, beforeIt: boolean, who: string, span: string) => `the only write of ${value}${beforeIt ? " before it" : ""}, ${who} (${span}),`,
  linLastWriteOf: (count: number, value: string, beforeIt: boolean, who: string, span: string) => `all ${count} writes of ${value}${beforeIt ? " before it" : ""}, the last ${who} (${span}),`,
  linOverwritten: (who: string, completedAtMs: string, verb: string, calledAtMs: string) => `had been overwritten by ${who}, completed at ${completedAtMs}, before the ${verb} was called at ${calledAtMs}`,
  linSuperseded: (saw: string, verb: string, calledAtMs: string, value: string) => `had been superseded: ${saw}, before the ${verb} was called at ${calledAtMs}, and every write of ${value} was called after it`,
  linIt: (since: string) => `it ${since}`,
  linSeenBefore: (saw: string, verb: string, calledAtMs: string) => `${saw}, before the ${verb} was called at ${calledAtMs}`,
  linLaterWrites: (later: number, verb: string) => (later === 0 ? "" : ` (${later === 1 ? "the other write of it" : `${later} other writes of it`} came after the ${verb})`),
  linLostUpdate: (a: string, aSpan: string, b: string, bSpan: string, value: string, initial: boolean) =>
    `${a} (${aSpan}) and ${b} (${bSpan}) both succeeded, but only one of them can have found ${value}${initial ? ", the initial value, and nothing wrote it again" : `: every write of ${value} had completed before either was called`}. One update was lost.`,
  linOnKey: (part: string, text: string) => (part === "" ? text : `key ${part}: ${text}`),
  linCannotOrder: (heldAtMs: string | undefined, isKey: boolean, count: number, model: string, minimal: boolean) =>
    `${heldAtMs === undefined ? "" : `whatever the ${isKey ? "key" : "register"} held at ${heldAtMs}, `}these ${count} operations cannot be put in one order that respects both real time (an operation that returned before another was called comes first) and the ${model} model${minimal ? "" : " (not the smallest such set: shrinking it further ran out of its step budget, but these do fail)"}:`,
  linStuck: (operation: string, client: string, span: string) => `${operation} by ${client} (${span})`,
  linNoOrderStarts: (stuck: string) => `No order can even start: ${stuck} has to come first and cannot.`,
  linFurthest: (order: string, state: string, stuck: string) => `The search got furthest with the order ${order}; that leaves ${state}, and ${stuck}, which had to come next, cannot.`,
  linExplanation: (head: string, listing: string, furthest: string | undefined) => `${head}\n${listing}${furthest === undefined ? "" : `\n${furthest}`}`,
  linExplainSkipped: () => "not linearizable (explanation skipped: explain was false)",

  // Jepsen's bank checker (check/bank.ts); `balances` as describeBalances writes them
  bankAnomalies: (kinds: string, counts: string) => `${kinds} (${counts})`,
  bankCounts: (reads: number, transfers: number, indeterminate: number, operations: number) => `${reads} ok reads, ${transfers} ok transfers, ${indeterminate} indeterminate, of ${operations} operations`,
  bankWrongTotal: (count: number, expected: number, id: number, client: string, atMs: number | null, balances: string) =>
    `${count} read(s) saw a total other than ${expected}; the first, operation ${id} by ${client} at ${atMs} ms: ${balances}`,
  bankNegativeBalance: (count: number, id: number, client: string, balances: string) => `${count} read(s) saw a negative balance; the first, operation ${id} by ${client}: ${balances}`,
  bankReadSkew: (count: number, first: string) => `${count} cycle(s); the first is ${first}`,
  bankNotLinearizable: (explanation: string) => `not linearizable: ${explanation}`,

  // The log checker (check/log-checker.ts): a broker's partitions and what consumers read
  logLostWrite: (value: string, tp: string, offset: number, atMs: number, lastOffset: number) => `the broker confirmed ${value} at ${tp} offset ${offset} (t=${atMs}ms), but the log ends at offset ${lastOffset}`,
  logConfirmedOther: (value: string, tp: string, offset: number, logged: string) => `the broker confirmed ${value} at ${tp} offset ${offset}, but the log holds ${logged} there`,
  logNeverRead: (value: string, tp: string, offset: number, highest: number) => `${value} at ${tp} offset ${offset} was never read, although offset ${highest} of the same partition was`,
  logReadOther: (consumer: string, value: string, tp: string, offset: number, logged: string) => `${consumer} read ${value} at ${tp} offset ${offset}, but the log holds ${logged} there`,
  logReadTwoValues: (first: string, firstValue: string, second: string, secondValue: string, tp: string, offset: number) => `${first} read ${firstValue} and ${second} read ${secondValue} at ${tp} offset ${offset}`,
  logDuplicate: (value: string, tp: string, count: number, offsets: string) => `${value} is in ${tp} ${count} times, at offsets ${offsets}`,
  logNonMonotonic: (consumer: string, tp: string, before: number, offset: number, atMs: number) => `${consumer} read ${tp} offset ${before}, then offset ${offset} (t=${atMs}ms) with no restart, rebalance or seek between`,
  logSkipped: (consumer: string, tp: string, before: number, offset: number, atMs: number) =>
    `${consumer} read ${tp} offset ${before}, then offset ${offset} (t=${atMs}ms): offset(s) ${before + 1}..${offset - 1} were never handed to it`,
  // The breaker-trace checker (check/breaker-trace.ts); `what` is one step (a tryAcquire(), state() or a reported outcome), times as "12.5 ms"
  breakerAcquireStep: (call: number, at: string) => `tryAcquire() for call #${call} at t=${at}`,
  breakerStateStep: (at: string) => `state() at t=${at}`,
  breakerOutcomeStep: (call: number, failed: boolean, at: string, duration: string, slow: boolean) => `call #${call}'s ${failed ? "failure" : "success"} (reported at t=${at} after ${duration}${slow ? ", slow" : ""})`,
  breakerWindow: (count: number, list: string) => `${count} outcome${count === 1 ? "" : "s"} [${list}]`,
  breakerRates: (failure: string, slow: string) => `failure rate ${failure}, slow call rate ${slow}`,
  breakerCountWindow: (calls: number) => `the last ${calls} outcomes`,
  breakerTimeWindow: (duration: string) => `outcomes reported in the last ${duration}`,
  breakerStaleHint: (calls: string) => `the outcomes of ${calls} also arrived in this period, but those calls were permitted before the breaker's last transition: stale outcomes count for nothing`,
  breakerStray: (arrow: string, at: string) => `published ${arrow} at t=${at} outside any call into the breaker: transitions happen only inside tryAcquire(), state(), onSuccess() or onFailure()`,
  breakerSeveralTransitions: (what: string, count: number, arrows: string) => `${what} published ${count} transitions (${arrows}); one step changes the state at most once`,
  breakerWrongClock: (arrow: string, publishedAt: string, at: string) => `published ${arrow} with atMs = ${publishedAt}, but it happened at t=${at} on the injected clock (config.clock.now(), not Date.now())`,
  breakerIllegalTransition: (what: string, arrow: string) => `${what} published ${arrow}, which is not a transition a breaker has (only CLOSED -> OPEN, OPEN -> HALF_OPEN, HALF_OPEN -> OPEN and HALF_OPEN -> CLOSED)`,
  breakerTransitionFromWrongState: (what: string, arrow: string, state: string) =>
    `${what} published ${arrow}, but by the transitions published before, the breaker was ${state} (was a transition not published, or published twice?)`,
  breakerHalfOpenTooEarly: (what: string, elapsed: string, openedAt: string, wait: string) => `${what} moved OPEN -> HALF_OPEN only ${elapsed} after opening at t=${openedAt}; OPEN lasts openWaitMs = ${wait}`,
  breakerDecidedOnStale: (what: string, arrow: string, reported: number, permits: number, hint: string) => `${what} moved ${arrow} when only ${reported} of the ${permits} probes had reported; ${hint}`,
  breakerDecidedEarly: (what: string, arrow: string, reported: number, permits: number) =>
    `${what} moved ${arrow} when ${reported} of the ${permits} probes had reported; HALF_OPEN decides only when every probe has reported`,
  breakerOpenedWithoutOutcome: (what: string) => `${what} opened the breaker; only a reported outcome can open it`,
  breakerOpenedOnStale: (what: string, call: number) => `${what} opened the breaker, but call #${call} was permitted before the breaker's last transition: its outcome is stale and must change nothing`,
  breakerOpenedBelowMinimumStale: (what: string, count: number, minimum: number, hint: string) => `${what} opened the breaker with only ${count} current outcomes in the window (minimumCalls = ${minimum}); ${hint}`,
  breakerOpenedBelowMinimum: (what: string, count: number, restarted: string, minimum: number) =>
    `${what} opened the breaker with only ${count} outcomes in the window${restarted}, fewer than minimumCalls = ${minimum}: no verdict before the minimum`,
  breakerWindowRestarted: (closedAt: string) => ` (its window started empty when it closed at t=${closedAt}: outcomes from before that no longer count)`,
  breakerOpenedOnSlidOut: (what: string, window: string, holds: string, rates: string) =>
    `${what} opened the breaker, but the window (${window}) holds ${holds}: ${rates}, below the thresholds; only counting outcomes that already slid out of the window gets that high`,
  breakerOpenedBelow: (what: string, holds: string, rates: string, failurePercent: number, slowPercent: number) =>
    `${what} opened the breaker, but the window holds ${holds}: ${rates}, below both thresholds (${failurePercent}% failures, ${slowPercent}% slow calls)`,
  breakerWithStaleHint: (finding: string, hint: string) => `${finding}; ${hint}`,
  breakerOpenWaitMissed: (what: string, elapsed: string, openedAt: string, wait: string) =>
    `${what} came ${elapsed} after the breaker opened at t=${openedAt} (openWaitMs = ${wait}), but it did not move OPEN -> HALF_OPEN (or did not publish it through onTransition)`,
  breakerShouldOpen: (what: string, holds: string, calls: number, minimum: number, why: string) =>
    `${what}: the breaker should have opened, but it stayed CLOSED (or did not publish CLOSED -> OPEN). The window holds ${holds}, ${calls} >= minimumCalls = ${minimum}, and ${why}`,
  breakerFailureRateHit: (rate: string, failed: number, calls: number, threshold: number, exactly: boolean) =>
    `the failure rate reached ${rate} (${failed} of ${calls} calls failed), at or above the ${threshold}% threshold${exactly ? " (exactly the threshold: at or above opens, not only above)" : ""}`,
  breakerSlowRateHit: (rate: string, slow: number, calls: number, slowDuration: string, threshold: number, exactly: boolean) =>
    `the slow call rate reached ${rate} (${slow} of ${calls} calls took longer than ${slowDuration}), at or above the ${threshold}% threshold${exactly ? " (exactly the threshold: at or above opens, not only above)" : ""}`,
  breakerAllProbesReported: (permits: number, holds: string, rates: string) => `all ${permits} probes have reported (${holds}: ${rates})`,
  breakerShouldClose: (what: string, probes: string) => `${what}: ${probes}, below both thresholds, so the breaker must close (HALF_OPEN -> CLOSED), but it did not`,
  breakerShouldReopen: (what: string, probes: string) => `${what}: ${probes}, at or above a threshold, so the breaker must open again (HALF_OPEN -> OPEN), but it did not`,
  breakerStateDisagrees: (at: string, returned: string, state: string) => `state() at t=${at} returned ${returned}, but by its published transitions the breaker is ${state}`,
  breakerClosedRejected: (what: string) => `${what} was rejected while the breaker was CLOSED (no transition was published); CLOSED permits every call`,
  breakerOpenPermitted: (what: string, elapsed: string, wait: string) => `${what} was permitted while the breaker was OPEN, ${elapsed} into its ${wait} wait`,
  breakerOpenWaitLeft: (left: string, openedAt: string, wait: string) => `the wait has ${left} left (opened at t=${openedAt}, openWaitMs = ${wait})`,
  breakerHalfOpenRejectedEarly: (what: string, probes: number, permits: number) => `${what} was rejected in HALF_OPEN after only ${probes} of halfOpenPermits = ${permits} probes; HALF_OPEN admits exactly ${permits}`,
  breakerHalfOpenExtraProbe: (what: string, probe: number, permits: number) => `${what} was permitted as probe ${probe} in HALF_OPEN; it admits exactly halfOpenPermits = ${permits} probes and rejects the rest`,
  breakerHalfOpenRetryAfter: (wait: string) => `a call rejected in HALF_OPEN gets retryAfterMs = openWaitMs = ${wait}`,
  breakerWrongStart: (what: string, started: string, at: string) => `${what} returned a Permission with startedAtMs = ${started}; it should be the injected clock's time, ${at} (config.clock.now(), not Date.now())`,
  breakerRejectedWrongState: (what: string, given: string, state: string) => `${what} was rejected with state "${given}", but the breaker was ${state}`,
  breakerWrongRetryAfter: (what: string, given: string, why: string, expected: string) => `${what} was rejected with retryAfterMs = ${given}; ${why}, so it should be ${expected}`,
} satisfies Record<string, (...args: never[]) => string>;

export type FindingCatalog = typeof findingsEn;
export type FindingId = keyof FindingCatalog;
