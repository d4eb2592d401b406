/**
 * A reader for the part of EDN (Clojure's data notation) that Jepsen histories use: maps,
 * vectors, lists, sets, strings, numbers, nil, booleans, keywords, symbols, tagged values
 * (#inst "...", kept as their inner value), and `;` comments. Commas are whitespace.
 *
 * Keywords read as `Keyword` objects so `:ok` and the string "ok" stay different; map keys that
 * are keywords become plain object keys ("process", "type", ...).
 */

export class Keyword {
  constructor(readonly name: string) {}
  toString(): string {
    return `:${this.name}`;
  }
}

export class EdnSymbol {
  constructor(readonly name: string) {}
  toString(): string {
    return this.name;
  }
}

export type Edn = null | boolean | number | string | Keyword | EdnSymbol | Edn[] | { [key: string]: Edn };

/** Thrown for malformed text; `line` is 1-based. */
export class EdnError extends Error {
  constructor(
    message: string,
    readonly line: number,
    readonly column: number,
  ) {
    super(`line ${line}, column ${column}: ${message}`);
  }
}

/** Every top-level form in `text`, each with the line it starts on. */
export function readEdnForms(text: string, firstLine = 1): { form: Edn; line: number }[] {
  const reader = new Reader(text, firstLine);
  const forms: { form: Edn; line: number }[] = [];
  for (reader.skipSpace(); !reader.atEnd(); reader.skipSpace()) {
    const line = reader.line;
    forms.push({ form: reader.read(), line });
  }
  return forms;
}

const DELIMITERS = new Set(["{", "}", "[", "]", "(", ")", '"', ";", ","]);
const CLOSERS: Record<string, string> = { "{": "}", "[": "]", "(": ")" };

class Reader {
  private position = 0;
  line: number;
  private lineStart = 0;

  constructor(
    private readonly text: string,
    firstLine: number,
  ) {
    this.line = firstLine;
  }

  atEnd(): boolean {
    return this.position >= this.text.length;
  }

  skipSpace(): void {
    while (!this.atEnd()) {
      const ch = this.text[this.position];
      if (ch === ";") {
        while (!this.atEnd() && this.text[this.position] !== "\n") this.position++;
      } else if (ch === "\n") {
        this.advanceLine();
      } else if (ch === "," || /\s/.test(ch)) {
        this.position++;
      } else {
        return;
      }
    }
  }

  read(): Edn {
    this.skipSpace();
    if (this.atEnd()) throw this.error("the text ended where a value was expected");
    const ch = this.text[this.position];
    if (ch === "{" || ch === "[" || ch === "(") return this.readCollection(ch);
    if (ch === "#") return this.readDispatch();
    if (ch === '"') return this.readString();
    if (ch === "}" || ch === "]" || ch === ")") throw this.error(`unexpected "${ch}"`);
    return this.readAtom();
  }

  private readCollection(open: string): Edn {
    const close = CLOSERS[open];
    const startLine = this.line;
    this.position++;
    const items: Edn[] = [];
    for (;;) {
      this.skipSpace();
      if (this.atEnd()) throw this.error(`"${open}" opened on line ${startLine} is never closed with "${close}"`);
      if (this.text[this.position] === close) break;
      items.push(this.read());
    }
    this.position++;
    return open === "{" ? this.toMap(items, startLine) : items;
  }

  private toMap(items: Edn[], startLine: number): { [key: string]: Edn } {
    if (items.length % 2 !== 0) throw this.error(`the map that starts on line ${startLine} has a key without a value`);
    const map: { [key: string]: Edn } = {};
    for (let i = 0; i < items.length; i += 2) {
      const key = items[i];
      map[key instanceof Keyword ? key.name : typeof key === "string" ? key : String(key)] = items[i + 1];
    }
    return map;
  }

  private readDispatch(): Edn {
    const next = this.text[this.position + 1];
    if (next === "{") throw this.error("sets (#{...}) do not occur in histories and are not supported");
    if (next === "_") {
      this.position += 2;
      this.read();
      return this.read();
    }
    // A tagged value such as #inst "2017-..." or #uuid "...": keep the value, drop the tag.
    this.position++;
    this.readAtom();
    return this.read();
  }

  private readString(): string {
    const startLine = this.line;
    let out = "";
    this.position++;
    for (;;) {
      if (this.atEnd()) throw this.error(`the string that starts on line ${startLine} is never closed`);
      const ch = this.text[this.position++];
      if (ch === '"') return out;
      if (ch === "\n") {
        this.position--;
        this.advanceLine();
        out += "\n";
        continue;
      }
      if (ch !== "\\") {
        out += ch;
        continue;
      }
      const escaped = this.text[this.position++];
      const simple: Record<string, string> = { n: "\n", t: "\t", r: "\r", '"': '"', "\\": "\\" };
      if (escaped in simple) out += simple[escaped];
      else if (escaped === "u") {
        out += String.fromCharCode(parseInt(this.text.slice(this.position, this.position + 4), 16));
        this.position += 4;
      } else throw this.error(`unknown escape "\\${escaped}" in a string`);
    }
  }

  private readAtom(): Edn {
    const start = this.position;
    while (!this.atEnd() && !DELIMITERS.has(this.text[this.position]) && !/\s/.test(this.text[this.position])) this.position++;
    const token = this.text.slice(start, this.position);
    if (token === "") throw this.error(`unexpected "${this.text[this.position]}"`);
    if (token === "nil") return null;
    if (token === "true") return true;
    if (token === "false") return false;
    if (token.startsWith(":")) {
      if (token.length === 1) throw this.error('a keyword needs a name after ":"');
      return new Keyword(token.slice(1));
    }
    if (/^[+-]?\d/.test(token)) {
      const number = Number(token.replace(/[NM]$/, ""));
      if (!Number.isFinite(number)) throw this.error(`"${token}" is not a number`);
      return number;
    }
    return new EdnSymbol(token);
  }

  private advanceLine(): void {
    this.position++;
    this.line++;
    this.lineStart = this.position;
  }

  private error(message: string): EdnError {
    return new EdnError(message, this.line, this.position - this.lineStart + 1);
  }
}
