import { expect } from "chai";
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { buildAll, checkAll } from "../../src/notebook/build";
import { listNotebooks } from "../../src/notebook/catalog";
import { buildNotebook, serializeNotebook } from "../../src/notebook/ipynb";
import { parseNotebookSource } from "../../src/notebook/source";
import { autosaved } from "../support/notebook-autosave";

const SOURCE = [
  "# Title",
  "",
  "Some *prose*.",
  "",
  "```ts",
  "const x = 1;",
  "console.log(x);",
  "```",
  "",
  "More prose with a diagram:",
  "",
  "```mermaid",
  "graph TD",
  "  A --> B",
  "```",
  "",
  "```typescript",
  "x + 1",
  "```",
  "",
].join("\n");

describe("notebook pipeline", () => {
  it("turns ts fences into code cells and keeps everything else, mermaid included, as Markdown", () => {
    expect(parseNotebookSource(SOURCE)).to.deep.equal([
      { kind: "markdown", text: "# Title\n\nSome *prose*." },
      { kind: "code", text: "const x = 1;\nconsole.log(x);" },
      { kind: "markdown", text: "More prose with a diagram:\n\n```mermaid\ngraph TD\n  A --> B\n```" },
      { kind: "code", text: "x + 1" },
    ]);
  });

  it("builds the same bytes every time, with ids that change only for the edited cell", () => {
    const build = (source: string) => buildNotebook(parseNotebookSource(source), "notebooks/source/en/x.md", "en");
    expect(serializeNotebook(build(SOURCE))).to.equal(serializeNotebook(build(SOURCE)));
    const before = build(SOURCE).cells.map((cell) => cell.id);
    const after = build(SOURCE.replace("console.log(x);", "console.log(x * 2);")).cells.map((cell) => cell.id);
    expect(after.filter((id, i) => id !== before[i])).to.have.length(1);
    expect(after[1]).to.not.equal(before[1]);
  });

  it("gives identical cells distinct ids and stores code cells without outputs", () => {
    const notebook = buildNotebook(parseNotebookSource("```ts\n1\n```\n\ntext\n\n```ts\n1\n```\n"), "s.md", "en");
    const ids = notebook.cells.map((cell) => cell.id);
    expect(new Set(ids).size).to.equal(3);
    expect(notebook.cells[0]).to.include({ cell_type: "code", execution_count: null });
    expect(notebook.cells[0].outputs).to.deep.equal([]);
    expect(notebook.metadata).to.have.nested.property("kernelspec.name", "course-ts");
  });

  describe("build and check on a repository", () => {
    let root: string;
    beforeEach(() => {
      root = mkdtempSync(join(tmpdir(), "notebooks-"));
      mkdirSync(join(root, "notebooks", "source", "en"), { recursive: true });
      mkdirSync(join(root, "notebooks", "source", "ko"), { recursive: true });
      writeFileSync(join(root, "notebooks", "source", "en", "01-a.md"), SOURCE);
      // Editions share their code cells byte for byte; only the prose is translated.
      writeFileSync(join(root, "notebooks", "source", "ko", "01-a.md"), SOURCE.replace("# Title", "# 제목").replace("Some *prose*.", "약간의 *글*."));
    });
    afterEach(() => rmSync(root, { recursive: true, force: true }));

    it("puts English at notebooks/ and other editions under notebooks/<lang>/", () => {
      expect(buildAll(root).sort()).to.deep.equal(["notebooks/01-a.ipynb", "notebooks/ko/01-a.ipynb"]);
      expect(listNotebooks(root).map((entry) => entry.language)).to.deep.equal(["en", "ko"]);
      expect(buildAll(root), "a second build writes nothing").to.deep.equal([]);
      expect(checkAll(root)).to.deep.equal([]);
    });

    it("names stale, hand-edited, missing and orphaned notebooks", () => {
      buildAll(root);
      const notebook = join(root, "notebooks", "01-a.ipynb");
      // A maintainer's edit in JupyterLab: the code cell's text changes, its id does not.
      writeFileSync(notebook, readFileSync(notebook, "utf8").replace('"console.log(x);"', '"console.log(x + 1);"'));
      rmSync(join(root, "notebooks", "ko", "01-a.ipynb"));
      writeFileSync(join(root, "notebooks", "99-old.ipynb"), "{}");
      const problems = checkAll(root);
      expect(problems).to.have.length(3);
      expect(problems[0]).to.match(/^notebooks\/01-a\.ipynb does not match notebooks\/source\/en\/01-a\.md \(cell 2 \(code, id \w+\) has other text than its source;/);
      expect(problems[1]).to.match(/^notebooks\/ko\/01-a\.ipynb is missing/);
      expect(problems[2]).to.equal("notebooks/99-old.ipynb has no Markdown source under notebooks/source/");
    });

    it("passes a notebook saved by JupyterLab with outputs, and still names a cell added or retyped in it", () => {
      buildAll(root);
      const notebook = join(root, "notebooks", "01-a.ipynb");
      const built = readFileSync(notebook, "utf8");
      writeFileSync(notebook, autosaved(built));
      expect(checkAll(root), "outputs, execution counts and kernel metadata are the learner's").to.deep.equal([]);
      const withCell = JSON.parse(autosaved(built)) as { cells: unknown[] };
      withCell.cells.push({ cell_type: "code", id: "mine", metadata: {}, execution_count: null, outputs: [], source: "1 + 1" });
      writeFileSync(notebook, JSON.stringify(withCell));
      expect(checkAll(root)).to.have.length(1).and.to.match(/cell 5 is not in its source \(which builds 4 cells\)/);
      writeFileSync(notebook, built.replace('"cell_type": "markdown"', '"cell_type": "raw"'));
      expect(checkAll(root)[0]).to.match(/cell 1 \(markdown, id \w+\) is a raw cell/);
    });

    it("a rebuild keeps a copy of a notebook that held work of its own (outputs, edits), and says where", () => {
      buildAll(root);
      const notebook = join(root, "notebooks", "01-a.ipynb");
      const mine = readFileSync(notebook, "utf8").replace('"outputs": []', '"outputs": [{"output_type": "stream", "name": "stdout", "text": ["my run"]}]');
      writeFileSync(notebook, mine);
      const backups: [string, string][] = [];
      expect(buildAll(root, { onBackup: (from, to) => backups.push([from, to]) })).to.deep.equal(["notebooks/01-a.ipynb"]);
      expect(backups).to.have.length(1);
      expect(backups[0][0]).to.equal("notebooks/01-a.ipynb");
      expect(backups[0][1]).to.match(/^\.cache\/notebook-backups\/01-a\.[\dT-]+Z\.ipynb$/);
      expect(readFileSync(join(root, backups[0][1]), "utf8")).to.equal(mine);
      expect(checkAll(root)).to.deep.equal([]);
    });
  });

  it("the course's notebooks match their sources", () => {
    expect(checkAll(join(__dirname, "..", ".."))).to.deep.equal([]);
  });
});

