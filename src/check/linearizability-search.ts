/**
 * The search at the heart of the linearizability checker, after Wing & Gong (1993) and Lowe
 * (2017), the approach porcupine takes. Events (calls and returns) are walked in real-time order;
 * any operation whose call has been reached may be linearized next (applied to the model); an
 * operation whose return is reached before it was linearized means the last choice was wrong,
 * so the search backtracks. Every configuration (set of linearized operations, model state)
 * already explored is remembered and never explored twice.
 *
 * Data layout, chosen by measuring:
 *   - events form a doubly linked list in time order; linearizing an operation lifts its call
 *     and return out in O(1), backtracking puts them back ("dancing links");
 *   - the linearized set is a bitset with an incremental 64-bit Zobrist hash;
 *   - a remembered configuration is stored compactly: the search runs roughly in time order, so
 *     the set is "every determinate operation before p, plus a few more". Determinate operations
 *     are numbered in call order and indeterminate ones after them, so one old indeterminate
 *     operation left unlinearized does not stall p (search-visited.ts: typed arrays, no JS Map);
 *   - model states are interned to small integers once, primitive ones by value (no key text per step).
 *
 * Indeterminate operations have no return event: they may be linearized at any point after
 * their call, or never (which is the same as last: nothing observes them afterwards).
 */
import { knownOutput, type Operation } from "./history";
import { ILLEGAL as ILLEGAL_EXPORT, type AnyModel, type OpMeaning } from "./model";
import { byCall, compareEvents, hasSequence } from "./real-time";
import type { SearchBudget } from "./search-budget";
import { DeadEnds } from "./search-dead-ends";
import { simplifyForSearch } from "./search-simplify";
import { SilentWrites } from "./search-silent-writes";
import { InternedStates } from "./search-states";
import { FOUND as FOUND_EXPORT, VisitedConfigurations } from "./search-visited";

export type SearchOutcome =
  | { result: "linearizable" }
  | { result: "illegal"; furthest: Furthest | undefined }
  | { result: "budget"; why: string };

/** The longest partial linearization found, for explanations. */
export interface Furthest {
  /** Operation ids in the order linearized. */
  order: number[];
  /** The model state after them. */
  state: unknown;
  /** The operation whose return came before it could be linearized (its id). */
  stuckOn: number;
}

export interface SearchOptions {
  /** Record the furthest partial linearization (costs time on illegal histories; for explanations). */
  trackFurthest?: boolean;
}

const NONE = -1;
/** Local copies: the compiled module reads an import through a getter on every use, a measurable cost per step. */
const ILLEGAL = ILLEGAL_EXPORT;
const FOUND = FOUND_EXPORT;

/**
 * Can `operations` (one independent part: no fail operations, no indeterminate reads) be put in
 * an order that respects real time and `model`? Steps are charged to `budget`.
 */
export function searchLinearization(model: AnyModel, operations: readonly Operation<unknown, unknown>[], budget: SearchBudget, options: SearchOptions = {}): SearchOutcome {
  return prepareSearch(model, operations, options).run(budget);
}

/** A search run in pieces: each `run` carries on where the last one stopped for lack of budget. */
export interface ResumableSearch {
  run(budget: SearchBudget): SearchOutcome;
}

/** The search of `searchLinearization`, set up but not started. */
export function prepareSearch(model: AnyModel, operations: readonly Operation<unknown, unknown>[], options: SearchOptions = {}): ResumableSearch {
  const layout = layOut(model, simplifyForSearch(model, operations));
  if (layout.determinate === 0) return { run: () => ({ result: "linearizable" }) };
  return new Search(model, layout, options.trackFurthest ?? false);
}

/**
 * One depth-first search. At each level it first looks for an operation that only observes
 * (changes no state wherever it is legal: a read, a cas that answered false) and is legal now:
 * taking it first is always safe (moving such an operation earlier changes no state and breaks
 * no real-time order, since its call has happened), so that level needs no other branch and, if
 * the subtree fails, the level fails with it. Only when there is none does it branch over every
 * operation it could linearize. On illegal histories this cuts most of the search.
 *
 * Silent writes (see SilentWrites) never branch: each is settled when its return is the next
 * deadline, which is where the exponential number of orders of unread writes would come from.
 */
class Search implements ResumableSearch {
  private readonly slots: (Operation<unknown, unknown> | undefined)[];
  private readonly inputs: unknown[];
  private readonly outputs: unknown[];
  /** Slots whose operation changes no state wherever it is legal (see the class comment). */
  private readonly observesOnly: Uint8Array;
  private readonly next: Int32Array;
  /** Each event's position in real-time order (calls 2k, returns 2k+1). */
  private readonly eventRank: Int32Array;
  private readonly prev: Int32Array;
  private readonly head: number;
  private readonly determinate: number;
  private readonly firstIndeterminateSlot: number;
  private readonly slotCount: number;
  private readonly bits: Uint32Array;
  private readonly zobristLo: Uint32Array;
  private readonly zobristHi: Uint32Array;
  private readonly visited: VisitedConfigurations;
  /** Model states interned to small integers (see InternedStates). */
  private readonly states: InternedStates;
  private readonly deadEnds: DeadEnds | undefined;
  private readonly silent: SilentWrites | undefined;
  private readonly stackSlot: Int32Array;
  private readonly stackStateId: Int32Array;
  private readonly stackForced: Uint8Array;
  /** Reused for every remembered configuration's extra slots. */
  private readonly extrasScratch: Int32Array;
  /** Silent writes absorbed before an earlier write (see SilentWrites): not at their stack place. */
  private readonly stackAbsorbed: Uint8Array;
  private readonly stackState: unknown[] = [];
  private depth = 0;
  /** Where a search stopped by its budget carries on: the next event to look at... */
  private event: number;
  /** ...and whether this is the first pass over a level's operations, only those that keep the state. */
  private keepingPass = true;
  /** The verdict, once reached. */
  private decided: SearchOutcome | undefined;
  private readonly observingMayChange: boolean;
  private state: unknown;
  private stateId: number;
  private hashLo = 0;
  private hashHi = 0;
  /** Every determinate slot below p is linearized. */
  private p = 0;
  private highestLinearized = 0;
  private determinateLeft: number;
  private readonly furthest: FurthestRecord | undefined;

  constructor(
    private readonly model: AnyModel,
    layout: Layout,
    trackFurthest: boolean,
  ) {
    this.slots = layout.slots;
    this.slotCount = layout.slotCount;
    this.determinate = layout.determinate;
    this.firstIndeterminateSlot = layout.firstIndeterminateSlot;
    this.inputs = layout.slots.map((op) => op?.input);
    this.outputs = layout.slots.map((op) => (op ? knownOutput(op) : undefined));
    this.observesOnly = Uint8Array.from(layout.meanings, (meaning) => (meaning && observesOnly(meaning) ? 1 : 0));
    ({ next: this.next, prev: this.prev, rank: this.eventRank } = linkEvents(layout));
    this.head = 2 * layout.slotCount;
    this.bits = new Uint32Array(Math.ceil(layout.slotCount / 32));
    [this.zobristLo, this.zobristHi] = zobristKeys(layout.slotCount);
    this.stackSlot = new Int32Array(layout.slotCount);
    this.stackStateId = new Int32Array(layout.slotCount);
    this.stackForced = new Uint8Array(layout.slotCount);
    this.extrasScratch = new Int32Array(layout.slotCount);
    this.stackAbsorbed = new Uint8Array(layout.slotCount);
    this.visited = new VisitedConfigurations(layout.slotCount);
    this.states = new InternedStates(model);
    this.deadEnds = DeadEnds.of(model, layout, this.states);
    this.silent = SilentWrites.of(model, layout, this.eventRank);
    this.state = model.init;
    this.stateId = this.states.idOf(model.init);
    this.determinateLeft = layout.determinate;
    this.furthest = trackFurthest ? new FurthestRecord(layout.slotCount) : undefined;
    this.observingMayChange = model.observingChangesState !== undefined;
    this.event = this.next[this.head];
    if (this.deadEnds?.isDead(this.stateId)) {
      this.furthest?.offer(this.stackSlot, 0, NONE, this.state, this.deadEnds.doomedRead(this.stateId, (slot) => this.isSet(slot)));
      this.decided = { result: "illegal", furthest: this.furthest?.result(this.slots) };
    }
  }

  /**
   * Search on with `budget`. After a "budget" outcome another call carries on where this one
   * stopped (one search, never restarted); after a verdict it answers the same verdict.
   */
  run(budget: SearchBudget): SearchOutcome {
    if (this.decided) return this.decided;
    const { next, head, model } = this;
    let granted = budget.grant();
    let fuel = granted;
    let { keepingPass, event } = this;
    for (;;) {
      if (fuel === 0) {
        budget.stepsUsed += granted;
        granted = fuel = budget.grant();
        if (fuel === 0) {
          this.keepingPass = keepingPass;
          this.event = event;
          return { result: "budget", why: budget.exhausted ?? "the budget ran out" };
        }
      }
      fuel--;
      let levelFails = false;
      if ((event & 1) === 0) {
        const slot = event >>> 1;
        const observing = this.observesOnly[slot] === 1 && (this.observingMayChange === false || model.observingChangesState?.(this.state) !== true);
        const candidate = observing || (!keepingPass && !this.silent?.isSilent(slot));
        const after = candidate ? model.step(this.state, this.inputs[slot], this.outputs[slot]) : ILLEGAL;
        if (after !== ILLEGAL) {
          const afterId = observing ? this.stateId : this.states.idOf(after);
          if (observing || !keepingPass) {
            if (this.tryPush(slot, after, afterId, observing)) {
              if (slot < this.determinate && --this.determinateLeft === 0) {
                budget.stepsUsed += granted - fuel;
                return (this.decided = { result: "linearizable" });
              }
              keepingPass = true;
              event = next[head];
              continue;
            }
            // Already explored from here and failed; for an observing operation that means this
            // whole level fails (see the class comment).
            levelFails = observing;
          }
        }
        if (!levelFails) {
          event = next[event];
          continue;
        }
      } else if (keepingPass && this.silent?.isSilent(event >>> 1)) {
        // The next deadline is a silent write's: settle it, no branching (see SilentWrites).
        if (this.settleSilent(event >>> 1)) {
          if (--this.determinateLeft === 0) {
            budget.stepsUsed += granted - fuel;
            return (this.decided = { result: "linearizable" });
          }
          event = next[head];
          continue;
        }
      } else if (keepingPass) {
        keepingPass = false;
        event = next[head];
        continue;
      } else {
        this.furthest?.offer(this.stackSlot, this.depth, NONE, this.state, event >>> 1);
      }
      // This level failed: undo choices until one leaves alternatives to try.
      const resumeAfter = this.backtrack();
      if (resumeAfter === NONE) {
        budget.stepsUsed += granted - fuel;
        return (this.decided = { result: "illegal", furthest: this.furthest?.result(this.slots) });
      }
      keepingPass = false;
      event = next[resumeAfter];
    }
  }

  /**
   * Linearize the silent write in `slot`: absorbed just before the latest write on the stack that
   * it may precede (the cell's state does not change), or else now. Forced: no other branch.
   */
  private settleSilent(slot: number): boolean {
    const silent = this.silent as SilentWrites;
    if (silent.absorberOnStack(slot, this.stackSlot, this.stackAbsorbed, this.depth)) {
      if (!this.tryPush(slot, this.state, this.stateId, true)) return false;
      this.stackAbsorbed[this.depth - 1] = 1;
      return true;
    }
    const after = this.model.step(this.state, this.inputs[slot], this.outputs[slot]);
    return after !== ILLEGAL && this.tryPush(slot, after, this.states.idOf(after), true);
  }

  /** Linearize `slot` unless that configuration was seen before. */
  private tryPush(slot: number, after: unknown, afterId: number, forced: boolean): boolean {
    const { deadEnds } = this;
    if (deadEnds) {
      deadEnds.linearize(slot);
      if (deadEnds.isDead(afterId)) {
        if (this.furthest?.wants(this.depth + 1)) {
          this.flip(slot);
          this.furthest.offer(this.stackSlot, this.depth, slot, after, deadEnds.doomedRead(afterId, (s) => this.isSet(s)));
          this.flip(slot);
        }
        deadEnds.unlinearize(slot);
        return false;
      }
    }
    this.flip(slot);
    const oldP = this.p;
    if (slot === this.p) while (this.p < this.determinate && this.isSet(this.p)) this.p++;
    const position = this.visited.find(this.hashLo, this.hashHi, afterId, this.p, this.depth + 1 - this.p, this.bits);
    if (position === FOUND) {
      this.flip(slot);
      this.p = oldP;
      deadEnds?.unlinearize(slot);
      return false;
    }
    if (slot < this.determinate && slot > this.highestLinearized) this.highestLinearized = slot;
    this.visited.add(position, this.hashLo, this.hashHi, afterId, this.p, this.extrasScratch, this.collectExtras());
    const depth = this.depth++;
    this.stackSlot[depth] = slot;
    this.stackState[depth] = this.state;
    this.stackStateId[depth] = this.stateId;
    this.stackForced[depth] = forced ? 1 : 0;
    this.stackAbsorbed[depth] = 0;
    this.state = after;
    this.stateId = afterId;
    this.lift(slot);
    return true;
  }

  /**
   * Pop choices until one that was a real branch; returns the call event to resume scanning
   * after, or NONE when the stack is empty (no linearization exists).
   */
  private backtrack(): number {
    while (this.depth > 0) {
      const depth = --this.depth;
      const slot = this.stackSlot[depth];
      this.state = this.stackState[depth];
      this.stackState[depth] = undefined;
      this.stateId = this.stackStateId[depth];
      this.flip(slot);
      this.deadEnds?.unlinearize(slot);
      this.furthest?.popped(depth);
      if (slot < this.p) this.p = slot;
      if (!this.isSet(this.highestLinearized)) this.lowerHighest();
      if (slot < this.determinate) this.determinateLeft++;
      this.unlift(slot);
      if (this.stackForced[depth] === 0) return 2 * slot;
    }
    return NONE;
  }

  /** The highest linearized determinate slot went away: find the next one down (amortized cheap). */
  private lowerHighest(): void {
    let slot = this.highestLinearized;
    while (slot > this.p && !this.isSet(slot)) slot--;
    this.highestLinearized = slot;
  }

  private flip(slot: number): void {
    this.bits[slot >>> 5] ^= 1 << (slot & 31);
    this.hashLo ^= this.zobristLo[slot];
    this.hashHi ^= this.zobristHi[slot];
  }

  private isSet(slot: number): boolean {
    return (this.bits[slot >>> 5] & (1 << (slot & 31))) !== 0;
  }

  // Dancing links: an operation's events leave the list when it is linearized and come back, in
  // reverse order, on backtracking. An indeterminate operation has no return event.
  private lift(slot: number): void {
    this.unlink(2 * slot);
    if (slot < this.determinate) this.unlink(2 * slot + 1);
  }

  private unlift(slot: number): void {
    if (slot < this.determinate) this.relink(2 * slot + 1);
    this.relink(2 * slot);
  }

  private unlink(event: number): void {
    const { next, prev } = this;
    next[prev[event]] = next[event];
    if (next[event] !== NONE) prev[next[event]] = prev[event];
  }

  private relink(event: number): void {
    const { next, prev } = this;
    next[prev[event]] = event;
    if (next[event] !== NONE) prev[next[event]] = event;
  }

  /** The linearized slots beyond the prefix, into `extrasScratch`; returns how many. */
  private collectExtras(): number {
    const out = this.extrasScratch;
    let count = 0;
    const determinateEnd = Math.min(this.highestLinearized + 1, this.determinate);
    for (let slot = this.p + 1; slot < determinateEnd; slot++) if (this.isSet(slot)) out[count++] = slot;
    for (let slot = this.firstIndeterminateSlot; slot < this.slotCount; slot++) if (this.isSet(slot)) out[count++] = slot;
    return count;
  }

}

/** Changes no state wherever it is legal: a read, a cas that answered false. */
function observesOnly(meaning: OpMeaning): boolean {
  return meaning.kind === "read" || (meaning.kind === "cas" && meaning.swapped === false);
}

/**
 * The longest partial linearization seen and the operation it got stuck on. Copying is amortized:
 * only the part of the stack that changed since the last record is copied.
 */
class FurthestRecord {
  private readonly order: Int32Array;
  private length = -1;
  private state: unknown;
  private stuckSlot = NONE;
  /** How many leading entries of the live stack still equal `order`. */
  private shared = 0;

  constructor(slotCount: number) {
    this.order = new Int32Array(slotCount + 1);
  }

  wants(length: number): boolean {
    return length > this.length;
  }

  /** The stack's first `depth` slots, plus `extraSlot` unless NONE, got stuck on `stuckSlot`. */
  offer(stack: Int32Array, depth: number, extraSlot: number, state: unknown, stuckSlot: number): void {
    const length = depth + (extraSlot === NONE ? 0 : 1);
    if (length <= this.length || stuckSlot === NONE) return;
    this.order.set(stack.subarray(this.shared, depth), this.shared);
    if (extraSlot !== NONE) this.order[depth] = extraSlot;
    this.shared = depth;
    this.length = length;
    this.state = state;
    this.stuckSlot = stuckSlot;
  }

  /** The live stack shrank to `depth`: entries from there on may change. */
  popped(depth: number): void {
    if (this.shared > depth) this.shared = depth;
  }

  result(slots: readonly (Operation<unknown, unknown> | undefined)[]): Furthest | undefined {
    if (this.length < 0) return undefined;
    const idOf = (slot: number) => (slots[slot] as Operation<unknown, unknown>).id;
    return { order: Array.from(this.order.subarray(0, this.length), idOf), state: this.state, stuckOn: idOf(this.stuckSlot) };
  }
}

/**
 * Operations placed in slots: determinate ones first in call order, then (from a 32-aligned
 * slot) indeterminate ones. Slots in the gap hold nothing.
 */
export interface Layout {
  /** Each slot's operation's meaning (see OpMeaning), undefined in the gap. */
  meanings: (OpMeaning | undefined)[];
  slots: (Operation<unknown, unknown> | undefined)[];
  slotCount: number;
  determinate: number;
  firstIndeterminateSlot: number;
  useSeq: boolean;
}

function layOut(model: AnyModel, operations: readonly Operation<unknown, unknown>[]): Layout {
  const determinate = operations.filter((op) => op.status === "ok").sort(byCall);
  const indeterminate = operations.filter((op) => op.status === "info").sort(byCall);
  const firstIndeterminateSlot = Math.ceil(determinate.length / 32) * 32;
  const slots: (Operation<unknown, unknown> | undefined)[] = [...determinate, ...new Array<undefined>(firstIndeterminateSlot - determinate.length), ...indeterminate];
  const meanings = slots.map((op) => (op ? model.meaning(op.input, knownOutput(op)) : undefined));
  return { slots, meanings, slotCount: slots.length, determinate: determinate.length, firstIndeterminateSlot, useSeq: hasSequence(operations) };
}

/** The events (call 2k, return 2k+1 of slot k) linked in real-time order, after a HEAD sentinel. */
function linkEvents(layout: Layout): { next: Int32Array; prev: Int32Array; rank: Int32Array } {
  const { slots, slotCount, useSeq } = layout;
  const events: number[] = [];
  slots.forEach((op, slot) => {
    if (!op) return;
    events.push(2 * slot);
    if (op.status === "ok") events.push(2 * slot + 1);
  });
  const opOf = (event: number) => slots[event >>> 1] as Operation<unknown, unknown>;
  events.sort((a, b) => compareEvents(opOf(a), (a & 1) === 1, opOf(b), (b & 1) === 1, useSeq) || a - b);
  const HEAD = 2 * slotCount;
  const next = new Int32Array(2 * slotCount + 1).fill(NONE);
  const prev = new Int32Array(2 * slotCount + 1).fill(NONE);
  const rank = new Int32Array(2 * slotCount).fill(NONE);
  let last = HEAD;
  events.forEach((event, position) => {
    next[last] = event;
    prev[event] = last;
    rank[event] = position;
    last = event;
  });
  return { next, prev, rank };
}

/** Fixed pseudo-random 32-bit keys per slot (xorshift32, fixed seeds): the same on every run. */
function zobristKeys(count: number): [Uint32Array, Uint32Array] {
  const lo = new Uint32Array(count);
  const hi = new Uint32Array(count);
  let x = 0x9e3779b9;
  const draw = () => {
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    return x >>> 0;
  };
  for (let i = 0; i < count; i++) {
    lo[i] = draw();
    hi[i] = draw();
  }
  return [lo, hi];
}

