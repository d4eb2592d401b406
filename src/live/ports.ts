/** Free loopback ports, for tests and for clusters started without a fixed base port. */
import { createServer } from "node:net";
import { LOOPBACK } from "./http";

/**
 * `count` ports that were free a moment ago: each is bound to port 0 (the OS picks) and
 * released. Another process could take one in between; on loopback, in a test, that is rare
 * enough, and the node that fails to listen says which port was taken.
 */
export async function freePorts(count: number): Promise<number[]> {
  const servers = await Promise.all(
    Array.from({ length: count }, () => new Promise<ReturnType<typeof createServer>>((resolve, reject) => {
      const server = createServer();
      server.once("error", reject);
      server.listen(0, LOOPBACK, () => resolve(server));
    })),
  );
  const ports = servers.map((server) => (server.address() as { port: number }).port);
  await Promise.all(servers.map((server) => new Promise((resolve) => server.close(resolve))));
  return ports;
}
