/** Editions in other languages run the English notebook's code, byte for byte (src/notebook/editions.ts). */
import { expect } from "chai";
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { listNotebooks } from "../../src/notebook/catalog";
import { codeCellProblems, editionProblems } from "../../src/notebook/editions";

const fence = "```";
const ENGLISH = `# Quorums\n\nA majority overlaps every other.\n\n${fence}ts\nconst n = 5;\nconsole.log(n);\n${fence}\n\nNow the size:\n\n${fence}ts\nquorumSize(n)\n${fence}\n`;
const KOREAN = `# 쿼럼\n\n과반수는 서로 겹칩니다.\n\n${fence}ts\nconst n = 5;\nconsole.log(n);\n${fence}\n\n이제 크기를 봅니다:\n\n${fence}ts\nquorumSize(n)\n${fence}\n`;

describe("notebook editions", () => {
  it("a translation with the same code cells and other prose is fine", () => {
    expect(codeCellProblems(ENGLISH, KOREAN, "ko/00.md")).to.deep.equal([]);
  });

  it("a code cell changed in translation is named, with its first different line", () => {
    expect(codeCellProblems(ENGLISH, KOREAN.replace("console.log(n);", "console.log(n); // 출력"), "ko/00.md")).to.deep.equal([
      "ko/00.md: code cell 1 differs from the English source's, first at line 2; code cells must be byte-identical in every language",
    ]);
  });

  it("a missing or extra code cell is named", () => {
    expect(codeCellProblems(ENGLISH, KOREAN.replace(`${fence}ts\nquorumSize(n)\n${fence}\n`, ""), "ko/00.md")).to.deep.equal(["ko/00.md: code cell 2 of 2 is missing (the English source has it)"]);
    expect(codeCellProblems(ENGLISH, `${KOREAN}\n${fence}ts\n1 + 1\n${fence}\n`, "ko/00.md")).to.deep.equal(["ko/00.md: code cell 3 has no twin in the English source (it has 2)"]);
  });

  it("an edition must have every notebook, and no notebook without an English original", () => {
    const root = mkdtempSync(join(tmpdir(), "editions-"));
    try {
      for (const [path, text] of [["en/00-welcome.md", ENGLISH], ["en/01-next.md", ENGLISH], ["ko/00-welcome.md", KOREAN], ["ko/02-extra.md", KOREAN]]) {
        mkdirSync(join(root, "notebooks", "source", path, ".."), { recursive: true });
        writeFileSync(join(root, "notebooks", "source", path), text);
      }
      expect(editionProblems(root, listNotebooks(root))).to.deep.equal([
        "notebooks/source/ko/01-next.md is missing: the ko edition must have every notebook",
        "notebooks/source/ko/02-extra.md has no English original notebooks/source/en/02-extra.md",
      ]);
    } finally {
      rmSync(root, { recursive: true, force: true });
    }
  });
});
