import { expect } from "chai";
import { readFileSync } from "node:fs";
import { join } from "node:path";

const ROOT = join(__dirname, "..", "..");

/** devcontainer.json is JSON with comments; drop whole-line // comments before parsing. */
function readJsonc(path: string): Record<string, any> {
  const text = readFileSync(path, "utf8")
    .split("\n")
    .filter((line) => !line.trim().startsWith("//"))
    .join("\n");
  return JSON.parse(text) as Record<string, any>;
}

describe("Codespaces devcontainer", () => {
  const config = readJsonc(join(ROOT, ".devcontainer", "devcontainer.json"));
  const packageJson = JSON.parse(readFileSync(join(ROOT, "package.json"), "utf8")) as { scripts: Record<string, string> };

  it("uses Node 22 and Python 3.11+", () => {
    expect(config.image).to.match(/typescript-node:.*\b22\b/);
    const python = config.features["ghcr.io/devcontainers/features/python:1"];
    expect(Number(python.version.split(".")[1])).to.be.at.least(11);
  });

  it("runs the project's own setup on creation and starts JupyterLab on attach", () => {
    expect(config.postCreateCommand).to.equal("npm run setup");
    expect(packageJson.scripts.setup).to.equal("node scripts/setup.js");
    const attach = Object.values(config.postAttachCommand as Record<string, string>).join(" ");
    expect(attach).to.match(/^npm start -- .*--port 8888/);
  });

  it("forwards JupyterLab's port with a label", () => {
    expect(config.forwardPorts).to.include(8888);
    expect(config.portsAttributes["8888"].label).to.match(/JupyterLab/);
  });

  it("installs the Jupyter and TypeScript editor extensions", () => {
    expect(config.customizations.vscode.extensions).to.include.members(["ms-toolsai.jupyter", "ms-vscode.vscode-typescript-next"]);
  });
});

describe("CI entry point", () => {
  it(".ci/run ends with the README's test command, every requirement made mandatory", () => {
    const commands = readFileSync(join(ROOT, ".ci", "run"), "utf8")
      .split("\n")
      .map((line) => line.trim())
      .filter((line) => line !== "" && !line.startsWith("#") && !line.startsWith("set ") && !line.startsWith("cd "));
    expect(commands.at(-1)).to.equal("npm test");
    expect(commands).to.include("export COURSE_REQUIRE_ALL=1");
    expect(readFileSync(join(ROOT, "README.md"), "utf8")).to.include("npm test");
  });
});
