/**
 * `npm run orders -- --count 1000`: traffic for the services `npm run services` runs (in another
 * terminal). Places the orders, waits until each is PAID or CANCELLED, and prints how they ended,
 * checked against the payment service's ledger: charged twice and lost must both be 0, also when
 * a service was killed (kill -9) meanwhile. Exits 1 when they are not, or when orders stayed unsettled.
 */
import { resolve } from "node:path";
import { parseArgs } from "node:util";
import { DEFAULT_SERVICES_DIR, readServicesFile } from "../src/live/shop-layout";
import { allSettledOnce, formatSummary } from "../src/live/shop-summary";
import { DEFAULT_TRAFFIC, driveOrders } from "../src/live/shop-traffic";

const ROOT = resolve(__dirname, "..");
const USAGE = `usage: npm run orders -- [--count ${DEFAULT_TRAFFIC.count}] [--window ${DEFAULT_TRAFFIC.window}] [--timeout-s ${DEFAULT_TRAFFIC.timeoutMs / 1000}] [--dir DIR]
  --count N        orders to place, round robin over the user service's customers
  --window W       at most W orders sent and not answered yet
  --timeout-s S    stop waiting for answers and settlements after S seconds
  --dir DIR        where \`npm run services\` described itself (default ${DEFAULT_SERVICES_DIR})
Needs \`npm run services\` running in another terminal.`;

const { values } = parseArgs({
  options: {
    count: { type: "string", default: String(DEFAULT_TRAFFIC.count) },
    window: { type: "string", default: String(DEFAULT_TRAFFIC.window) },
    "timeout-s": { type: "string", default: String(DEFAULT_TRAFFIC.timeoutMs / 1000) },
    dir: { type: "string", default: DEFAULT_SERVICES_DIR },
    help: { type: "boolean", default: false },
  },
});
if (values.help) {
  console.log(USAGE);
  process.exit(0);
}
const count = Number(values.count);
const window = Number(values.window);
const timeoutS = Number(values["timeout-s"]);
if (![count, window].every((n) => Number.isInteger(n) && n >= 1) || !(timeoutS > 0)) {
  console.error(`--count and --window must be whole numbers >= 1 and --timeout-s positive\n${USAGE}`);
  process.exit(2);
}

async function main(): Promise<void> {
  const services = readServicesFile(resolve(ROOT, values.dir));
  console.log(`orders: placing ${count} orders with the services of ${services.modules} (order service on 127.0.0.1:${services.ports.orders})`);
  const { summary, seconds } = await driveOrders(services, { ...DEFAULT_TRAFFIC, count, window, timeoutMs: timeoutS * 1000 });
  console.log(formatSummary(summary, seconds));
  process.exit(allSettledOnce(summary) ? 0 : 1);
}

main().catch((error: unknown) => {
  console.error(`orders: ${(error as Error).message}`);
  process.exit(1);
});
