import { expect } from "chai";
import { spawnSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { jupyterEnv, venvBin } from "../../src/notebook/jupyter";

const ROOT = join(__dirname, "..", "..");

/**
 * Drives the installed course kernel the way JupyterLab's Kernel > Interrupt does: through
 * jupyter_client's KernelManager, which follows the kernel spec's interrupt_mode. Prints one
 * JSON line per step: the interrupted cell's reply and what the next cell printed.
 */
const DRIVER = `
import json, sys, time
from jupyter_client.manager import KernelManager

def run(client, code, interrupt_after=None, km=None):
    msg_id = client.execute(code)
    started = time.time()
    interrupted = False
    printed = ""
    while True:
        if interrupt_after is not None and not interrupted and time.time() - started > interrupt_after:
            km.interrupt_kernel()
            interrupted = True
        try:
            msg = client.get_iopub_msg(timeout=0.5)
        except Exception:
            if time.time() - started > 60:
                return {"status": "no reply within 60 s", "printed": printed}
            continue
        if msg["parent_header"].get("msg_id") != msg_id:
            continue
        if msg["msg_type"] == "stream":
            printed += msg["content"]["text"]
        if msg["msg_type"] == "status" and msg["content"]["execution_state"] == "idle":
            reply = client.get_shell_msg(timeout=10)
            while reply["parent_header"].get("msg_id") != msg_id:
                reply = client.get_shell_msg(timeout=10)
            return {"status": reply["content"].get("status"), "printed": printed}

km = KernelManager(kernel_name="course-ts")
km.start_kernel(cwd=sys.argv[1])
client = km.client()
client.start_channels()
client.wait_for_ready(timeout=60)
try:
    for code in sys.argv[2:]:
        print(json.dumps(run(client, code, 2.0, km)), flush=True)
        # After an error tslab aborts every request that arrives within 200 ms (its queue reset).
        time.sleep(0.5)
        print(json.dumps(run(client, 'console.log("still usable: " + (40 + 2))')), flush=True)
finally:
    client.stop_channels()
    km.shutdown_kernel(now=True)
`;

interface CellReply {
  status: string;
  printed: string;
}

describe("the course kernel", () => {
  it("is interrupted by a signal, which tslab handles (it ignores interrupt_request messages)", () => {
    const spec = JSON.parse(readFileSync(join(ROOT, ".venv", "share", "jupyter", "kernels", "course-ts", "kernel.json"), "utf8")) as { interrupt_mode?: string };
    expect(spec.interrupt_mode).to.equal("signal");
  });

  it("Interrupt stops a busy loop and a long await, and the kernel runs the next cell", function () {
    this.timeout(120_000);
    const busyLoop = 'let spins = 0;\nwhile (true) { spins++; }';
    const longAwait = 'await new Promise((resolve) => setTimeout(resolve, 40_000));\nconsole.log("the await ran to the end");';
    const result = spawnSync(venvBin(ROOT, "python"), ["-c", DRIVER, join(ROOT, "notebooks"), busyLoop, longAwait], {
      cwd: ROOT,
      env: jupyterEnv(ROOT),
      encoding: "utf8",
      timeout: 110_000,
    });
    expect(result.status, result.stderr).to.equal(0);
    const [loop, afterLoop, wait, afterWait] = result.stdout.trim().split("\n").map((line) => JSON.parse(line) as CellReply);
    expect(loop.status, "the looping cell ends with an error once interrupted").to.equal("error");
    expect(afterLoop).to.include({ status: "ok", printed: "still usable: 42\n" });
    // Uninterrupted, the await would end after 40 s with status "ok" and its line printed.
    expect(wait.status).to.equal("error");
    expect(wait.printed).to.not.include("the await ran to the end");
    expect(afterWait).to.include({ status: "ok", printed: "still usable: 42\n" });
  });
});
