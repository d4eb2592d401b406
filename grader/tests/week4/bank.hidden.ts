/**
 * Week 4, bank: hidden tests. One directed test per rule of bank.rules.md (the ledger alone, and
 * the server on a scripted Raft: no seed can dodge them), then randomized ones: the learner's
 * server on the reference Raft in the simulator, under a random nemesis and a lossy network,
 * judged by the bank checker (total, negative balances, linearizability) over several seeds.
 */
import { checkBank, describeBalances } from "../../../src/check/bank";
import { bankWorkload } from "../../../src/bank/cluster";
import { totalOf, type BankResult } from "../../../src/contracts/bank";
import { formatNemesis, randomNemesis, UNRELIABLE_NETWORK } from "../../../src/sim";
import { check, checkEqual, fail, show, type GradedTest, type TestContext } from "../../api";
import { ACCOUNTS, bankCluster, describeCommand, ledger, read, serverClass, ServerRig, transfer } from "./bank-helpers";

const TRANSFERRED: BankResult = { kind: "transferred" };
const refused = (reason: string) => ({ kind: "refused", reason });

/** Apply `command` to `book` and require `expected` as its result. */
function expectResult(rule: string, book: ReturnType<typeof ledger>, command: ReturnType<typeof transfer>, expected: unknown, why: string): void {
  const result = book.apply(command);
  if (JSON.stringify(result) !== JSON.stringify(expected)) fail(`rule ${rule}: apply(${describeCommand(command)}) returned ${show(result)}, expected ${show(expected)}: ${why}`);
}

function expectBalances(rule: string, book: ReturnType<typeof ledger>, expected: Record<string, number>, after: string): void {
  const balances = book.balances();
  if (JSON.stringify(balances) !== JSON.stringify(expected)) fail(`rule ${rule}: after ${after}, balances() is ${describeBalances(balances)}, expected ${describeBalances(expected)}`);
}

/** Run the bank under `nemesis`-style trouble and require the checker's VALID; a vacuous run is a failed premise. */
function runBankChecked(ctx: TestContext, settings: { network?: typeof UNRELIABLE_NETWORK; nemesis: boolean; clerks: number; operations: number }): void {
  const cluster = bankCluster(ctx, settings.network ? { network: settings.network } : {});
  const accounts = Object.keys(ACCOUNTS);
  for (let c = 0; c < settings.clerks; c++) cluster.addClerk(bankWorkload(ctx.rng, { accounts, operations: settings.operations, readRate: 0.3, amountMax: 40 }));
  if (settings.nemesis) {
    const nemesis = randomNemesis(ctx.seed, { servers: cluster.servers, startMs: 300, endMs: 6_000, intervalMsMin: 300, intervalMsMax: 900, kinds: ["partition", "isolate", "crash", "majority-ring", "clock"] });
    ctx.note(`nemesis: ${formatNemesis(nemesis)}`);
    cluster.schedule(nemesis);
  }
  const done = cluster.runUntilClerksDone(120_000);
  check(done, `rule bank-liveness: the clerks did not finish their ${settings.operations} operations within 120 s of virtual time (every fault heals at 6 s); servers: ${cluster.servers.map((id) => `${id} applied ${cluster.node(id)?.server.inspect().lastApplied ?? "(down)"}`).join(", ")}`);
  const verdict = checkBank(cluster.history(), ACCOUNTS);
  if (verdict.valid === false) fail(`rule bank-invariants: the bank checker found ${verdict.summary}`, verdict.anomalies.map((a) => `${a.kind}: ${a.message}`).join("\n\n"));
  ctx.premise(verdict.valid === true, () => `the run tested nothing: ${verdict.valid === "unknown" ? verdict.reason : ""}`);
}

export const tests: GradedTest[] = [
  // ------------------------------------------------------------------ the ledger
  {
    name: "ledger-transfers",
    rules: ["atomic-transfer"],
    points: 2,
    visibility: "hidden",
    description: "a transfer moves the amount from one account to the other in one apply, the whole balance included, and answers transferred",
    run(ctx) {
      const book = ledger(ctx);
      expectResult("atomic-transfer", book, transfer("c1", 1, "a1", "a2", 30), TRANSFERRED, "a1 holds 100");
      expectBalances("atomic-transfer", book, { a1: 70, a2: 130, a3: 100, a4: 100 }, "moving 30 from a1 to a2");
      expectResult("atomic-transfer", book, transfer("c1", 2, "a3", "a1", 100), TRANSFERRED, "a3 holds exactly 100: the whole balance may move");
      expectBalances("atomic-transfer", book, { a1: 170, a2: 130, a3: 0, a4: 100 }, "moving all of a3's 100 to a1");
    },
  },
  {
    name: "ledger-refuses-overdraft",
    rules: ["no-overdraft"],
    points: 2,
    visibility: "hidden",
    description: "a transfer of more than the source holds is refused with insufficient-funds and changes nothing",
    run(ctx) {
      const book = ledger(ctx);
      expectResult("no-overdraft", book, transfer("c1", 1, "a1", "a2", 101), refused("insufficient-funds"), "a1 holds 100");
      expectBalances("no-overdraft", book, { ...ACCOUNTS }, "a refused transfer");
      expectResult("no-overdraft", book, transfer("c1", 2, "a1", "a2", 60), TRANSFERRED, "a1 holds 100");
      expectResult("no-overdraft", book, transfer("c1", 3, "a1", "a3", 41), refused("insufficient-funds"), "a1 holds 40 now");
      expectBalances("no-overdraft", book, { a1: 40, a2: 160, a3: 100, a4: 100 }, "60 moved and 41 refused");
    },
  },
  {
    name: "ledger-validates",
    rules: ["validation"],
    points: 2,
    visibility: "hidden",
    description: "bad amounts (0, negative, fractional, NaN) and unknown or identical accounts are refused with their reason and change nothing; 'constructor' and '__proto__' are not accounts",
    run(ctx) {
      const book = ledger(ctx);
      let seq = 0;
      for (const amount of [0, -5, 1.5, Number.NaN]) expectResult("validation", book, transfer("c1", ++seq, "a1", "a2", amount), refused("bad-amount"), `${amount} is not a whole number above 0`);
      for (const [from, to] of [["a1", "zz"], ["zz", "a1"], ["a1", "a1"], ["constructor", "a1"], ["a2", "__proto__"], ["toString", "a3"]]) {
        expectResult("validation", book, transfer("c1", ++seq, from, to, 5), refused("unknown-account"), `${from} -> ${to} is not a transfer between two different accounts of the bank`);
      }
      expectBalances("validation", book, { ...ACCOUNTS }, "only refused transfers");
    },
  },
  {
    name: "ledger-reads",
    rules: ["read-copy"],
    points: 1,
    visibility: "hidden",
    description: "a read returns every balance, as a copy: changing what it returned (or the opening balances given) changes nothing in the ledger",
    run(ctx) {
      const opening = { ...ACCOUNTS };
      const book = ledger(ctx, opening);
      opening.a1 = 999;
      const result = book.apply(read("c1", 1));
      checkEqual(result, { kind: "balances", balances: ACCOUNTS }, "rule read-copy: apply(read)");
      (result as { balances: Record<string, number> }).balances.a2 = -1;
      book.balances().a3 = -1;
      expectBalances("read-copy", book, { ...ACCOUNTS }, "changing the objects a read and balances() returned, and the opening balances passed to the constructor");
    },
  },
  {
    name: "ledger-dedups-repeats",
    rules: ["session-dedup"],
    points: 3,
    visibility: "hidden",
    description: "a client's command applied again (a retry committed twice) changes nothing and returns the first result, even when applying it again would now give another answer",
    run(ctx) {
      const book = ledger(ctx);
      expectResult("session-dedup", book, transfer("c1", 1, "a1", "a2", 10), TRANSFERRED, "a1 holds 100");
      expectResult("session-dedup", book, transfer("c1", 1, "a1", "a2", 10), TRANSFERRED, "the repeat of c1#1 returns c1#1's result");
      expectBalances("session-dedup", book, { a1: 90, a2: 110, a3: 100, a4: 100 }, "c1#1 applied twice (it must move the money once)");
      expectResult("session-dedup", book, transfer("c1", 2, "a1", "a3", 150), refused("insufficient-funds"), "a1 holds 90");
      expectResult("session-dedup", book, transfer("c2", 1, "a4", "a1", 100), TRANSFERRED, "a4 holds 100");
      expectResult("session-dedup", book, transfer("c1", 2, "a1", "a3", 150), refused("insufficient-funds"), "a repeat of c1#2 returns its first result (a1 now holds 190, but c1#2 was already decided)");
      expectResult("session-dedup", book, transfer("c1", 1, "a1", "a2", 10), refused("insufficient-funds"), "c1#1 is older than c1's last command (c1#2): a repeat that changes nothing and returns c1's last result");
      const first = book.apply(read("c1", 3));
      book.apply(transfer("c3", 1, "a2", "a3", 5));
      checkEqual(book.apply(read("c1", 3)), first, "rule session-dedup: a repeat of the read c1#3, after another client's transfer,");
      expectBalances("session-dedup", book, { a1: 190, a2: 105, a3: 105, a4: 0 }, "every repeat");
    },
  },
  {
    name: "ledger-sessions-per-client",
    rules: ["session-per-client"],
    points: 2,
    visibility: "hidden",
    description: "sessions are per client: another client's seq 1 is a new command, not a repeat",
    run(ctx) {
      const book = ledger(ctx);
      expectResult("session-per-client", book, transfer("c1", 1, "a1", "a2", 10), TRANSFERRED, "a1 holds 100");
      expectResult("session-per-client", book, transfer("c2", 1, "a3", "a4", 20), TRANSFERRED, "c2#1 is c2's first command, whatever c1 did");
      expectResult("session-per-client", book, transfer("c3", 5, "a4", "a1", 30), TRANSFERRED, "c3's first command may have any seq");
      expectBalances("session-per-client", book, { a1: 120, a2: 110, a3: 80, a4: 90 }, "three clients' first commands");
    },
  },
  // ------------------------------------------------------------------ the server, on a scripted Raft
  {
    name: "follower-says-not-leader",
    rules: ["not-leader"],
    points: 2,
    visibility: "hidden",
    description: "a server that is not the leader answers not-leader at once (so the client moves on) and does not answer anything else",
    run(ctx) {
      const rig = new ServerRig(serverClass(ctx));
      rig.raft = { isLeader: false, term: 3, nextIndex: 1 };
      rig.request("c1", transfer("c1", 1, "a1", "a2", 10));
      const reply = rig.onlyReply("c1", 1, "not-leader", "right after a follower got c1#1");
      checkEqual(reply, { type: "BankReply", clientId: "c1", seq: 1, error: "not-leader" }, "rule not-leader: the follower's answer");
    },
  },
  {
    name: "no-answer-before-apply",
    rules: ["answer-after-apply"],
    points: 3,
    visibility: "hidden",
    description: "the leader answers a transfer only once Raft applies it (committed), never when it is merely started, however long that takes",
    run(ctx) {
      const rig = new ServerRig(serverClass(ctx));
      rig.request("c1", transfer("c1", 1, "a1", "a2", 10));
      check(rig.started.length === 1, `rule answer-after-apply: the leader did not put c1#1 into Raft's log (raft.start was called ${rig.started.length} times)`);
      rig.advance(3_000);
      check(rig.repliesTo("c1", 1).length === 0, () => `rule answer-after-apply: the leader answered c1#1 before Raft applied it (${show(rig.repliesTo("c1", 1))}); an entry that is not committed may yet be lost`);
      rig.applyStarted();
      checkEqual(rig.onlyReply("c1", 1, "answer-after-apply", "once c1#1 was applied"), { type: "BankReply", clientId: "c1", seq: 1, result: TRANSFERRED }, "rule answer-after-apply: the answer to c1#1");
    },
  },
  {
    name: "read-through-the-log",
    rules: ["reads-through-log"],
    points: 3,
    visibility: "hidden",
    description: "a read goes into Raft's log like a transfer and is answered with the balances at its own apply, which include the entries committed before it",
    run(ctx) {
      const rig = new ServerRig(serverClass(ctx));
      rig.raft.nextIndex = 2; // index 1 holds another server's client's transfer
      rig.request("c1", read("c1", 1));
      check(rig.repliesTo("c1", 1).length === 0, () => `rule reads-through-log: the server answered the read c1#1 at once, from its own ledger (${show(rig.repliesTo("c1", 1))}); a deposed leader answering like this returns stale balances`);
      check(rig.started.some((s) => s.command.op === "read"), "rule reads-through-log: the read c1#1 was not put into Raft's log");
      rig.apply(transfer("c9", 1, "a1", "a4", 25));
      rig.applyStarted();
      const reply = rig.onlyReply("c1", 1, "reads-through-log", "once the read was applied at index 2");
      checkEqual(reply, { type: "BankReply", clientId: "c1", seq: 1, result: { kind: "balances", balances: { a1: 75, a2: 100, a3: 100, a4: 125 } } }, "rule reads-through-log: the answer to the read (index 1, c9's transfer of 25 a1->a4, was committed before it)");
    },
  },
  {
    name: "applies-every-entry",
    rules: ["apply-every-entry"],
    points: 2,
    visibility: "hidden",
    description: "every applied entry changes the ledger, whoever asked for it and whichever server took the request",
    run(ctx) {
      const rig = new ServerRig(serverClass(ctx));
      rig.apply(transfer("c7", 1, "a2", "a3", 40));
      rig.apply(transfer("c8", 1, "a3", "a4", 70));
      checkEqual(rig.server.inspect(), { balances: { a1: 100, a2: 60, a3: 70, a4: 170 }, lastApplied: 2 }, "rule apply-every-entry: inspect() after two entries that other servers' clients sent");
    },
  },
  {
    name: "overwritten-index-answers-lost-leadership",
    rules: ["lost-leadership"],
    points: 2,
    visibility: "hidden",
    description: "when another command is applied at the index a client waits for, the client is told lost-leadership (never the other command's result)",
    run(ctx) {
      const rig = new ServerRig(serverClass(ctx));
      rig.request("c1", transfer("c1", 1, "a1", "a2", 10));
      rig.apply(transfer("c2", 1, "a3", "a4", 5)); // a newer leader's entry took index 1
      checkEqual(rig.onlyReply("c1", 1, "lost-leadership", "after c2#1 was applied at the index c1#1 had"), { type: "BankReply", clientId: "c1", seq: 1, error: "lost-leadership" }, "rule lost-leadership: the answer to c1#1");
      checkEqual(rig.server.inspect().balances, { a1: 100, a2: 100, a3: 95, a4: 105 }, "rule apply-every-entry: the balances after c2#1 (c1#1 was never applied)");
    },
  },
  {
    name: "stepped-down-answers-lost-leadership",
    rules: ["lost-leadership"],
    points: 2,
    visibility: "hidden",
    description: "a client waiting at a leader that stops leading is told lost-leadership within 2 s, not left waiting for an entry that may never come",
    run(ctx) {
      const rig = new ServerRig(serverClass(ctx));
      rig.request("c1", transfer("c1", 1, "a1", "a2", 10));
      rig.raft = { isLeader: false, term: 2, nextIndex: 2 };
      rig.advance(2_000);
      checkEqual(rig.onlyReply("c1", 1, "lost-leadership", "2 s after the leader became a follower in term 2, nothing applied"), { type: "BankReply", clientId: "c1", seq: 1, error: "lost-leadership" }, "rule lost-leadership: the answer to c1#1");
    },
  },
  {
    name: "retried-command-answers-once-applied",
    rules: ["exactly-once"],
    points: 3,
    visibility: "hidden",
    description: "a client that lost the answer retries its transfer: the retry, committed at a new index, moves no money and is answered with the first result",
    run(ctx) {
      const rig = new ServerRig(serverClass(ctx));
      rig.request("c1", transfer("c1", 1, "a1", "a2", 60));
      rig.applyStarted();
      rig.request("c1", transfer("c1", 1, "a1", "a2", 60)); // the answer was lost: the clerk sends it again
      rig.applyStarted();
      const replies = rig.repliesTo("c1", 1);
      checkEqual(replies[replies.length - 1], { type: "BankReply", clientId: "c1", seq: 1, result: TRANSFERRED }, "rule exactly-once: the answer to the retried c1#1");
      checkEqual(rig.server.inspect().balances, { a1: 40, a2: 160, a3: 100, a4: 100 }, "rule exactly-once: the balances after c1#1 was committed twice");
    },
  },
  {
    name: "restart-rebuilds-ledger",
    rules: ["rebuild-after-restart"],
    points: 2,
    visibility: "hidden",
    description: "a server rebuilt after a crash, given the log again from index 1, reaches the same balances and the same session table",
    run(ctx) {
      const log = [transfer("c1", 1, "a1", "a2", 30), transfer("c2", 1, "a2", "a3", 50), transfer("c1", 1, "a1", "a2", 30), read("c2", 2), transfer("c1", 2, "a3", "a4", 10)];
      const before = new ServerRig(serverClass(ctx));
      for (const command of log) before.apply(command);
      const after = new ServerRig(serverClass(ctx));
      for (const command of log) after.apply(command);
      checkEqual(after.server.inspect(), before.server.inspect(), "rule rebuild-after-restart: inspect() of the rebuilt server");
      checkEqual(after.server.inspect().balances, { a1: 70, a2: 80, a3: 140, a4: 110 }, "rule rebuild-after-restart: the balances after the log");
      after.raft.nextIndex = log.length + 1;
      after.request("c1", transfer("c1", 2, "a3", "a4", 10));
      after.applyStarted();
      checkEqual(after.server.inspect().balances.a4, 110, "rule rebuild-after-restart: a4 after a late retry of c1#2 reached the rebuilt server (its session table must be rebuilt too)");
    },
  },
  // ------------------------------------------------------------------ the bank on Raft, under faults
  {
    name: "bank-under-nemesis",
    rules: ["bank-invariants", "reads-through-log", "exactly-once"],
    points: 4,
    visibility: "hidden",
    seeds: 10,
    timeoutMs: 30_000,
    description: "5 clerks on 5 servers through partitions, isolated nodes, crashes and clock jumps: the total holds, no balance goes negative, and every answer fits one bank applying them in order",
    run(ctx) {
      runBankChecked(ctx, { nemesis: true, clerks: 5, operations: 40 });
    },
  },
  {
    name: "bank-on-a-lossy-network",
    rules: ["exactly-once", "bank-invariants"],
    points: 3,
    visibility: "hidden",
    seeds: 8,
    timeoutMs: 30_000,
    description: "messages lost, duplicated and reordered (requests and answers): retried transfers still apply once, and the checker finds nothing",
    run(ctx) {
      runBankChecked(ctx, { network: UNRELIABLE_NETWORK, nemesis: false, clerks: 4, operations: 30 });
    },
  },
  {
    name: "progress-after-heal",
    rules: ["bank-liveness"],
    points: 2,
    visibility: "hidden",
    seeds: 5,
    timeoutMs: 30_000,
    description: "after a partition heals, a new transfer and a read succeed within 3 s, and the total they see is the opening one",
    run(ctx) {
      const cluster = bankCluster(ctx);
      cluster.sim.runFor(1_000);
      cluster.sim.partition("1,2|3,4,5");
      cluster.sim.runFor(2_000);
      cluster.sim.heal();
      const clerk = cluster.addClerk([{ f: "transfer", from: "a1", to: "a2", amount: 5 }, { f: "read" }], { giveUpMs: 3_000 });
      cluster.runUntilClerksDone(10_000);
      const ops = cluster.history().operations.filter((op) => op.client === clerk);
      check(ops.length === 2 && ops.every((op) => op.status === "ok"), () => `rule bank-liveness: after the heal at ${cluster.sim.now} ms, ${clerk}'s transfer and read did not both succeed within 3 s each: ${show(ops.map((op) => ({ op: op.input, status: op.status })))}`);
      const balances = ops[1].output as Record<string, number>;
      check(totalOf(balances) === totalOf(ACCOUNTS), () => `rule bank-invariants: the read after the heal saw ${describeBalances(balances)}`);
    },
  },
];
