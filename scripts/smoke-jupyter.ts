/**
 * The end-to-end proof that `npm start` gives a working course: start JupyterLab through
 * scripts/start.js on a free loopback port, open a session with the course kernel over the
 * REST API, run a cell that imports from ./exercises over the kernel's websocket, check what
 * it printed, and shut the server down. Bounded in time; exits non-zero with the reason.
 */
import { spawn, type ChildProcess } from "node:child_process";
import { randomBytes, randomUUID } from "node:crypto";
import { resolve } from "node:path";
import WebSocket from "ws";
import { freePorts } from "../src/live/ports";

const ROOT = resolve(__dirname, "..");
const SERVER_START_TIMEOUT_MS = 90_000;
const CELL_TIMEOUT_MS = 60_000;
const CODE = [
  'import { quorumSize } from "./exercises/week0/quorum";',
  'import { tryExercise } from "./src/notebook/display";',
  'console.log("smoke: quorumSize is a " + typeof quorumSize);',
  "tryExercise(() => quorumSize(5));",
].join("\n");

async function main(): Promise<void> {
  const [port] = await freePorts(1);
  const token = randomBytes(16).toString("hex");
  const base = `http://127.0.0.1:${port}`;
  const server = spawn(process.execPath, [resolve(ROOT, "scripts", "start.js"), "--no-browser", `--port=${port}`, `--IdentityProvider.token=${token}`], {
    cwd: ROOT,
    stdio: ["ignore", "pipe", "pipe"],
    detached: true,
  });
  let log = "";
  server.stdout?.on("data", (chunk: Buffer) => (log += chunk));
  server.stderr?.on("data", (chunk: Buffer) => (log += chunk));
  try {
    await waitForServer(`${base}/api/status?token=${token}`, server);
    const session = await api(`${base}/api/sessions?token=${token}`, "POST", {
      path: "notebooks/00-welcome.ipynb",
      type: "notebook",
      name: "00-welcome.ipynb",
      kernel: { name: "course-ts" },
    });
    const kernelId = (session as { kernel: { id: string; name: string } }).kernel.id;
    const printed = await execute(`ws://127.0.0.1:${port}/api/kernels/${kernelId}/channels?token=${token}`, CODE);
    if (!printed.includes("smoke: quorumSize is a function")) throw new Error(`the cell ran but printed something else:\n${printed}`);
    console.log(`smoke: JupyterLab on port ${port} ran a course-ts cell that imports from ./exercises:\n${printed.trim().replace(/^/gm, "  ")}`);
    await api(`${base}/api/sessions/${(session as { id: string }).id}?token=${token}`, "DELETE");
  } catch (error) {
    throw new Error(`${error instanceof Error ? error.message : String(error)}\n--- JupyterLab's log (tail) ---\n${log.split("\n").slice(-30).join("\n")}`);
  } finally {
    await fetch(`${base}/api/shutdown?token=${token}`, { method: "POST" }).catch(() => undefined);
    stop(server);
  }
}

async function waitForServer(url: string, server: ChildProcess): Promise<void> {
  const deadline = Date.now() + SERVER_START_TIMEOUT_MS;
  while (Date.now() < deadline) {
    if (server.exitCode !== null) throw new Error(`JupyterLab exited with code ${server.exitCode} before it answered`);
    const ok = await fetch(url).then((response) => response.ok, () => false);
    if (ok) return;
    await new Promise((done) => setTimeout(done, 500));
  }
  throw new Error(`JupyterLab did not answer ${url.replace(/token=\w+/, "token=...")} within ${SERVER_START_TIMEOUT_MS / 1000} s`);
}

async function api(url: string, method: string, body?: unknown): Promise<unknown> {
  const response = await fetch(url, { method, headers: { "Content-Type": "application/json" }, body: body === undefined ? undefined : JSON.stringify(body) });
  if (!response.ok) throw new Error(`${method} ${url.replace(/token=\w+/, "token=...")} answered ${response.status}: ${await response.text()}`);
  return response.status === 204 ? undefined : response.json();
}

/** Send one execute_request (Jupyter messaging over the server's websocket) and collect printed text. */
function execute(url: string, code: string): Promise<string> {
  return new Promise((resolveText, reject) => {
    const socket = new WebSocket(url);
    const msgId = randomUUID();
    let printed = "";
    const timer = setTimeout(() => fail(new Error(`no execute_reply within ${CELL_TIMEOUT_MS / 1000} s; printed so far: ${printed}`)), CELL_TIMEOUT_MS);
    const fail = (error: Error) => {
      clearTimeout(timer);
      socket.close();
      reject(error);
    };
    socket.on("error", fail);
    socket.on("open", () => {
      const header = { msg_id: msgId, msg_type: "execute_request", username: "smoke", session: randomUUID(), date: new Date().toISOString(), version: "5.3" };
      const content = { code, silent: false, store_history: false, user_expressions: {}, allow_stdin: false, stop_on_error: true };
      socket.send(JSON.stringify({ header, parent_header: {}, metadata: {}, content, channel: "shell", buffers: [] }));
    });
    socket.on("message", (data: WebSocket.RawData) => {
      const message = JSON.parse(data.toString()) as { msg_type: string; parent_header: { msg_id?: string }; content: Record<string, unknown> };
      if (message.parent_header.msg_id !== msgId) return;
      if (message.msg_type === "stream") printed += String(message.content.text);
      if (message.msg_type === "display_data") printed += JSON.stringify(message.content.data) + "\n";
      if (message.msg_type === "error") printed += `${message.content.ename}: ${message.content.evalue}\n`;
      if (message.msg_type === "execute_reply") {
        clearTimeout(timer);
        socket.close();
        if (message.content.status === "ok") resolveText(printed);
        else reject(new Error(`the cell failed: ${message.content.ename}: ${message.content.evalue}`));
      }
    });
  });
}

/** Stop the server and everything it started (its process group). */
function stop(server: ChildProcess): void {
  if (server.pid === undefined || server.exitCode !== null) return;
  try {
    process.kill(-server.pid, "SIGTERM");
  } catch {
    server.kill("SIGTERM");
  }
}

main().then(
  () => process.exit(0),
  (error: unknown) => {
    console.error(`smoke: FAILED: ${error instanceof Error ? error.message : String(error)}`);
    process.exit(1);
  },
);
