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

/** The services of a compose file, each as its lines (a compose file this small needs no YAML parser). */
function composeServices(path: string): Record<string, string[]> {
  const services: Record<string, string[]> = {};
  let current: string[] | undefined;
  for (const line of readFileSync(path, "utf8").split("\n")) {
    const name = /^  ([a-z][\w-]*):\s*$/.exec(line)?.[1];
    if (name) services[name] = current = [];
    else if (/^    \S/.test(line) || /^      \S/.test(line)) current?.push(line.trim());
    else if (/^\S/.test(line)) current = undefined;
  }
  return services;
}

describe("Codespaces devcontainer", () => {
  const config = readJsonc(join(ROOT, ".devcontainer", "devcontainer.json"));
  const compose = composeServices(join(ROOT, ".devcontainer", config.dockerComposeFile ?? "compose.yaml"));
  const packageJson = JSON.parse(readFileSync(join(ROOT, "package.json"), "utf8")) as { scripts: Record<string, string> };

  it("runs the course in the compose file's app container, on Node 22 and bookworm's own Python 3.11 with its venv module (no Python feature compiling one)", () => {
    expect(config.dockerComposeFile).to.equal("compose.yaml");
    expect(config.service).to.equal("app");
    expect(config.image, "the image is the app service's, in compose.yaml").to.equal(undefined);
    expect(compose.app).to.include("image: mcr.microsoft.com/devcontainers/typescript-node:1-22-bookworm");
    expect(Object.keys(config.features ?? {}).filter((feature) => feature.includes("python"))).to.deep.equal([]);
    expect(config.onCreateCommand).to.match(/apt-get install -y .*\bpython3-venv\b/);
  });

  it("runs Redis, RabbitMQ, NATS with JetStream and PostgreSQL on the app's 127.0.0.1, as on the development and CI machines", () => {
    const backing = { redis: /^image: redis:7\b/, rabbitmq: /^image: rabbitmq:/, nats: /^image: nats:/, postgres: /^image: postgres:/ };
    for (const [service, image] of Object.entries(backing)) {
      expect(compose[service], `compose.yaml's ${service}`).to.be.an("array");
      expect(compose[service].some((line) => image.test(line)), `${service}'s image`).to.equal(true);
      // Sharing the app's network namespace is what puts the service on the app's loopback.
      expect(compose[service], `${service} on the app's loopback`).to.include("network_mode: service:app");
      expect(config.runServices).to.include(service);
    }
    expect(compose.nats.join(" "), "NATS with JetStream").to.match(/-js\b/);
  });

  it("installs Chromium, so npm test's browser step runs there too", () => {
    expect(config.onCreateCommand).to.match(/DEBIAN_FRONTEND=noninteractive apt-get install -y .*\bchromium\b/);
  });

  it("runs the project's own setup on creation and starts JupyterLab once per start, not on every attach", () => {
    expect(config.postCreateCommand).to.equal("npm run setup");
    expect(packageJson.scripts.setup).to.equal("node scripts/setup.js");
    expect(config.postAttachCommand, "every attach would start another JupyterLab").to.equal(undefined);
    expect(config.postStartCommand).to.match(/^nohup npm start -- .*--port 8888 .*&$/);
  });

  it("lets JupyterLab answer Codespaces' forwarded address, without a token on the private port", () => {
    const start = config.postStartCommand as string;
    // jupyter_server refuses a Host header that is not local unless allow_remote_access is set.
    expect(start).to.include("--ServerApp.allow_remote_access=True");
    // The browser's Origin is the forwarded https://<name>-8888.app.github.dev, not the server's own.
    const pattern = /--ServerApp\.allow_origin_pat='([^']+)'/.exec(start)?.[1];
    expect(pattern, "allow_origin_pat").to.be.a("string");
    expect(new RegExp(`^${pattern}$`).test("https://fluffy-space-8888.app.github.dev")).to.equal(true);
    expect(new RegExp(`^${pattern}$`).test("https://evil.example.com")).to.equal(false);
    // The auto-opened address carries no token; the forwarded port is private to its owner.
    expect(start).to.match(/--IdentityProvider\.token=(\s|$)/);
    expect(config.portsAttributes["8888"].onAutoForward).to.equal("openBrowser");
    expect(config.portsAttributes["8888"].visibility ?? "private").to.equal("private");
    // Listening stays on 127.0.0.1: no --ip is passed, so npm start keeps its default.
    expect(start).to.not.match(/--(ServerApp\.)?ip\b/);
  });

  it("forwards JupyterLab's port with a label", () => {
    expect(config.forwardPorts).to.include(8888);
    expect(config.portsAttributes["8888"].label).to.match(/JupyterLab/);
  });

  it("installs the Jupyter extension and uses the project's pinned TypeScript, not a nightly", () => {
    expect(config.customizations.vscode.extensions).to.include("ms-toolsai.jupyter");
    expect(config.customizations.vscode.extensions).to.not.include("ms-vscode.vscode-typescript-next");
    expect(config.customizations.vscode.settings["typescript.tsdk"]).to.equal("node_modules/typescript/lib");
  });
});

describe("CI entry point", () => {
  it(".ci/run ends with the README's test command, every requirement made mandatory", () => {
    const commands = readFileSync(join(ROOT, ".ci", "run"), "utf8")
      .split("\n")
      .map((line) => line.trim())
      .filter((line) => line !== "" && !line.startsWith("#") && !line.startsWith("set ") && !line.startsWith("cd "));
    expect(commands.at(-1)).to.equal("npm test");
    // The browser step needs Chromium: installed first when missing, quietly, without a prompt.
    const install = commands.findIndex((line) => /apt-get install -y .*\bchromium\b/.test(line));
    expect(install, "apt-get install -y chromium").to.be.greaterThan(-1);
    expect(install).to.be.lessThan(commands.length - 1);
    expect(commands).to.include("export DEBIAN_FRONTEND=noninteractive");
    expect(commands).to.include("export COURSE_REQUIRE_ALL=1");
    expect(readFileSync(join(ROOT, "README.md"), "utf8")).to.include("npm test");
  });
});
