/**
 * The findings in Korean (findings/en.ts has every id, and this table's type is its), as a Korean
 * engineer writes them: Raft, leader, term, index, quorum, saga, offset and the like stay in
 * English; values, node names and code stay as they are.
 */
import type { FindingCatalog } from "./en";

export const findingsKo: FindingCatalog = {
  raftAppliedOutOfOrder: (node, index, expected) => `${node}에서 apply한 index는 ${index}인데 다음에 apply할 index는 ${expected}입니다: entry는 순서대로, 빠짐없이, 한 번씩만 apply해야 합니다`,
  raftAppliedDifferent: (node, command, index, other, otherCommand) =>
    `${node}에서 index ${index}에 apply한 명령은 ${command}인데 ${other}에서는 그 자리에 이미 ${otherCommand} 명령을 apply했습니다: 두 서버가 같은 위치에서 서로 다른 명령을 실행했습니다`,
  raftLogLostOnRestart: (node, applied, entries) =>
    `${node}에서 index ${applied}까지 apply했는데 재시작한 뒤 log에 entry가 ${entries}개뿐입니다: log[]는 서버가 응답하기 전에 stable storage에 저장하고 재시작할 때 다시 읽어야 합니다`,
  raftLogTruncated: (node, applied, entries) =>
    `${node}에서 index ${applied}까지 apply했는데 지금 log에는 entry가 ${entries}개뿐입니다: commit된 entry는 절대 지우지 않습니다(지우는 것은 충돌하는 entry뿐입니다)`,
  raftCommitOlderTerm: (node, term, from, to, entryTerm) =>
    `term ${term}의 leader ${node}에서 commitIndex를 ${from}에서 ${to}까지 올렸는데 그 entry의 term은 ${entryTerm}입니다: leader는 자기 term의 entry만 복제본 수를 세어 commit하고, 이전 term의 entry는 그와 함께 commit됩니다 (§5.4.2, Figure 8)`,
  raftCommitDecreased: (node, from, to) =>
    `${node}에서 commitIndex를 ${from}에서 ${to}(으)로 되돌렸습니다: commitIndex는 늘기만 합니다 (Figure 2). leaderCommit(또는 마지막 새 entry)이 그보다 작은 AppendEntries가 늦게 오거나 중복되어 와도 그대로 두어야 합니다`,
  raftTwoLeaders: (term, first, second) => `term ${term}에 leader가 둘입니다: ${first}, ${second}`,
  raftLeaderIncomplete: (node, term, missing, staleVotes) => `${node}에서 term ${term}의 leader가 되었지만 ${missing}: leader는 commit된 entry를 모두 가지고 있어야 합니다${staleVotes}`,
  raftLeaderWithoutEntry: (index, command, term, by) => `index ${index}의 entry(${command}, term ${term})가 log에 없습니다(${by}에서 이미 apply한 entry입니다)`,
  raftLeaderWithOtherEntry: (command, term, index, by, otherCommand, otherTerm) =>
    `index ${index}의 entry가 ${command}(term ${term})입니다(${by}에서는 그 자리의 ${otherCommand}(term ${otherTerm}) entry를 이미 apply했습니다)`,
  raftStaleVotes: (voters, index, term) =>
    `. ${voters}에게서 표를 받았지만 자기 log는 index ${index}, term ${term}에서 끝납니다: 표는 log가 적어도 자기만큼 최신인 candidate에게만 줍니다 (§5.4.1)`,
  raftVoterAhead: (node, index, term) => `${node}(log 끝: index ${index}, term ${term})`,
  raftLogsDiffer: (a, b, term, top, index, x, xTerm, y, yTerm) =>
    `${a}, ${b} 모두 index ${top}에 term ${term}의 entry가 있는데 index ${index}에서 서로 다릅니다: ${x}(term ${xTerm}) 대 ${y}(term ${yTerm})`,

  raftViolated: (property, atMs, what) => `t=${atMs}ms에 ${property} 위반: ${what}`,
  raftNoSingleLeader: (members, deadlineMs, atMs, states) => `${members} 중에서 ${deadlineMs}ms 안에(t=${atMs}ms까지) leader가 하나로 정해지지 않았습니다. 상태: ${states}`,
  raftMinorityLeader: (claims, group, atMs) => `t=${atMs}ms에 과반수에 닿을 수 없는 ${group} 중에서 ${claims}에서 자신이 leader라고 주장했습니다`,
  raftTermsDisagree: (atMs, states) => `t=${atMs}ms에 연결된 서버들의 term이 서로 다릅니다: ${states}`,
  raftDifferentCommands: (index, first, second) => `서버들이 index ${index}에 서로 다른 명령을 apply했습니다: ${first}, ${second}`,
  raftNotReplicated: (command, index, count, applied, expected) =>
    `index ${index}에 ${command} 명령을 제출했지만 2초 안에 ${applied === undefined ? "그 자리에 무언가를 apply한 서버가 하나도 없습니다" : `그 자리에 ${applied} 명령을 apply한 서버는 ${count}대뿐입니다`}(기대: ${expected}대)`,
  raftNoAgreement: (command, expected, deadlineMs, states) => `${deadlineMs}ms 안에 ${command} 명령이 서버 ${expected}대의 합의에 이르지 못했습니다. 상태: ${states}`,

  sagaNeverEnded: (orderId, status, last, outcome) =>
    `주문 ${orderId}의 saga가 끝나지 않았습니다: ${status === undefined ? "상태가 기록조차 되지 않았습니다" : `상태가 ${status}입니다`}. ${last !== undefined ? `이 주문에 대한 마지막 명령은 ${last} (${outcome})입니다` : "이 주문에 대한 명령이 participant에 하나도 닿지 않았습니다"}`,
  sagaStepTooEarly: (record, step, previousAction, tookEffectAtMs) =>
    `${step}단계(${previousAction})의 명령이 적용되기 전에 다음 명령이 도착했습니다: ${record}${tookEffectAtMs !== undefined ? ` (${step}단계의 명령은 t=${tookEffectAtMs}ms에 적용됨)` : ""}. 단계는 하나씩, 앞 단계가 "done"으로 답한 뒤에 실행하세요`,
  sagaApprovedStepMissing: (orderId, action, participant) => `주문 ${orderId}의 상태는 APPROVED인데 ${participant}에서 ${action} 단계의 명령이 한 번도 적용되지 않았습니다`,
  sagaAppliedTwice: (action, times, orderId, records) => `주문 ${orderId}의 ${action} 명령이 ${times}번 적용되었습니다: ${records}. 다시 보내는 명령은 id를 그대로 유지해야 합니다`,
  sagaApprovedUndone: (orderId, action, commandId, undone) => `주문 ${orderId}의 상태는 APPROVED인데 그 ${action} "${commandId}"의 효과가 다음 보상으로 취소되었습니다: ${undone}`,
  sagaRejectedPastPivot: (orderId, record, isPivot) => `주문 ${orderId}의 saga가 REJECTED 상태로 끝났는데 ${isPivot ? "pivot" : "pivot 뒤 단계"}인 다음 명령이 적용되었습니다: ${record}. pivot을 지나면 saga는 앞으로만 진행해야 합니다`,
  sagaRejectedNotUndone: (orderId, record, compensation, commandId) =>
    `주문 ${orderId}의 saga가 REJECTED 상태로 끝났는데 다음 명령이 적용된 뒤 취소되지 않았습니다: ${record} ("${commandId}"에 대한 ${compensation} 명령이 하나도 적용되지 않았습니다)`,
  sagaCompensationOrder: (orderId, earlier, earlierStep, later, laterStep) =>
    `주문 ${orderId}: 보상이 역순으로 실행되지 않았습니다. ${earlierStep}단계의 보상(${earlier})이 ${laterStep}단계의 보상(${later})보다 먼저 왔습니다. 마지막 단계부터 취소하고, 앞의 보상이 끝난 뒤에야 다음 보상을 시작하세요`,
  sagaCompensationAfterPivot: (record, pivot) => `pivot(${pivot})이 적용된 뒤에 보상(${record})이 왔습니다`,
  sagaNotReleased: (orderId, status, left) => `주문 ${orderId}의 saga가 끝났지만(${status}) 아직 남은 것이 있습니다: ${left}`,
  sagaNotConserved: (participant, unit, now, initial) => `${participant}: ${unit}의 합계가 처음에는 ${initial}, 지금은 ${now}입니다`,
  sagaStatusChanged: (source, orderId, before, beforeMs, after, afterMs) =>
    `${source}에서 본 주문 ${orderId}의 상태: t=${beforeMs}ms에 ${before}, t=${afterMs}ms에 ${after}. 최종 상태는 절대 바뀌면 안 됩니다`,
  sagaStatusForgotten: (source, orderId, before, beforeMs, afterMs) =>
    `${source}에서 본 주문 ${orderId}의 상태: t=${beforeMs}ms에 ${before}, t=${afterMs}ms에 UNKNOWN. 주문 서비스가 주문을 잊어버렸습니다(ctx.storage에 저장했나요?)`,
  sagaApprovedEarly: (source, orderId, status, atMs, action) =>
    `${source}에서 t=${atMs}ms에 보인 주문 ${orderId}의 상태는 ${status}인데, 그때는 아직 ${action} 명령이 적용되기 전이었습니다: 아직 실패할 수 있는 주문을 읽은 것입니다(dirty read). 모든 단계가 끝날 때까지 PENDING으로 두세요`,
  sagaRejectedEarly: (source, orderId, status, atMs, record) =>
    `${source}에서 t=${atMs}ms에 보인 주문 ${orderId}의 상태는 ${status}인데, 그때 다음 명령은 아직 취소되지 않았습니다: ${record}. 모든 보상이 끝날 때까지 PENDING으로 두세요`,

  logLostWrite: (value, tp, offset, atMs, lastOffset) => `broker가 t=${atMs}ms에 ${tp} offset ${offset}의 기록(${value})을 확인해 주었지만 log는 offset ${lastOffset}에서 끝납니다`,
  logConfirmedOther: (value, tp, offset, logged) => `broker가 ${tp} offset ${offset}의 기록(${value})을 확인해 주었지만 log의 그 자리에는 ${logged} 기록이 있습니다`,
  logNeverRead: (value, tp, offset, highest) => `같은 partition에서 offset ${highest}까지 읽었는데 ${tp} offset ${offset}의 기록(${value})은 한 번도 읽히지 않았습니다`,
  logReadOther: (consumer, value, tp, offset, logged) => `${consumer}에서 ${tp} offset ${offset}에서 읽은 기록은 ${value}인데 log의 그 자리에는 ${logged} 기록이 있습니다`,
  logReadTwoValues: (first, firstValue, second, secondValue, tp, offset) => `${tp} offset ${offset}에서 ${first}에서는 ${firstValue}, ${second}에서는 ${secondValue} 기록을 읽었습니다`,
  logDuplicate: (value, tp, count, offsets) => `${tp}에 같은 기록(${value})이 ${count}번 있습니다: offset ${offsets}`,
  logNonMonotonic: (consumer, tp, before, offset, atMs) => `${consumer}에서 ${tp}의 offset ${before} 다음에 offset ${offset}(t=${atMs}ms)의 기록을 읽었습니다. 그 사이에 재시작도, rebalance도, seek도 없었습니다`,
  logSkipped: (consumer, tp, before, offset, atMs) => `${consumer}에서 ${tp}의 offset ${before} 다음에 offset ${offset}(t=${atMs}ms)의 기록을 읽었습니다: offset ${before + 1}..${offset - 1}의 기록은 전달받지 못했습니다`,

  linWho: (operation, client) => `${client}의 ${operation}`,
  linSawRead: (who, value, atMs) => `${who}에서 ${atMs}에 반환한 값은 ${value}입니다`,
  linSawCas: (who, value, atMs) => `${who}에서 본 값은 ${value}입니다(swap에 성공했고 ${atMs}에 반환)`,
  linNeverWritten: (saw, value) => `${saw}. 하지만 ${value} 값을 쓴 operation은 하나도 없습니다.`,
  linBeforeWrite: (saw, value, which) => `${saw}. 하지만 그때는 ${value} 값이 쓰이기 전입니다: ${which}.`,
  linOnlyWriteCalledAt: (who, atMs) => `그 값을 쓴 쓰기는 ${who} 하나뿐이고 ${atMs}에야 호출되었습니다`,
  linAllWritesCalledAt: (count, who, atMs) => `그 값을 쓴 쓰기 ${count}개 중 가장 먼저 호출된 ${who}도 ${atMs}에야 호출되었습니다`,
  linStale: (saw, which, since, laterNote) => `${saw}(stale 값). ${which}. 그런데 ${since}${laterNote}.`,
  linStaleInitial: (saw, value, moved, laterNote) => `${saw}(초기값). 하지만 ${moved}. 그 뒤로 ${value} 값을 다시 쓴 쓰기는 없습니다${laterNote}.`,
  linOnlyWriteOf: (value, beforeIt, who, span) => `${beforeIt ? "그 전에 " : ""}${value} 값을 쓴 쓰기는 ${who}(${span}) 하나뿐입니다`,
  linLastWriteOf: (count, value, beforeIt, who, span) => `${beforeIt ? "그 전에 " : ""}${value} 값을 쓴 쓰기는 ${count}개이고 마지막은 ${who}(${span})입니다`,
  linOverwritten: (who, completedAtMs, verb, calledAtMs) => `${verbKo(verb)}(${calledAtMs}에 호출) 전에 ${who}에서 이미 덮어썼습니다(${completedAtMs}에 완료)`,
  linSuperseded: (saw, verb, calledAtMs, value) => `${verbKo(verb)}(${calledAtMs}에 호출) 전에 값이 이미 바뀌었습니다: ${saw}. ${value} 값의 쓰기는 모두 그 쓰기보다 뒤에 호출되었습니다`,
  linIt: (since) => since,
  linSeenBefore: (saw, verb, calledAtMs) => `${verbKo(verb)}(${calledAtMs}에 호출) 전에 이미 다른 값이 보였습니다: ${saw}`,
  linLaterWrites: (later, verb) => (later === 0 ? "" : ` (그 값의 다른 쓰기 ${later}개는 ${verbKo(verb)} 뒤에 왔습니다)`),
  linLostUpdate: (a, aSpan, b, bSpan, value, initial) =>
    `${a}(${aSpan}), ${b}(${bSpan}) 둘 다 성공했지만 ${value} 값을 볼 수 있었던 것은 둘 중 하나뿐입니다${initial ? "(초기값이고, 그 값을 다시 쓴 쓰기가 없습니다)" : `: ${value} 값의 쓰기는 모두 두 cas가 호출되기 전에 완료되었습니다`}. 업데이트 하나가 유실되었습니다(lost update).`,
  linOnKey: (part, text) => (part === "" ? text : `key ${part}: ${text}`),
  linCannotOrder: (heldAtMs, isKey, count, model, minimal) =>
    `${heldAtMs === undefined ? "" : `${heldAtMs}에 ${isKey ? "key" : "register"}의 값이 무엇이었든, `}아래 operation ${count}개는 실시간 순서(한 operation이 반환된 뒤에 호출된 operation은 그 뒤에 옴)와 ${model} 모델을 모두 지키는 하나의 순서로 놓을 수 없습니다${minimal ? "" : "(가장 작은 집합은 아닙니다: 더 줄이다가 step budget이 바닥났지만, 이 operation들만으로도 실패합니다)"}:`,
  linStuck: (operation, client, span) => `${client}의 ${operation}(${span})`,
  linNoOrderStarts: (stuck) => `어떤 순서도 시작할 수 없습니다: 맨 앞에 와야 하는 ${stuck}부터 놓을 수 없습니다.`,
  linFurthest: (order, state, stuck) => `탐색이 가장 멀리 간 순서는 ${order}입니다. 그 뒤의 상태(${state})에서는 다음에 와야 하는 operation을 놓을 수 없습니다: ${stuck}.`,
  linExplanation: (head, listing, furthest) => `${head}\n${listing}${furthest === undefined ? "" : `\n${furthest}`}`,
  linExplainSkipped: () => "linearizable하지 않습니다(explain이 false라서 설명은 생략했습니다)",

  bankAnomalies: (kinds, counts) => `${kinds} (${counts})`,
  bankCounts: (reads, transfers, indeterminate, operations) => `operation ${operations}개 중 성공한 읽기 ${reads}개, 성공한 이체 ${transfers}개, 결과를 알 수 없는 것 ${indeterminate}개`,
  bankWrongTotal: (count, expected, id, client, atMs, balances) => `읽기 ${count}개에서 본 합계가 기댓값(${expected})과 달랐습니다. 첫 번째는 ${client}의 operation ${id}(${atMs} ms): ${balances}`,
  bankNegativeBalance: (count, id, client, balances) => `읽기 ${count}개에서 음수 잔액이 보였습니다. 첫 번째는 ${client}의 operation ${id}: ${balances}`,
  bankReadSkew: (count, first) => `cycle ${count}개. 첫 번째: ${first}`,
  bankNotLinearizable: (explanation) => `이력이 linearizable하지 않습니다. 검사기의 설명: ${explanation}`,

  breakerAcquireStep: (call, at) => `t=${at}의 호출 #${call}에 대한 tryAcquire()`,
  breakerStateStep: (at) => `t=${at}의 state()`,
  breakerOutcomeStep: (call, failed, at, duration, slow) => `호출 #${call}의 ${failed ? "실패" : "성공"} 보고(${duration} 걸려 t=${at}에 보고됨${slow ? ", 느림" : ""})`,
  breakerWindow: (count, list) => `결과 ${count}개 [${list}]`,
  breakerRates: (failure, slow) => `실패율 ${failure}, 느린 호출 비율 ${slow}`,
  breakerCountWindow: (calls) => `마지막 결과 ${calls}개`,
  breakerTimeWindow: (duration) => `마지막 ${duration} 동안 보고된 결과`,
  breakerStaleHint: (calls) => `이 기간에 ${calls}의 결과도 도착했지만, 그 호출들은 breaker의 마지막 전이 전에 허용된 것입니다: stale 결과는 셈에 넣지 않습니다`,
  breakerStray: (arrow, at) => `breaker를 호출하지 않는 동안 t=${at}에 ${arrow} 전이를 publish했습니다: 전이는 tryAcquire(), state(), onSuccess(), onFailure() 안에서만 일어납니다`,
  breakerSeveralTransitions: (what, count, arrows) => `${what}에서 전이를 ${count}번 publish했습니다(${arrows}): 한 단계에서 상태는 많아야 한 번 바뀝니다`,
  breakerWrongClock: (arrow, publishedAt, at) => `atMs = ${publishedAt}인 ${arrow} 전이를 publish했지만 주입된 clock으로는 t=${at}에 일어난 일입니다(Date.now()가 아니라 config.clock.now()를 쓰세요)`,
  breakerIllegalTransition: (what, arrow) => `${what}에서 ${arrow} 전이를 publish했지만 breaker에는 그런 전이가 없습니다(CLOSED -> OPEN, OPEN -> HALF_OPEN, HALF_OPEN -> OPEN, HALF_OPEN -> CLOSED뿐입니다)`,
  breakerTransitionFromWrongState: (what, arrow, state) =>
    `${what}에서 ${arrow} 전이를 publish했지만 앞서 publish된 전이로 보면 breaker는 ${state} 상태였습니다(publish하지 않은 전이가 있거나, 두 번 publish했나요?)`,
  breakerHalfOpenTooEarly: (what, elapsed, openedAt, wait) => `${what}에서 t=${openedAt}에 열린 지 ${elapsed}밖에 안 되어 OPEN -> HALF_OPEN으로 바꿨습니다: OPEN은 openWaitMs = ${wait} 동안 유지됩니다`,
  breakerDecidedOnStale: (what, arrow, reported, permits, hint) => `${what}에서 probe ${permits}개 중 ${reported}개만 보고된 상태로 ${arrow} 전이를 했습니다. ${hint}`,
  breakerDecidedEarly: (what, arrow, reported, permits) => `${what}에서 probe ${permits}개 중 ${reported}개가 보고된 상태로 ${arrow} 전이를 했습니다: HALF_OPEN은 모든 probe가 보고한 뒤에만 결정합니다`,
  breakerOpenedWithoutOutcome: (what) => `${what}에서 breaker를 열었습니다: breaker를 열 수 있는 것은 보고된 결과뿐입니다`,
  breakerOpenedOnStale: (what, call) => `${what}에서 breaker를 열었지만 호출 #${call}의 허용은 breaker의 마지막 전이 전에 이루어졌습니다: 그 결과는 stale이므로 아무것도 바꾸면 안 됩니다`,
  breakerOpenedBelowMinimumStale: (what, count, minimum, hint) => `${what}에서 윈도우에 현재 결과가 ${count}개뿐인데 breaker를 열었습니다(minimumCalls = ${minimum}). ${hint}`,
  breakerOpenedBelowMinimum: (what, count, restarted, minimum) =>
    `${what}에서 윈도우에 결과가 ${count}개뿐인데 breaker를 열었습니다${restarted}. minimumCalls = ${minimum}보다 적습니다: 최소 개수가 차기 전에는 판정하지 않습니다`,
  breakerWindowRestarted: (closedAt) => ` (t=${closedAt}에 닫힐 때 윈도우가 비워졌습니다: 그 전의 결과는 더 이상 세지 않습니다)`,
  breakerOpenedOnSlidOut: (what, window, holds, rates) =>
    `${what}에서 breaker를 열었지만 윈도우(${window}) = ${holds}, ${rates}로 임계값보다 낮습니다. 이미 윈도우 밖으로 밀려난 결과까지 세어야 그만큼 높아집니다`,
  breakerOpenedBelow: (what, holds, rates, failurePercent, slowPercent) =>
    `${what}에서 breaker를 열었지만 윈도우 = ${holds}, ${rates}로 두 임계값(실패 ${failurePercent}%, 느린 호출 ${slowPercent}%)보다 낮습니다`,
  breakerWithStaleHint: (finding, hint) => `${finding}. ${hint}`,
  breakerOpenWaitMissed: (what, elapsed, openedAt, wait) =>
    `breaker가 t=${openedAt}에 열리고 ${elapsed} 뒤(openWaitMs = ${wait})의 ${what}에서 OPEN -> HALF_OPEN으로 바꾸지 않았습니다(또는 onTransition으로 publish하지 않았습니다)`,
  breakerShouldOpen: (what, holds, calls, minimum, why) =>
    `${what}: breaker가 열렸어야 하는데 CLOSED로 남았습니다(또는 CLOSED -> OPEN을 publish하지 않았습니다). 윈도우 = ${holds}, ${calls} >= minimumCalls = ${minimum}이고 ${why}`,
  breakerFailureRateHit: (rate, failed, calls, threshold, exactly) =>
    `실패율이 ${rate}(호출 ${calls}개 중 ${failed}개 실패)로 임계값 ${threshold}% 이상입니다${exactly ? " (임계값과 정확히 같습니다: 초과가 아니라 이상이면 열립니다)" : ""}`,
  breakerSlowRateHit: (rate, slow, calls, slowDuration, threshold, exactly) =>
    `느린 호출 비율이 ${rate}(호출 ${calls}개 중 ${slow}개가 ${slowDuration}보다 오래 걸림)로 임계값 ${threshold}% 이상입니다${exactly ? " (임계값과 정확히 같습니다: 초과가 아니라 이상이면 열립니다)" : ""}`,
  breakerAllProbesReported: (permits, holds, rates) => `probe ${permits}개가 모두 보고했습니다(${holds}: ${rates})`,
  breakerShouldClose: (what, probes) => `${what}: ${probes}. 두 임계값보다 낮으므로 breaker는 닫혀야 하는데(HALF_OPEN -> CLOSED) 닫히지 않았습니다`,
  breakerShouldReopen: (what, probes) => `${what}: ${probes}. 임계값 이상이므로 breaker는 다시 열려야 하는데(HALF_OPEN -> OPEN) 열리지 않았습니다`,
  breakerStateDisagrees: (at, returned, state) => `t=${at}의 state() 반환값은 ${returned}인데 publish된 전이로 보면 breaker는 ${state} 상태입니다`,
  breakerClosedRejected: (what) => `breaker가 CLOSED인데(publish된 전이 없음) ${what}에서 거절했습니다: CLOSED는 모든 호출을 허용합니다`,
  breakerOpenPermitted: (what, elapsed, wait) => `breaker가 OPEN인데(${wait} 대기 중 ${elapsed} 지남) ${what}에서 허용했습니다`,
  breakerOpenWaitLeft: (left, openedAt, wait) => `대기 시간이 ${left} 남았습니다(t=${openedAt}에 열림, openWaitMs = ${wait})`,
  breakerHalfOpenRejectedEarly: (what, probes, permits) => `HALF_OPEN에서 probe가 halfOpenPermits = ${permits}개 중 ${probes}개뿐인데 ${what}에서 거절했습니다: HALF_OPEN은 정확히 ${permits}개를 허용합니다`,
  breakerHalfOpenExtraProbe: (what, probe, permits) => `${what}에서 HALF_OPEN의 ${probe}번째 probe로 허용했습니다: HALF_OPEN은 정확히 halfOpenPermits = ${permits}개만 허용하고 나머지는 거절합니다`,
  breakerHalfOpenRetryAfter: (wait) => `HALF_OPEN에서 거절된 호출은 retryAfterMs = openWaitMs = ${wait}를 받습니다`,
  breakerWrongStart: (what, started, at) => `${what}에서 startedAtMs = ${started}인 Permission을 돌려주었습니다: 주입된 clock의 시각(${at})이어야 합니다(Date.now()가 아니라 config.clock.now())`,
  breakerRejectedWrongState: (what, given, state) => `${what}에서 state "${given}"로 거절했지만 breaker는 ${state} 상태였습니다`,
  breakerWrongRetryAfter: (what, given, why, expected) => `${what}에서 retryAfterMs = ${given}로 거절했습니다. ${why}. 따라서 ${expected}여야 합니다`,
};

/** The operation a linearizability explanation names by its verb ("read" or "cas", as en.ts gets it). */
function verbKo(verb: string): string {
  return verb === "read" ? "읽기" : verb;
}
