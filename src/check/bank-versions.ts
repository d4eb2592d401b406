/**
 * The bank history as transactions for the cycle checker (transaction-cycles.ts). Balances are
 * plain numbers, not unique versions, so versions must be inferred, and only where that is safe.
 *
 * The inference rule, per account:
 *   - the account's chain is the ok transfers that moved money in or out of it, in real-time order;
 *     it is inferred only when no two of them overlap in time (each returned before the next was
 *     called, so a strictly serializable store applied them in that order) and no transfer that
 *     touched the account has an unknown outcome (it may have been applied anywhere, or never);
 *   - the k-th transfer of the chain read version k-1 of the account and installed version k
 *     (a transfer reads the balances it checks, then writes them back); version 0 is the opening
 *     balance, and version k's balance is version k-1's minus or plus the transfer's amount;
 *   - a read saw version k of the account when its balance equals version k's and no other
 *     version's: an ambiguous or unknown balance gives no edge.
 * Refused transfers wrote nothing and are left out. Every edge this adds is one the store must
 * have respected if it applied the chain in real-time order, so a cycle it finds is a real
 * anomaly, while histories with much concurrency may give too few edges to find any.
 */
import type { Balances, BankResult } from "../contracts/bank";
import type { BankInput, BankOutput } from "./bank";
import type { History, Operation } from "./history";
import type { Transaction } from "./transaction-cycles";

type Transfer = Extract<BankInput, { f: "transfer" }>;

export function bankTransactions(history: History<BankInput, BankOutput>, initial: Balances): Transaction[] {
  const ops = history.operations;
  const transfers = ops.filter((op) => op.input.f === "transfer" && op.status === "ok" && (op.output as BankResult).kind === "transferred");
  const unknown = ops.filter((op) => op.input.f === "transfer" && op.status === "info");
  const reads = ops.filter((op) => op.input.f === "read" && op.status === "ok");
  const writes = new Map<number, Map<string, number>>(transfers.map((op) => [op.id, new Map()]));
  const readsOf = new Map<number, Map<string, number>>([...transfers, ...reads].map((op) => [op.id, new Map()]));
  for (const account of Object.keys(initial)) {
    const chain = chainOf(account, transfers, unknown);
    if (chain === undefined) continue;
    const balances = [initial[account]];
    chain.forEach((op, i) => {
      const { from, amount } = op.input as Transfer;
      balances.push(balances[i] + (from === account ? -amount : amount));
      readsOf.get(op.id)?.set(account, i);
      writes.get(op.id)?.set(account, i + 1);
    });
    for (const read of reads) {
      const seen = (read.output as Balances)[account];
      const versions = balances.flatMap((balance, version) => (balance === seen ? [version] : []));
      if (versions.length === 1) readsOf.get(read.id)?.set(account, versions[0]);
    }
  }
  return [...transfers, ...reads].map((op) => ({ id: op.id, label: labelOf(op), reads: readsOf.get(op.id) ?? new Map(), writes: writes.get(op.id) ?? new Map() }));
}

/** The account's transfers in real-time order, or undefined when that order is not known. */
function chainOf(account: string, transfers: readonly Operation<BankInput, BankOutput>[], unknown: readonly Operation<BankInput, BankOutput>[]): Operation<BankInput, BankOutput>[] | undefined {
  const touches = (op: Operation<BankInput, BankOutput>) => (op.input as Transfer).from === account || (op.input as Transfer).to === account;
  if (unknown.some(touches)) return undefined;
  const chain = transfers.filter(touches).sort((a, b) => a.callMs - b.callMs);
  for (let i = 1; i < chain.length; i++) if ((chain[i - 1].returnMs as number) >= chain[i].callMs) return undefined;
  return chain;
}

function labelOf(op: Operation<BankInput, BankOutput>): string {
  if (op.input.f === "read") return `read ${op.id} (by ${op.client})`;
  return `transfer ${op.id} (${op.input.amount} ${op.input.from}->${op.input.to}, by ${op.client})`;
}
