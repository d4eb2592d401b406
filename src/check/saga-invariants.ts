/**
 * The saga checker: did every saga of a run end well? It judges an orchestrator by what the
 * participants really did (their records, src/saga/records.ts) and what the order service
 * showed (statuses read after every event, and the answers it sent clients), never by what the
 * orchestrator believes. Rules, each named in its violations:
 *
 *   saga-ends          every order ends APPROVED or REJECTED
 *   forward-in-order   a step reaches its participant only after the step before it took effect
 *   completed-once     APPROVED: every step took effect exactly once, and nothing was undone
 *   fully-compensated  REJECTED: every step that took effect before the pivot was undone, and
 *                      neither the pivot nor a step after it took effect
 *   reverse-order      compensations reach the participants in reverse step order
 *   none-after-pivot   no compensation once the pivot has taken effect
 *   locks-released     an ended saga leaves nothing held or reserved (its "PENDING" states)
 *   conserved          every participant's money and goods add up to what they started with
 *   status-lock        a status moves only from PENDING to a final one, and a final status is
 *                      shown only once it is true (APPROVED: every step done; REJECTED: every
 *                      effect undone); otherwise a reader sees an order that may still change
 *
 * Three verdicts: OK, ILLEGAL with every violation in words (each a finding, findings/, worded
 * in English in `message`), UNKNOWN when there is nothing to judge (no order was placed), which
 * is never a pass.
 */
import type { NodeId } from "../contracts/node";
import { pivotIndex, type Order, type OrderStatus, type SagaStep } from "../contracts/saga";
import { finding, renderFinding, type Finding } from "../findings/finding";
import { describeRecord, type ParticipantRecord } from "../saga/records";

export type SagaRule = "saga-ends" | "forward-in-order" | "completed-once" | "fully-compensated" | "reverse-order" | "none-after-pivot" | "locks-released" | "conserved" | "status-lock";

/** A status the order service showed: through inspect(), or in an answer to a client (at the time it was sent). */
export interface StatusReport {
  t: number;
  orderId: string;
  status: OrderStatus | "UNKNOWN";
  /** Where it showed: "orders.inspect()", "orders' answers to clients". */
  source: string;
}

type Units = { [unit: string]: number };

export interface SagaRun {
  steps: readonly SagaStep[];
  orders: readonly Order[];
  /** The last status the order service showed for an order (undefined: never recorded; UNKNOWN: forgotten). */
  finalStatus(orderId: string): OrderStatus | "UNKNOWN" | undefined;
  statusReports: readonly StatusReport[];
  records: readonly ParticipantRecord[];
  totals: { participant: NodeId; initial: Units; now: Units }[];
  /** What a participant still holds or reserves for an order, in words. */
  pending(orderId: string): string[];
}

export interface SagaViolation {
  rule: SagaRule;
  orderId?: string;
  /** What broke the rule, in any language. */
  finding: Finding;
  /** The finding in English. */
  message: string;
}

function violation(rule: SagaRule, found: Finding, orderId?: string): SagaViolation {
  return { rule, orderId, finding: found, message: renderFinding(found) };
}

export type SagaVerdict =
  | { verdict: "OK"; summary: string }
  | { verdict: "ILLEGAL"; violations: SagaViolation[]; explanation: string }
  | { verdict: "UNKNOWN"; reason: string };

export function checkSagas(run: SagaRun): SagaVerdict {
  if (run.orders.length === 0) return { verdict: "UNKNOWN", reason: "no order was placed: there is nothing to check" };
  const violations: SagaViolation[] = [];
  for (const order of run.orders) violations.push(...checkOrder(run, order.orderId));
  violations.push(...checkTotals(run));
  if (violations.length > 0) {
    const shown = violations.slice(0, 3).map((v) => `[${v.rule}] ${v.message}`);
    const more = violations.length > 3 ? ` (and ${violations.length - 3} more)` : "";
    return { verdict: "ILLEGAL", violations, explanation: shown.join("; ") + more };
  }
  return { verdict: "OK", summary: summarize(run) };
}

/** The first violation of `rule`, or undefined. */
export function violationOf(verdict: SagaVerdict, rule: SagaRule): SagaViolation | undefined {
  return verdict.verdict === "ILLEGAL" ? verdict.violations.find((v) => v.rule === rule) : undefined;
}

function checkOrder(run: SagaRun, orderId: string): SagaViolation[] {
  const view = new OrderView(run, orderId);
  const status = run.finalStatus(orderId);
  const out: SagaViolation[] = [];
  const add = (rule: SagaRule, found: Finding) => out.push(violation(rule, found, orderId));
  if (status !== "APPROVED" && status !== "REJECTED") {
    const last = view.records[view.records.length - 1];
    add("saga-ends", finding("sagaNeverEnded", orderId, status, last && describeRecord(last), last?.outcome));
  }
  const early = view.stepTooEarly();
  if (early) add("forward-in-order", early);
  for (const found of view.afterPivot()) add("none-after-pivot", found);
  if (status === "APPROVED") for (const found of view.completedProblems()) add("completed-once", found);
  if (status === "REJECTED") for (const found of view.compensationProblems()) add("fully-compensated", found);
  const order = view.outOfOrder();
  if (order) add("reverse-order", order);
  if (status === "APPROVED" || status === "REJECTED") {
    const left = run.pending(orderId);
    if (left.length > 0) add("locks-released", finding("sagaNotReleased", orderId, status, left.join("; ")));
  }
  for (const found of view.statusProblems()) add("status-lock", found);
  return out;
}

function checkTotals(run: SagaRun): SagaViolation[] {
  const out: SagaViolation[] = [];
  for (const { participant, initial, now } of run.totals) {
    for (const unit of new Set([...Object.keys(initial), ...Object.keys(now)])) {
      if ((initial[unit] ?? 0) !== (now[unit] ?? 0)) out.push(violation("conserved", finding("sagaNotConserved", participant, unit, now[unit] ?? 0, initial[unit] ?? 0)));
    }
  }
  return out;
}

function summarize(run: SagaRun): string {
  const approved = run.orders.filter((o) => run.finalStatus(o.orderId) === "APPROVED").length;
  const compensations = run.records.filter((r) => r.outcome === "undone").length;
  return `${run.orders.length} saga(s): ${approved} APPROVED, ${run.orders.length - approved} REJECTED, ${compensations} effect(s) undone; every saga ended well and money and goods add up`;
}

/** One order's records, sorted out by step. */
class OrderView {
  readonly records: ParticipantRecord[];
  private readonly pivot: number;

  constructor(
    private readonly run: SagaRun,
    private readonly orderId: string,
  ) {
    this.records = run.records.filter((r) => r.orderId === orderId);
    this.pivot = pivotIndex(run.steps);
  }

  /** Forward commands of step `i` that took effect. */
  applied(i: number): ParticipantRecord[] {
    const step = this.run.steps[i];
    return this.records.filter((r) => r.outcome === "applied" && r.participant === step.participant && r.action === step.action);
  }

  /** Compensations that undid forward command `commandId`. */
  undoneOf(commandId: string): ParticipantRecord[] {
    return this.records.filter((r) => r.outcome === "undone" && r.compensates === commandId);
  }

  /** Compensation records (undone or nothing to undo) of step `i`, in time order. */
  compensations(i: number): ParticipantRecord[] {
    const step = this.run.steps[i];
    return this.records.filter((r) => r.compensates !== undefined && r.participant === step.participant && r.action === step.compensation && r.outcome !== "repeated");
  }

  /** The first forward command that reached its participant before the step before it had taken effect. */
  stepTooEarly(): Finding | undefined {
    for (let i = 1; i < this.run.steps.length; i++) {
      const step = this.run.steps[i];
      const first = this.records.find((r) => r.compensates === undefined && r.participant === step.participant && r.action === step.action);
      if (!first) continue;
      const before = this.applied(i - 1)[0];
      if (!before || before.t > first.t) {
        const previous = this.run.steps[i - 1];
        return finding("sagaStepTooEarly", describeRecord(first), i, previous.action, before && Math.round(before.t));
      }
    }
    return undefined;
  }

  completedProblems(): Finding[] {
    return this.run.steps.flatMap((step, i) => {
      const applied = this.applied(i);
      if (applied.length === 0) return [finding("sagaApprovedStepMissing", this.orderId, step.action, step.participant)];
      const problems: Finding[] = [];
      if (applied.length > 1) problems.push(finding("sagaAppliedTwice", step.action, applied.length, this.orderId, applied.map(describeRecord).join("; ")));
      for (const record of applied) {
        const undone = this.undoneOf(record.commandId)[0];
        if (undone) problems.push(finding("sagaApprovedUndone", this.orderId, step.action, record.commandId, describeRecord(undone)));
      }
      return problems;
    });
  }

  compensationProblems(): Finding[] {
    return this.run.steps.flatMap((step, i) => {
      const applied = this.applied(i);
      if (this.pivot >= 0 && i >= this.pivot) return applied.map((r) => finding("sagaRejectedPastPivot", this.orderId, describeRecord(r), i === this.pivot));
      return applied
        .filter((r) => this.undoneOf(r.commandId).length === 0)
        .map((r) => finding("sagaRejectedNotUndone", this.orderId, describeRecord(r), step.compensation, r.commandId));
    });
  }

  /** Compensations must arrive last step first: the first one of a later step before the first one of an earlier step. */
  outOfOrder(): Finding | undefined {
    const firsts = this.run.steps.map((_, i) => this.compensations(i)[0]).map((record, i) => ({ record, i })).filter((c) => c.record !== undefined);
    for (let a = 0; a < firsts.length; a++) {
      for (let b = a + 1; b < firsts.length; b++) {
        const earlier = firsts[a];
        const later = firsts[b];
        if (earlier.record.t < later.record.t) {
          return finding("sagaCompensationOrder", this.orderId, describeRecord(earlier.record), earlier.i + 1, describeRecord(later.record), later.i + 1);
        }
      }
    }
    return undefined;
  }

  afterPivot(): Finding[] {
    if (this.pivot < 0) return [];
    const pivot = this.applied(this.pivot)[0];
    if (!pivot) return [];
    return this.records
      .filter((r) => r.compensates !== undefined && r.outcome !== "repeated" && r.t > pivot.t)
      .map((r) => finding("sagaCompensationAfterPivot", describeRecord(r), describeRecord(pivot)));
  }

  statusProblems(): Finding[] {
    const problems: Finding[] = [];
    const bySource = new Map<string, StatusReport[]>();
    for (const report of this.run.statusReports.filter((r) => r.orderId === this.orderId)) {
      const list = bySource.get(report.source) ?? [];
      list.push(report);
      bySource.set(report.source, list);
    }
    for (const reports of bySource.values()) {
      for (let i = 0; i < reports.length; i++) {
        const report = reports[i];
        const previous = reports[i - 1];
        if (previous && previous.status !== "PENDING" && previous.status !== "UNKNOWN" && report.status !== previous.status && report.status !== "UNKNOWN") {
          problems.push(finding("sagaStatusChanged", report.source, this.orderId, previous.status, Math.round(previous.t), report.status, Math.round(report.t)));
        }
        if (previous && previous.status !== "UNKNOWN" && report.status === "UNKNOWN") {
          problems.push(finding("sagaStatusForgotten", report.source, this.orderId, previous.status, Math.round(previous.t), Math.round(report.t)));
        }
        const early = this.earlyFinal(report);
        if (early) problems.push(early);
      }
    }
    return problems.slice(0, 1);
  }

  /** A final status shown before it was true. */
  private earlyFinal(report: StatusReport): Finding | undefined {
    const atMs = Math.round(report.t);
    if (report.status === "APPROVED") {
      const missing = this.run.steps.find((_, i) => !this.applied(i).some((r) => r.t <= report.t));
      if (missing) return finding("sagaApprovedEarly", report.source, this.orderId, report.status, atMs, missing.action);
    }
    if (report.status === "REJECTED") {
      const open = this.run.steps
        .flatMap((_, i) => this.applied(i))
        .find((r) => r.t <= report.t && !this.undoneOf(r.commandId).some((u) => u.t <= report.t));
      if (open) return finding("sagaRejectedEarly", report.source, this.orderId, report.status, atMs, describeRecord(open));
    }
    return undefined;
  }
}
