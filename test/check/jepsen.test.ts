import { expect } from "chai";
import { readFileSync, readdirSync } from "node:fs";
import { join } from "node:path";
import { generateHistory } from "../../src/check/history-generator";
import { loadHistoryText } from "../../src/check/history-file";
import { historyToJepsenEdn, historyToJepsenLog } from "../../src/check/jepsen-export";
import { HistoryFormatError, importJepsenHistory } from "../../src/check/jepsen-import";
import { checkLinearizability, describeResult } from "../../src/check/linearizability";
import { FIXTURES_DIR } from "./fixtures";

const log = (...lines: string[]) => lines.map((line) => `INFO  jepsen.util - ${line.replace(/ +/g, "\t")}`).join("\n");

function formatError(text: string): HistoryFormatError {
  try {
    importJepsenHistory(text);
  } catch (error) {
    if (error instanceof HistoryFormatError) return error;
    throw error;
  }
  throw new Error("expected a HistoryFormatError");
}

describe("check: Jepsen histories in and out", () => {
  it("reads log lines: ok, a failed cas as cas -> false, timeouts as indeterminate, nil as the empty register", () => {
    const { history, format, suggestedModel } = importJepsenHistory(
      log("0 :invoke :read nil", "1 :invoke :write 3", "0 :ok :read nil", "1 :ok :write 3", "0 :invoke :cas [3 4]", "0 :fail :cas [3 4]", "2 :invoke :write 1", "2 :info :write :timed-out", "3 :invoke :read nil", "3 :fail :read :timed-out"),
    );
    expect(format).to.equal("log");
    expect(suggestedModel).to.equal("cas-register");
    expect(history.operations.map((op) => [op.client, op.input, op.status, "output" in op ? op.output : "-", op.returnMs])).to.deep.equal([
      ["p0", { f: "read" }, "ok", null, 2],
      ["p1", { f: "write", value: 3 }, "ok", null, 3],
      ["p0", { f: "cas", from: 3, to: 4 }, "ok", false, 5],
      ["p2", { f: "write", value: 1 }, "info", "-", null],
      ["p3", { f: "read" }, "info", "-", null],
    ]);
    expect(checkLinearizability(history, "cas-register").verdict, "the cas found 3 and still failed").to.equal("ILLEGAL");
  });

  it("reads EDN maps with keys (kv), any other :fail as no effect, and :time in nanoseconds", () => {
    const { history, format, suggestedModel } = importJepsenHistory(
      [
        '{:process 0, :type :invoke, :f :put, :key "x", :value 1, :time 1000000}',
        '{:process 0, :type :ok, :f :put, :key "x", :value 1, :time 3000000}',
        '{:process 1, :type :invoke, :f :put, :key "x", :value 2, :time 4000000}',
        '{:process 1, :type :fail, :f :put, :key "x", :value 2, :time 5000000, :error :not-leader}',
        '{:process :nemesis, :type :info, :f :start, :value nil}',
        '{:process 1, :type :invoke, :f :get, :key "x", :value nil, :time 6000000}',
        '{:process 1, :type :ok, :f :get, :key "x", :value 1, :time 7000000}',
      ].join("\n"),
    );
    expect(format).to.equal("edn");
    expect(suggestedModel).to.equal("kv");
    expect(history.operations.map((op) => [op.input, op.status, op.callMs, op.returnMs])).to.deep.equal([
      [{ f: "put", key: "x", value: 1 }, "ok", 1, 3],
      [{ f: "put", key: "x", value: 2 }, "fail", 4, 5],
      [{ f: "get", key: "x" }, "ok", 6, 7],
    ]);
    expect(checkLinearizability(history, "kv").verdict).to.equal("OK");
  });

  it("reads MIT 6.824's key-value histories with their own semantics: a key never written reads as \"\"", () => {
    // The shape of porcupine's test_data/kv (generated here, not copied): appends of strings, and a
    // get of a key nobody wrote yet that answers "".
    const lines = (secondGet: string) =>
      [
        '{:process 0, :type :invoke, :f :get, :key "7", :value nil}',
        '{:process 0, :type :ok, :f :get, :key "7", :value ""}',
        '{:process 1, :type :invoke, :f :append, :key "7", :value "x 1 0 y"}',
        '{:process 1, :type :ok, :f :append, :key "7", :value "x 1 0 y"}',
        '{:process 0, :type :invoke, :f :put, :key "3", :value "x 0 1 y"}',
        '{:process 0, :type :ok, :f :put, :key "3", :value "x 0 1 y"}',
        '{:process 1, :type :invoke, :f :get, :key "7", :value nil}',
        `{:process 1, :type :ok, :f :get, :key "7", :value ${secondGet}}`,
      ].join("\n");
    const ok = importJepsenHistory(lines('"x 1 0 y"'));
    expect(ok.suggestedModel).to.equal("kv-6.824");
    expect(checkLinearizability(ok.history, ok.suggestedModel).verdict).to.equal("OK");
    expect(checkLinearizability(ok.history, "kv").verdict, "with nil for a missing key, the first get saw a value nobody wrote").to.equal("ILLEGAL");
    const stale = importJepsenHistory(lines('""'));
    const result = checkLinearizability(stale.history, stale.suggestedModel);
    expect([result.verdict, result.verdict === "ILLEGAL" && result.part]).to.deep.equal(["ILLEGAL", "7"]);
  });

  it("a process that got :info may invoke again under the same number, or a new number appears: both work", () => {
    const reused = importJepsenHistory(log("0 :invoke :write 1", "0 :info :write :timed-out", "0 :invoke :read nil", "0 :ok :read 1"));
    const renumbered = importJepsenHistory(log("0 :invoke :write 1", "0 :info :write :timed-out", "5 :invoke :read nil", "5 :ok :read 1"));
    for (const { history } of [reused, renumbered]) {
      expect(history.operations.map((op) => op.status)).to.deep.equal(["info", "ok"]);
      expect(checkLinearizability(history, "register").verdict, "the unanswered write may have happened").to.equal("OK");
    }
  });

  it("an invoke never completed is indeterminate, and the notes say so", () => {
    const { history, notes } = importJepsenHistory(log("0 :invoke :write 1", "1 :invoke :read nil", "1 :ok :read 1"));
    expect(history.operations[0].status).to.equal("info");
    expect(notes.join(" ")).to.include("1 operation(s) never completed");
  });

  it("malformed files name the line and what was expected", () => {
    expect(formatError(log("0 :invoke :read nil", "0 :ok :read [3")).message).to.match(/^line 2: cannot read the value "\[3"/);
    expect(formatError(log("0 :invoke :read nil", "1 :ok :read 3")).message).to.equal("line 2: process 1 completed :read (:ok) without an open invoke");
    expect(formatError(log("0 :invoke :read nil", "0 :invoke :read nil")).message).to.match(/^line 2: process 0 invoked :read while its :read from line 1 was still open/);
    expect(formatError(log("0 :invoke :frobnicate nil")).message).to.match(/^line 1: unknown operation ":frobnicate"/);
    expect(formatError("0 :invoke :read nil\nthis is not a history line\n").message).to.match(/^line 2: expected "PROCESS :invoke/);
    expect(formatError('{:process 0, :type :invoke, :f :read}\n{:process 0 :type}').message).to.match(/^line 2: .*key without a value/);
    expect(formatError('{:process 0, :type :invoke, :f :cas, :value 3}').message).to.match(/^line 1: a cas needs \[from to\], got 3/);
  });

  it("exports and re-imports the same history (log lines and EDN), same verdict", () => {
    for (const model of ["cas-register", "kv"] as const) {
      const history = generateHistory({ seed: 5, operations: 120, clients: 4, model, values: 5, infoRate: 0.1, appends: false });
      for (const text of model === "kv" ? [historyToJepsenEdn(history)] : [historyToJepsenLog(history), historyToJepsenEdn(history)]) {
        const back = loadHistoryText(text).history;
        // Same operations (in call order up to ties), same answers; times become file positions.
        const summary = (ops: typeof history.operations) => ops.map((op) => JSON.stringify([op.input, op.status, "output" in op ? op.output : "-"])).sort();
        expect(summary(back.operations)).to.deep.equal(summary(history.operations));
        expect(checkLinearizability(back, model).verdict).to.equal(checkLinearizability(history, model).verdict);
      }
    }
  });

  it("committed Jepsen-shaped fixtures (test/fixtures/histories/jepsen-shaped) get the verdict in their names", () => {
    const dir = join(FIXTURES_DIR, "jepsen-shaped");
    const files = readdirSync(dir).filter((name) => /\.(log|edn)$/.test(name));
    expect(files.length).to.be.at.least(10);
    for (const file of files) {
      const { history, suggestedModel } = loadHistoryText(readFileSync(join(dir, file), "utf8"));
      const result = checkLinearizability(history, suggestedModel);
      expect(result.verdict, `${file}: ${describeResult(result)}`).to.equal(file.startsWith("ok-") ? "OK" : "ILLEGAL");
      expect(checkLinearizability(history, suggestedModel, { shapeScan: false }).verdict, `${file}, search alone`).to.equal(result.verdict);
    }
  });
});
