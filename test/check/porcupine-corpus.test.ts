/**
 * Porcupine's etcd logs (github.com/anishathalye/porcupine, test_data/jepsen), when a maintainer
 * has put some in .cache/porcupine-etcd/ (not committed: they are not ours). The verdicts must be
 * those porcupine's own tests expect. Skipped when the folder is empty.
 */
import { expect } from "chai";
import { existsSync, readFileSync, readdirSync } from "node:fs";
import { join } from "node:path";
import { loadHistoryText } from "../../src/check/history-file";
import { checkLinearizability, describeResult } from "../../src/check/linearizability";
import { skipBecause } from "../support/requirements";

const DIR = join(__dirname, "..", "..", ".cache", "porcupine-etcd");
/** The etcd cluster failed to start in run 95: its log has no operations, and porcupine's tests leave it out. */
const NOT_A_RUN = /^etcd_095\.log$/;
const LINEARIZABLE = new Set([2, 5, 7, 18, 25, 31, 38, 45, 48, 49, 51, 53, 56, 67, 75, 76, 80, 87, 92, 98, 100, 101, 102]);

describe("check: porcupine's etcd logs, if downloaded", () => {
  it("get the verdicts porcupine's tests expect", function () {
    const files = existsSync(DIR) ? readdirSync(DIR).filter((name) => /^etcd_\d+\.log$/.test(name) && !NOT_A_RUN.test(name)) : [];
    if (files.length === 0) skipBecause(this, "no etcd_*.log in .cache/porcupine-etcd/ (porcupine's data, not committed: a maintainer may copy them there)");
    for (const file of files) {
      const result = checkLinearizability(loadHistoryText(readFileSync(join(DIR, file), "utf8")).history, "cas-register");
      expect(result.verdict, `${file}: ${describeResult(result)}`).to.equal(LINEARIZABLE.has(Number(/\d+/.exec(file)?.[0])) ? "OK" : "ILLEGAL");
    }
  });
});
