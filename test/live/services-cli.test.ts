/** `npm run services` and `npm run orders` explain themselves, and orders says what to start first. */
import { expect } from "chai";
import { spawnSync } from "node:child_process";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

const ROOT = join(__dirname, "..", "..");

function run(script: string, ...args: string[]) {
  return spawnSync(process.execPath, ["--import", "tsx", join(ROOT, "scripts", script), ...args], { cwd: ROOT, encoding: "utf8", timeout: 30_000 });
}

describe("live: the services' commands", function () {
  this.timeout(60_000);

  it("npm run services -- --help and npm run orders -- --help describe their options and exit 0", () => {
    const services = run("services.ts", "--help");
    expect(services.status, services.stderr).to.equal(0);
    expect(services.stdout).to.include("--solutions").and.include("--base-port").and.include("--keep-storage").and.include("npm run orders");
    const orders = run("orders.ts", "--help");
    expect(orders.status, orders.stderr).to.equal(0);
    expect(orders.stdout).to.include("--count N").and.include("--window W").and.include("npm run services");
  });

  it("npm run orders without running services says how to start them", () => {
    const result = run("orders.ts", "--dir", mkdtempSync(join(tmpdir(), "no-services-")));
    expect(result.status).to.equal(1);
    expect(result.stderr).to.match(/no running services found .*services\.json is missing.*npm run services/);
  });
});
