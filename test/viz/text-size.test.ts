import { expect } from "chai";
import { spawnSync } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { escapeXml, svgDocument, text } from "../../src/viz/svg";
import { textWidthPx, wrapWords } from "../../src/viz/text-size";

/** Labels of the kinds the pictures draw: ids, message types, clock stamps, numbers, prose. */
const SAMPLES = [
  "n1",
  "AppendEntriesReply",
  "RequestVote",
  "granted",
  "partition 1,2|3,4,5",
  "healed",
  "A1 45.123",
  "[2,0,1] c3",
  "L=17",
  "1,000,000 ms",
  "-1,000",
  "server1#127",
  "session:7",
  "HLC ahead of true time (ms)",
  "keys moved when an 11th server joins 10",
  "WWW MMM mmm www @@@",
  "iiil.,:;|!'",
  "fair share (250)",
  "→ × ≤ ≥ … — ✓ ✗",
];

/** The installed Chromium, if any (Debian's package is `chromium`). */
function chromium(): string | undefined {
  for (const name of [process.env.CHROMIUM, "chromium", "chromium-browser", "google-chrome"]) {
    if (name && spawnSync(name, ["--version"], { encoding: "utf8" }).status === 0) return name;
  }
  return undefined;
}

describe("viz: text sizes", () => {
  it("widths grow with the text and the font, bold is wider, and unknown characters count as a full em", () => {
    expect(textWidthPx("mmm", 10)).to.be.greaterThan(textWidthPx("iii", 10));
    expect(textWidthPx("n1", 12)).to.be.closeTo((12 * textWidthPx("n1", 10)) / 10, 1e-9);
    expect(textWidthPx("RequestVote", 10, true)).to.be.greaterThan(textWidthPx("RequestVote", 10));
    expect(textWidthPx("분산", 10)).to.equal(20);
  });

  it("wraps at spaces only: a word is never cut", () => {
    const lines = wrapWords("HLC ahead of true time (ms)", 80, 12);
    expect(lines.join(" ")).to.equal("HLC ahead of true time (ms)");
    for (const line of lines) expect(textWidthPx(line, 12)).to.be.at.most(80);
    expect(wrapWords("linearizability", 10, 12)).to.deep.equal(["linearizability"]);
  });

  it("never estimates a label narrower than Chromium draws it (skipped without Chromium)", function () {
    const browser = chromium();
    if (!browser) return this.skip(); // install it with: sudo apt-get install chromium
    this.timeout(60_000);
    const cases = SAMPLES.flatMap((sample) => [9, 10, 11, 12].flatMap((size) => [false, true].map((bold) => ({ sample, size, bold }))));
    const svg = svgDocument(1200, 40, ...cases.map((c, i) => text(0, 20, c.sample, { id: `t${i}`, "font-size": c.size, "font-weight": c.bold ? "bold" : undefined })));
    const script = `const out = []; for (let i = 0; i < ${cases.length}; i++) out.push(document.getElementById("t" + i).getComputedTextLength()); document.getElementById("out").textContent = JSON.stringify(out);`;
    const folder = mkdtempSync(join(tmpdir(), "text-size-"));
    try {
      const page = join(folder, "page.html");
      writeFileSync(page, `<!doctype html><html><body>${svg}<pre id="out"></pre><script>${script}</script></body></html>`);
      const run = spawnSync(browser, ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking", `--user-data-dir=${join(folder, "profile")}`, "--dump-dom", `file://${page}`], { encoding: "utf8", timeout: 50_000 });
      const measured = JSON.parse(/<pre id="out">([^<]*)<\/pre>/.exec(run.stdout)?.[1] ?? "null") as number[] | null;
      expect(measured, `chromium printed no measurement: ${run.stderr.slice(-500)}`).to.be.an("array");
      cases.forEach((c, i) => {
        const estimate = textWidthPx(c.sample, c.size, c.bold);
        expect(estimate, `"${escapeXml(c.sample)}" at ${c.size}px${c.bold ? " bold" : ""}: estimated ${estimate.toFixed(1)}, drawn ${(measured as number[])[i].toFixed(1)}`).to.be.at.least((measured as number[])[i] - 0.5);
      });
    } finally {
      rmSync(folder, { recursive: true, force: true });
    }
  });
});
