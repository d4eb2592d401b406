/**
 * Fixture files in the style of markdown-it's own: Markdown read with markdown-it, one case per
 * `##` heading, its facts as a bullet list ("key: value") and its data in a fenced block.
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import MarkdownIt from "markdown-it";

export interface FixtureCase {
  name: string;
  facts: Record<string, string>;
  /** The fenced blocks' contents by info string ("history", ...). */
  blocks: Record<string, string>;
}

export const FIXTURES_DIR = join(__dirname, "..", "fixtures", "histories");

export function readFixtureCases(file: string): FixtureCase[] {
  const tokens = new MarkdownIt().parse(readFileSync(join(FIXTURES_DIR, file), "utf8"), {});
  const cases: FixtureCase[] = [];
  tokens.forEach((token, i) => {
    const current = cases[cases.length - 1];
    if (token.type === "heading_open" && token.tag === "h2") {
      cases.push({ name: tokens[i + 1].content, facts: {}, blocks: {} });
    } else if (current && token.type === "inline" && tokens[i - 1]?.type === "paragraph_open" && tokens[i - 2]?.type === "list_item_open") {
      const fact = /^(\w+):\s*(.*)$/.exec(token.content);
      if (fact) current.facts[fact[1]] = fact[2];
    } else if (current && token.type === "fence") {
      current.blocks[token.info.trim()] = token.content;
    }
  });
  return cases;
}
