import { expect } from "chai";
import { sendNumbers } from "../../../src/demos/week1/numbered-messages";

const ONE_TO_TWENTY = Array.from({ length: 20 }, (_, i) => i + 1);
const sorted = (numbers: number[]) => [...numbers].sort((a, b) => a - b);

describe("demos/week1: numbered messages over an unreliable network", () => {
  it("the default network delivers every number once and in order when they are sent 10 ms apart", () => {
    expect(sendNumbers({ seed: 3 })).to.deep.equal(ONE_TO_TWENTY);
  });

  it("loss leaves gaps, duplication repeats numbers", () => {
    const lossy = sendNumbers({ seed: 3, network: { dropRate: 0.3 } });
    expect(lossy.length).to.be.lessThan(20);
    expect(new Set(lossy).size).to.equal(lossy.length);
    const duplicated = sendNumbers({ seed: 3, network: { duplicateRate: 0.3 } });
    expect(duplicated.length).to.be.greaterThan(20);
    expect(sorted([...new Set(duplicated)])).to.deep.equal(ONE_TO_TWENTY);
  });

  it("a long-tailed delay reorders, unless links are FIFO", () => {
    const delay = { kind: "exponential" as const, msMin: 1, msMean: 20, msMax: 200 };
    const reordered = sendNumbers({ seed: 3, network: { delay } });
    expect(reordered).to.not.deep.equal(ONE_TO_TWENTY);
    expect(sorted(reordered)).to.deep.equal(ONE_TO_TWENTY);
    expect(sendNumbers({ seed: 3, network: { delay, fifo: true } })).to.deep.equal(ONE_TO_TWENTY);
  });

  it("a partition loses what was sent while it lasted; what was sent before and after arrives", () => {
    const arrived = sendNumbers({ seed: 3, partitionMs: { fromMs: 45, toMs: 95 } });
    // Numbers are sent at 0, 10, 20, ...: 6 to 10 leave during the cut; 5 (sent at 40) may be in flight and cut at delivery.
    for (const n of [6, 7, 8, 9, 10]) expect(arrived).to.not.include(n);
    for (const n of [1, 2, 3, 4, 11, 20]) expect(arrived).to.include(n);
  });
});
