import { expect } from "chai";
import { readdirSync, readFileSync, statSync } from "node:fs";
import { join } from "node:path";

/** Every file under `folder` whose name ends in one of `endings`. */
function filesUnder(folder: string, endings: readonly string[]): string[] {
  return readdirSync(folder).flatMap((name) => {
    const path = join(folder, name);
    return statSync(path).isDirectory() ? filesUnder(path, endings) : endings.some((ending) => name.endsWith(ending)) ? [path] : [];
  });
}

describe("notebooks: what a learner sees renders without an emoji font", () => {
  it("notebook sources and the code that writes cells' outputs use no emoji (they show as empty boxes); text symbols such as ✓ and ✗ instead", () => {
    const files = [...filesUnder("notebooks/source", [".md"]), ...filesUnder("src", [".ts"]), join("grader", "inline.ts")];
    const offenders = files.flatMap((file) =>
      readFileSync(file, "utf8")
        .split("\n")
        .flatMap((line, i) => (/\p{Extended_Pictographic}/u.test(line) ? [`${file}:${i + 1}: ${line.trim().slice(0, 80)}`] : [])),
    );
    expect(offenders, offenders.join("\n")).to.deep.equal([]);
  });
});
