/**
 * The bank history as transactions for the cycle checker (transaction-cycles.ts). Balances are
 * plain numbers, not unique versions, so versions must be inferred, and only where that is safe.
 *
 * The inference rule, per account:
 *   - the account's versions are 0 (the opening balance), 1, 2, ..., one per ok transfer that moved
 *     money in or out of it; the transfers are taken in real-time order, and a transfer that
 *     overlaps no other one on the account (the one before it returned before it was called, and it
 *     returned before the next was called) is placed: if it is the k-th, it read version k-1 and
 *     installed version k (a transfer reads the balances it checks, then writes them back);
 *     transfers that overlap each other form a group whose order is unknown, so none of them is
 *     placed, though the balance after the whole group is known;
 *   - version k's balance is the opening balance plus the moves of the first k transfers;
 *   - a read saw version k when its balance equals version k's and nothing else it could have
 *     seen (another version, or a balance halfway through an unordered group);
 *   - an account touched by a transfer with an unknown outcome is left out (it may have been
 *     applied anywhere, or never), and so is one with a group of more than GROUP_MAX transfers;
 *   - so is an account that some read saw at a balance no version and no halfway point has: the
 *     store did not apply that account's transfers once each (it lost one, or applied one twice),
 *     so the versions above are not its versions, and a match would be a coincidence.
 * Refused transfers wrote nothing and are left out. The edges rest on one assumption: a store
 * applies two transfers on one account in the order it answered them when one was answered
 * before the other was asked (strict serializability's order for writes). A cycle found then is a
 * real anomaly; a history with much concurrency gives fewer edges, and may hide one.
 */
import type { Balances, BankResult } from "../contracts/bank";
import type { BankInput, BankOutput } from "./bank";
import type { History, Operation } from "./history";
import type { Transaction } from "./transaction-cycles";

type Transfer = Extract<BankInput, { f: "transfer" }>;
type Op = Operation<BankInput, BankOutput>;

/** Larger groups of overlapping transfers make too many halfway balances to rule out (2^size). */
const GROUP_MAX = 12;

export function bankTransactions(history: History<BankInput, BankOutput>, initial: Balances): Transaction[] {
  const ops = history.operations;
  const transfers = ops.filter((op) => op.input.f === "transfer" && op.status === "ok" && (op.output as BankResult).kind === "transferred");
  const unknown = ops.filter((op) => op.input.f === "transfer" && op.status === "info");
  const reads = ops.filter((op) => op.input.f === "read" && op.status === "ok");
  const writes = new Map<number, Map<string, number>>(transfers.map((op) => [op.id, new Map()]));
  const readsOf = new Map<number, Map<string, number>>([...transfers, ...reads].map((op) => [op.id, new Map()]));
  for (const account of Object.keys(initial)) {
    const touches = (op: Op) => (op.input as Transfer).from === account || (op.input as Transfer).to === account;
    if (unknown.some(touches)) continue;
    const versions = versionsOf(account, initial[account], transfers.filter(touches));
    if (versions === undefined) continue;
    const versionsWith = new Map<number, number[]>();
    versions.balances.forEach((balance, k) => (versionsWith.get(balance) ?? versionsWith.set(balance, []).get(balance)!).push(k));
    const seenBy = (read: Op) => (read.output as Balances)[account];
    if (reads.some((read) => !versionsWith.has(seenBy(read)) && !versions.halfway.has(seenBy(read)))) continue;
    for (const [id, k] of versions.placed) {
      readsOf.get(id)?.set(account, k - 1);
      writes.get(id)?.set(account, k);
    }
    for (const read of reads) {
      const matches = versionsWith.get(seenBy(read));
      if (matches?.length === 1 && !versions.halfway.has(seenBy(read))) readsOf.get(read.id)?.set(account, matches[0]);
    }
  }
  return [...transfers, ...reads].map((op) => ({ id: op.id, label: labelOf(op), reads: readsOf.get(op.id) ?? new Map(), writes: writes.get(op.id) ?? new Map() }));
}

interface AccountVersions {
  /** Balance of version k, for every k. */
  balances: number[];
  /** Transfer id -> the version it installed, for the transfers whose place is known. */
  placed: Map<number, number>;
  /** Balances seen only halfway through a group of overlapping transfers. */
  halfway: Set<number>;
}

function versionsOf(account: string, opening: number, touching: Op[]): AccountVersions | undefined {
  const move = (op: Op) => ((op.input as Transfer).from === account ? -(op.input as Transfer).amount : (op.input as Transfer).amount);
  const result: AccountVersions = { balances: [opening], placed: new Map(), halfway: new Set() };
  for (const group of overlapGroups(touching.sort((a, b) => a.callMs - b.callMs))) {
    const before = result.balances[result.balances.length - 1];
    if (group.length === 1) {
      result.balances.push(before + move(group[0]));
      result.placed.set(group[0].id, result.balances.length - 1);
      continue;
    }
    if (group.length > GROUP_MAX) return undefined;
    for (let subset = 1; subset < 2 ** group.length - 1; subset++) {
      result.halfway.add(group.reduce((sum, op, i) => (subset & (1 << i) ? sum + move(op) : sum), before));
    }
    let after = before;
    for (const op of group) result.balances.push((after += move(op)));
  }
  return result;
}

/** Transfers in call order, cut into runs in which each one was called before the run's last answer. */
function overlapGroups(sorted: readonly Op[]): Op[][] {
  const groups: Op[][] = [];
  let lastReturnMs = Number.NEGATIVE_INFINITY;
  for (const op of sorted) {
    if (groups.length > 0 && op.callMs <= lastReturnMs) groups[groups.length - 1].push(op);
    else groups.push([op]);
    lastReturnMs = Math.max(lastReturnMs, op.returnMs as number);
  }
  return groups;
}

function labelOf(op: Operation<BankInput, BankOutput>): string {
  if (op.input.f === "read") return `read ${op.id} (by ${op.client})`;
  return `transfer ${op.id} (${op.input.amount} ${op.input.from}->${op.input.to}, by ${op.client})`;
}
