/**
 * The two halves of HTTP/JSON on loopback that a live node needs, with Node built-ins only:
 * a server that routes "METHOD /path" to handlers taking and returning JSON, and a client that
 * posts JSON without waiting for anyone (a message send is fire-and-forget, like UDP: a refused
 * connection or a timeout is just a lost message).
 */
import { Agent, createServer, request, type IncomingMessage, type RequestOptions, type Server } from "node:http";
import type { Json } from "../contracts/node";

export const LOOPBACK = "127.0.0.1";
/** Bodies larger than this are refused: no protocol message of the course comes close. */
const BODY_BYTES_MAX = 1 << 20;
/** A message not accepted within this long is abandoned (lost). */
const SEND_TIMEOUT_MS = 2_000;

export type Route = (body: Json) => Json | undefined;
export type Routes = Record<string, Route>;

export class HttpError extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}

/** Listen on 127.0.0.1:`port` (0: any free port) and answer `routes`; resolves once listening. */
export function serveJson(port: number, routes: Routes): Promise<Server> {
  const server = createServer((req, res) => {
    const route = routes[`${req.method} ${(req.url ?? "/").split("?")[0]}`];
    const reply = (status: number, body: Json | undefined) => {
      res.writeHead(status, { "content-type": "application/json" });
      res.end(body === undefined ? "" : JSON.stringify(body) + "\n");
    };
    if (!route) return reply(404, { error: `no route ${req.method} ${req.url}; try GET /status` });
    readBody(req).then(
      (body) => {
        try {
          const answer = route(body);
          reply(answer === undefined ? 204 : 200, answer);
        } catch (error) {
          reply(error instanceof HttpError ? error.status : 500, { error: (error as Error).message });
        }
      },
      (error: Error) => reply(error instanceof HttpError ? error.status : 400, { error: error.message }),
    );
  });
  server.keepAliveTimeout = 5_000;
  return new Promise((resolve, reject) => {
    server.once("error", reject);
    server.listen(port, LOOPBACK, () => {
      server.off("error", reject);
      resolve(server);
    });
  });
}

function readBody(req: IncomingMessage): Promise<Json> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let bytes = 0;
    req.on("data", (chunk: Buffer) => {
      bytes += chunk.length;
      if (bytes > BODY_BYTES_MAX) {
        reject(new HttpError(413, `body larger than ${BODY_BYTES_MAX} bytes`));
        req.destroy();
      } else chunks.push(chunk);
    });
    req.on("end", () => {
      const text = Buffer.concat(chunks).toString("utf8");
      if (text.trim() === "") return resolve(null);
      try {
        resolve(JSON.parse(text) as Json);
      } catch {
        reject(new HttpError(400, "the body is not JSON"));
      }
    });
    req.on("error", reject);
  });
}

/** The options of a JSON request of `body` (already serialized) to 127.0.0.1:`port`. */
function jsonRequest(port: number, method: string, path: string, body: string, timeoutMs: number): RequestOptions {
  return { host: LOOPBACK, port, path, method, timeout: timeoutMs, headers: { "content-type": "application/json", "content-length": Buffer.byteLength(body) } };
}

/** Posts JSON to peers on loopback over kept-alive connections; never throws, never waits. */
export class JsonPoster {
  private readonly agent = new Agent({ keepAlive: true, maxSockets: 4 });
  /** Posts that failed (refused, reset, timed out): lost messages. */
  failed = 0;

  post(port: number, path: string, body: Json): void {
    const text = JSON.stringify(body);
    const req = request({ ...jsonRequest(port, "POST", path, text, SEND_TIMEOUT_MS), agent: this.agent }, (res) => res.resume());
    req.on("timeout", () => req.destroy());
    req.on("error", () => this.failed++);
    req.end(text);
  }

  close(): void {
    this.agent.destroy();
  }
}

/** For clients of a live node (scripts, tests): one request, the JSON answer or an error in words. */
export function fetchJson(port: number, method: "GET" | "POST", path: string, body?: Json, timeoutMs = 2_000): Promise<Json> {
  return new Promise((resolve, reject) => {
    const text = body === undefined ? "" : JSON.stringify(body);
    const req = request(jsonRequest(port, method, path, text, timeoutMs), (res) => {
      const chunks: Buffer[] = [];
      res.on("data", (chunk: Buffer) => chunks.push(chunk));
      res.on("end", () => {
        const answer = Buffer.concat(chunks).toString("utf8");
        const parsed = answer.trim() === "" ? null : (JSON.parse(answer) as Json);
        if ((res.statusCode ?? 500) >= 400) reject(new Error(`${method} ${path} on port ${port}: ${res.statusCode} ${JSON.stringify(parsed)}`));
        else resolve(parsed);
      });
    });
    req.on("timeout", () => req.destroy(new Error(`${method} ${path} on port ${port}: no answer within ${timeoutMs} ms`)));
    req.on("error", (error) => reject(new Error(`${method} ${path} on port ${port}: ${error.message}`)));
    req.end(text);
  });
}
