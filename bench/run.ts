/**
 * `npm run bench [-- name ...]`: runs every benchmark in bench/*.bench.ts (or those whose
 * name contains one of the given words) and prints one table each.
 * Each bench module exports `benchmarks: Benchmark[]`.
 */
import { readdirSync } from "node:fs";
import { join } from "node:path";
import { Benchmark, formatTable } from "./table";

async function main(): Promise<void> {
  const filters = process.argv.slice(2).map((word) => word.toLowerCase());
  const files = readdirSync(__dirname).filter((file) => file.endsWith(".bench.ts")).sort();
  console.log(`node ${process.version}, ${process.platform}/${process.arch}; benchmarks: ${files.join(", ")}`);
  for (const file of files) {
    const { benchmarks } = (await import(join(__dirname, file))) as { benchmarks: Benchmark[] };
    for (const benchmark of benchmarks) {
      if (filters.length > 0 && !filters.some((word) => benchmark.name.toLowerCase().includes(word))) continue;
      console.log(`\n${formatTable(await benchmark.run())}`);
    }
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
