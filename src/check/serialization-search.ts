/**
 * The search behind sequential consistency and causal memory: is there one total order of some
 * operations in which every operation comes after the ones it must follow, and every step is
 * legal in the model (each read returns the latest write before it)? Sequential consistency asks
 * it once, with each client's own order as the constraint; causal memory asks it once per client,
 * with the causal order (causal-consistency.ts).
 *
 * Depth-first with backtracking, memoized on (which operations are placed, the store's state): a
 * state proven a dead end is never explored twice. Two things keep it small: a read that is
 * legal now and may go next is taken at once without branching (it changes nothing, and taking
 * it earlier never blocks anything), and operations that may be left out (indeterminate writes,
 * which may never have happened) are tried only as extra branches.
 *
 * Size limits: without the memo the search is factorial; with it, at most (number of reachable
 * sets of placed operations) x (store states), which for c clients with k operations each is
 * about (k + 1)^c x states. A few clients with tens of operations each are quick; many clients
 * with many concurrent writes can exhaust the budget, and the verdict is then UNKNOWN.
 *
 * The model's state is one cell per part (one per key for kv): unlike linearizability, sequential
 * consistency is not compositional, so keys are searched together, never one at a time.
 */
import { knownOutput, type Operation } from "./history";
import { ILLEGAL, type AnyModel } from "./model";
import type { SearchBudget } from "./search-budget";
import { ValueDeadEnds } from "./serialization-dead-ends";

export interface SerializationProblem {
  model: AnyModel;
  operations: readonly Operation[];
  /** For each operation (by position), the positions of the operations that must come before it. */
  after: readonly (readonly number[])[];
  /** Operations that may be left out (they may never have taken effect). They must have no successors. */
  optional: readonly boolean[];
}

export type SerializationOutcome =
  | { result: "found"; order: number[] }
  /** No order exists; `furthest` is the longest legal prefix the search reached (positions). */
  | { result: "none"; furthest: number[] }
  | { result: "budget"; why: string };

type Cells = Readonly<Record<string, unknown>>;

export function searchSerialization(problem: SerializationProblem, budget: SearchBudget): SerializationOutcome {
  assertOptionalHaveNoSuccessors(problem);
  return new Search(problem, budget).run();
}

class OutOfBudget {}

class Search {
  private readonly n: number;
  private readonly placed: Uint32Array;
  private readonly waiting: number[];
  private readonly successors: number[][];
  private readonly observeOnly: boolean[];
  private readonly parts: string[];
  private readonly valueDeadEnds: ValueDeadEnds | undefined;
  private readonly deadEnds = new Set<string>();
  private readonly order: number[] = [];
  private furthest: number[] = [];
  private mandatoryLeft: number;
  private granted = 0;

  constructor(
    private readonly problem: SerializationProblem,
    private readonly budget: SearchBudget,
  ) {
    const { model, operations, after, optional } = problem;
    this.n = operations.length;
    this.placed = new Uint32Array(Math.ceil(this.n / 32));
    this.waiting = after.map((list) => list.length);
    this.successors = operations.map(() => []);
    after.forEach((list, i) => list.forEach((before) => this.successors[before].push(i)));
    this.observeOnly = operations.map((op, i) => !optional[i] && changesNothing(model, op));
    this.parts = operations.map((op) => (model.partitionKey ? model.partitionKey(op.input) : ""));
    this.valueDeadEnds = ValueDeadEnds.of(model, operations, this.parts);
    this.mandatoryLeft = optional.filter((isOptional) => !isOptional).length;
  }

  run(): SerializationOutcome {
    try {
      if (this.explore({})) return { result: "found", order: [...this.order] };
      return { result: "none", furthest: this.furthest };
    } catch (error) {
      if (error instanceof OutOfBudget) return { result: "budget", why: this.budget.exhausted ?? "the budget ran out" };
      throw error;
    }
  }

  /** True when the operations not yet placed can follow, from `cells`; leaves them placed if so. */
  private explore(cells: Cells): boolean {
    const taken = this.takeLegalReads(cells);
    if (this.mandatoryLeft === 0) return true;
    const key = this.memoKey(cells);
    if (!this.deadEnds.has(key) && !this.valueDeadEnds?.isDead(cells)) {
      for (let i = 0; i < this.n; i++) {
        if (!this.available(i) || this.observeOnly[i]) continue;
        const next = this.step(cells, i);
        if (next === ILLEGAL) continue;
        this.place(i);
        if (this.explore(next)) return true;
        this.unplace(i);
      }
      this.deadEnds.add(key);
    }
    for (let k = taken.length - 1; k >= 0; k--) this.unplace(taken[k]);
    return false;
  }

  /** Place every read that may go next and is legal now, until none is left (no branching). */
  private takeLegalReads(cells: Cells): number[] {
    const taken: number[] = [];
    for (let progress = true; progress; ) {
      progress = false;
      for (let i = 0; i < this.n; i++) {
        if (!this.observeOnly[i] || !this.available(i) || this.step(cells, i) === ILLEGAL) continue;
        this.place(i);
        taken.push(i);
        progress = true;
      }
    }
    return taken;
  }

  private step(cells: Cells, i: number): Cells | typeof ILLEGAL {
    this.spendStep();
    const { model, operations } = this.problem;
    const op = operations[i];
    const part = this.parts[i];
    const before = part in cells ? cells[part] : model.init;
    const after = model.step(before, op.input, knownOutput(op));
    return after === ILLEGAL ? ILLEGAL : { ...cells, [part]: after };
  }

  private available(i: number): boolean {
    return !this.isPlaced(i) && this.waiting[i] === 0;
  }

  private place(i: number): void {
    this.placed[i >>> 5] |= 1 << (i & 31);
    for (const successor of this.successors[i]) this.waiting[successor]--;
    if (!this.problem.optional[i]) this.mandatoryLeft--;
    this.valueDeadEnds?.placed(i);
    this.order.push(i);
    if (this.order.length > this.furthest.length) this.furthest = [...this.order];
  }

  private unplace(i: number): void {
    this.placed[i >>> 5] &= ~(1 << (i & 31));
    for (const successor of this.successors[i]) this.waiting[successor]++;
    if (!this.problem.optional[i]) this.mandatoryLeft++;
    this.valueDeadEnds?.unplaced(i);
    this.order.pop();
  }

  private isPlaced(i: number): boolean {
    return (this.placed[i >>> 5] & (1 << (i & 31))) !== 0;
  }

  /** Placed set and state: parts still at the initial state are left out, so equal states give equal keys. */
  private memoKey(cells: Cells): string {
    const { model } = this.problem;
    const initial = model.stateKey(model.init);
    const state = Object.keys(cells)
      .sort()
      .map((part) => [part, model.stateKey(cells[part])])
      .filter(([, stateKey]) => stateKey !== initial)
      .map(([part, stateKey]) => `${JSON.stringify(part)}:${stateKey}`);
    return `${this.placed.join(".")}|${state.join(",")}`;
  }

  private spendStep(): void {
    if (this.granted === 0) {
      this.granted = this.budget.grant();
      if (this.granted === 0) throw new OutOfBudget();
    }
    this.granted--;
    this.budget.stepsUsed++;
  }
}

/** A read (or a cas that answered false) never changes the state: it only looks. */
function changesNothing(model: AnyModel, op: Operation): boolean {
  const meaning = model.meaning(op.input, knownOutput(op));
  return model.observingChangesState === undefined && (meaning.kind === "read" || (meaning.kind === "cas" && meaning.swapped === false));
}

function assertOptionalHaveNoSuccessors(problem: SerializationProblem): void {
  problem.after.forEach((list) => {
    const blocked = list.find((before) => problem.optional[before]);
    if (blocked !== undefined) throw new Error(`operation at position ${blocked} may be left out, so nothing may have to follow it`);
  });
}
