/**
 * `npm run partition -- --split "1,2|3,4,5"` / `-- --heal`: change who can talk to whom in the
 * running live cluster (`npm run cluster`), in the simulator's notation: groups split by "|",
 * or one direction ("1->2": 1 can no longer reach 2). Every server is told the full set of cut
 * links and drops what it would send or receive over one.
 */
import { resolve } from "node:path";
import { parseArgs } from "node:util";
import { DEFAULT_CLUSTER_DIR, readClusterFile } from "../src/live/cluster-file";
import { fetchJson } from "../src/live/http";
import { formatGroups, parseCuts, parseGroups, type Cut } from "../src/sim/partition";

const USAGE = `usage: npm run partition -- --split "1,2|3,4,5"    groups that can talk only among themselves
       npm run partition -- --split "1->2"         one direction: 1 can no longer reach 2
       npm run partition -- --heal                 every link up again
       (add --dir DIR if the cluster was started with one)`;

const { values } = parseArgs({ options: { split: { type: "string" }, heal: { type: "boolean", default: false }, dir: { type: "string", default: DEFAULT_CLUSTER_DIR }, help: { type: "boolean", default: false } } });
if (values.help || (values.split === undefined) === !values.heal) {
  console.log(USAGE);
  process.exit(values.help ? 0 : 2);
}

async function main(): Promise<number> {
  const { ports } = readClusterFile(resolve(__dirname, "..", values.dir));
  const servers = Object.keys(ports);
  let cuts: Cut[] = [];
  let description = "healed: every link up";
  if (values.split !== undefined) {
    cuts = parseCuts(values.split, servers);
    description = values.split.includes("->") ? `one-way cut ${values.split}` : `partition ${formatGroups(parseGroups(values.split, servers))}`;
  }
  const answers = await Promise.all(
    servers.map((id) => fetchJson(ports[id], "POST", "/network", { cuts: cuts as never, description }).then(() => `${id}: ok`, (error: Error) => `${id}: not answering (${error.message})`)),
  );
  console.log(`partition: ${description} (${cuts.length} directed links cut)\n  ${answers.join("\n  ")}`);
  if (cuts.length > 0) console.log("  give it an election timeout or two, then: curl localhost:<port>/status on each side");
  return answers.every((answer) => answer.endsWith(": ok")) ? 0 : 1;
}

main().then(
  (code) => process.exit(code),
  (error: Error) => {
    console.error(`partition: ${error.message}`);
    process.exit(2);
  },
);
