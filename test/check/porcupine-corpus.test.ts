/**
 * Porcupine's etcd logs (github.com/anishathalye/porcupine, test_data/jepsen) and 6.824 kv
 * histories (test_data/kv), when a maintainer has put some in .cache/porcupine-etcd/ and
 * .cache/porcupine-kv/ (not committed: they are not ours). The verdicts must be those porcupine's
 * own tests expect. Skipped when the folder is empty.
 */
import { expect } from "chai";
import { existsSync, readFileSync, readdirSync } from "node:fs";
import { join } from "node:path";
import { loadHistoryText } from "../../src/check/history-file";
import { checkLinearizability, describeResult } from "../../src/check/linearizability";
import { skipBecause } from "../support/requirements";

const DIR = join(__dirname, "..", "..", ".cache", "porcupine-etcd");
const KV_DIR = join(__dirname, "..", "..", ".cache", "porcupine-kv");
/** The etcd cluster failed to start in run 95: its log has no operations, and porcupine's tests leave it out. */
const NOT_A_RUN = /^etcd_095\.log$/;
const LINEARIZABLE = new Set([2, 5, 7, 18, 25, 31, 38, 45, 48, 49, 51, 53, 56, 67, 75, 76, 80, 87, 92, 98, 100, 101, 102]);

describe("check: porcupine's etcd logs and 6.824 kv histories, if downloaded", () => {
  it("etcd logs: the verdicts porcupine's tests expect", function () {
    const files = existsSync(DIR) ? readdirSync(DIR).filter((name) => /^etcd_\d+\.log$/.test(name) && !NOT_A_RUN.test(name)) : [];
    if (files.length === 0) skipBecause(this, "no etcd_*.log in .cache/porcupine-etcd/ (porcupine's data, not committed: a maintainer may copy them there)");
    for (const file of files) {
      const result = checkLinearizability(loadHistoryText(readFileSync(join(DIR, file), "utf8")).history, "cas-register");
      expect(result.verdict, `${file}: ${describeResult(result)}`).to.equal(LINEARIZABLE.has(Number(/\d+/.exec(file)?.[0])) ? "OK" : "ILLEGAL");
    }
  });

  it("6.824 kv histories: c*-ok linearizable, c*-bad not, read with the model their import suggests (kv-6.824)", function () {
    const files = existsSync(KV_DIR) ? readdirSync(KV_DIR).filter((name) => /^c\d+-(ok|bad)\.txt$/.test(name)) : [];
    if (files.length === 0) skipBecause(this, "no c*-ok.txt / c*-bad.txt in .cache/porcupine-kv/ (porcupine's data, not committed: a maintainer may copy them there)");
    for (const file of files) {
      const loaded = loadHistoryText(readFileSync(join(KV_DIR, file), "utf8"));
      expect(loaded.suggestedModel, file).to.equal("kv-6.824");
      const result = checkLinearizability(loaded.history, loaded.suggestedModel);
      expect(result.verdict, `${file}: ${describeResult(result)}`).to.equal(file.includes("-ok") ? "OK" : "ILLEGAL");
    }
  });
});
