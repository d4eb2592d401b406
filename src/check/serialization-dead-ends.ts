/**
 * Early dead ends for the serialization search (serialization-search.ts), for models whose state
 * is the cell's value (registers, each key of a map): the idea of search-dead-ends.ts, per part.
 *
 * A partial order is dead when some read not yet placed returned v on a key, the key does not
 * hold v now, and nothing left can put v there again: that read can never become legal. Without
 * this the search notices only when it reaches the read, after trying every order of everything
 * between, which makes write-heavy histories of many clients explode.
 *
 * A successful cas needs `from` and produces `to`; a cas of unknown outcome only produces; an
 * append may produce any string, so a string is doomed only once no append of its key is left.
 * The initial value counts as produced before the start, never again. Operations of unknown
 * meaning switch the pruning off.
 */
import { knownOutput, type Operation } from "./history";
import { valueKey, type AnyModel } from "./model";

export class ValueDeadEnds {
  private readonly readersLeft: Int32Array;
  private readonly producersLeft: Int32Array;
  private readonly appendsLeft = new Map<string, number>();
  /** Slots (a key and a value) with readers left and no producers left. */
  private readonly doomed = new Set<number>();

  private constructor(
    private readonly model: AnyModel,
    private readonly slots: { part: string; value: string; isString: boolean }[],
    private readonly needs: Int32Array,
    private readonly produces: Int32Array,
    private readonly appendsTo: (string | undefined)[],
  ) {
    this.readersLeft = new Int32Array(slots.length);
    this.producersLeft = new Int32Array(slots.length);
    needs.forEach((slot) => slot >= 0 && this.readersLeft[slot]++);
    produces.forEach((slot) => slot >= 0 && this.producersLeft[slot]++);
    for (const part of appendsTo) if (part !== undefined) this.appendsLeft.set(part, (this.appendsLeft.get(part) ?? 0) + 1);
    slots.forEach((_, slot) => this.update(slot));
  }

  /** The tracker for `operations` (by position), or undefined when the model's state is not a value or an operation's meaning is unknown. */
  static of(model: AnyModel, operations: readonly Operation[], parts: readonly string[]): ValueDeadEnds | undefined {
    if (!model.stateIsValue || model.observingChangesState) return undefined;
    const slots: { part: string; value: string; isString: boolean }[] = [];
    const slotIds = new Map<string, number>();
    const slotOf = (part: string, value: unknown) => {
      const key = `${JSON.stringify(part)}:${valueKey(value as never)}`;
      let id = slotIds.get(key);
      if (id === undefined) slotIds.set(key, (id = slots.push({ part, value: valueKey(value as never), isString: typeof value === "string" }) - 1));
      return id;
    };
    const needs = new Int32Array(operations.length).fill(-1);
    const produces = new Int32Array(operations.length).fill(-1);
    const appendsTo: (string | undefined)[] = operations.map(() => undefined);
    for (const [i, op] of operations.entries()) {
      const meaning = model.meaning(op.input, knownOutput(op));
      if (meaning.kind === "other") return undefined;
      if (meaning.kind === "read") needs[i] = slotOf(parts[i], meaning.value);
      if (meaning.kind === "write") produces[i] = slotOf(parts[i], meaning.value);
      if (meaning.kind === "append") appendsTo[i] = parts[i];
      if (meaning.kind === "cas" && meaning.swapped === true) needs[i] = slotOf(parts[i], meaning.from);
      if (meaning.kind === "cas" && meaning.swapped !== false) produces[i] = slotOf(parts[i], meaning.to);
    }
    return new ValueDeadEnds(model, slots, needs, produces, appendsTo);
  }

  placed(i: number): void {
    this.count(i, -1);
  }

  unplaced(i: number): void {
    this.count(i, +1);
  }

  /** Can some read still to come never be legal, given what each key holds now? */
  isDead(cells: Readonly<Record<string, unknown>>): boolean {
    for (const slot of this.doomed) {
      const { part, value, isString } = this.slots[slot];
      const holds = this.model.stateKey(part in cells ? cells[part] : this.model.init);
      if (holds !== value && !(isString && (this.appendsLeft.get(part) ?? 0) > 0)) return true;
    }
    return false;
  }

  private count(i: number, by: number): void {
    const need = this.needs[i];
    const produced = this.produces[i];
    const appended = this.appendsTo[i];
    if (need >= 0) this.readersLeft[need] += by;
    if (produced >= 0) this.producersLeft[produced] += by;
    if (appended !== undefined) this.appendsLeft.set(appended, (this.appendsLeft.get(appended) as number) + by);
    if (need >= 0) this.update(need);
    if (produced >= 0) this.update(produced);
  }

  private update(slot: number): void {
    if (this.readersLeft[slot] > 0 && this.producersLeft[slot] === 0) this.doomed.add(slot);
    else this.doomed.delete(slot);
  }
}
