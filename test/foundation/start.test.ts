import { expect } from "chai";
import { spawnSync } from "node:child_process";
import { existsSync } from "node:fs";
import { join } from "node:path";

const ROOT = join(__dirname, "..", "..");
const START = join(ROOT, "scripts", "start.js");
const start = require(START) as {
  courseLanguages(root: string): string[];
  parseStartArgs(argv: string[], env: Record<string, string | undefined>, languages: string[]): { language: string; passthrough: string[] };
  jupyterArgs(options: { language: string; passthrough: string[]; root: string; runningAsRoot: boolean }): string[];
  menuLanguage(language: string, installedPackVersion: string | undefined): { locale: string; note?: string };
  welcomeNotebook(language: string): string;
};

const LANGUAGES = ["en", "ko"];

describe("npm start: the edition and JupyterLab's arguments", () => {
  it("the course's editions are English plus every notebooks/source/<lang>, and each has its welcome notebook built", () => {
    const languages = start.courseLanguages(ROOT);
    expect(languages).to.include.members(LANGUAGES);
    for (const language of languages) expect(existsSync(join(ROOT, start.welcomeNotebook(language))), language).to.equal(true);
  });

  it("English by default; --lang ko, --lang=ko and COURSE_LANG=ko choose Korean, and the flag wins over the variable", () => {
    expect(start.parseStartArgs([], {}, LANGUAGES).language).to.equal("en");
    expect(start.parseStartArgs(["--lang", "ko"], {}, LANGUAGES).language).to.equal("ko");
    expect(start.parseStartArgs(["--lang=ko"], {}, LANGUAGES).language).to.equal("ko");
    expect(start.parseStartArgs([], { COURSE_LANG: "ko" }, LANGUAGES).language).to.equal("ko");
    expect(start.parseStartArgs(["--lang", "en"], { COURSE_LANG: "ko" }, LANGUAGES).language).to.equal("en");
    expect(start.parseStartArgs([], { COURSE_LANG: " " }, LANGUAGES).language).to.equal("en");
  });

  it("--lang is start's own: every other argument goes to JupyterLab unchanged and in order", () => {
    const { passthrough } = start.parseStartArgs(["--port", "8899", "--lang", "ko", "--no-browser", "--ServerApp.ip=0.0.0.0"], {}, LANGUAGES);
    expect(passthrough).to.deep.equal(["--port", "8899", "--no-browser", "--ServerApp.ip=0.0.0.0"]);
  });

  it("an unknown edition or a --lang without a value is refused in words that list the editions", () => {
    expect(() => start.parseStartArgs(["--lang", "fr"], {}, LANGUAGES)).to.throw("--lang=fr: the course has no such edition; choose one of en, ko");
    expect(() => start.parseStartArgs([], { COURSE_LANG: "de" }, LANGUAGES)).to.throw("COURSE_LANG=de: the course has no such edition");
    expect(() => start.parseStartArgs(["--lang"], {}, LANGUAGES)).to.throw("--lang needs a language: one of en, ko");
    expect(() => start.parseStartArgs(["--lang", "--no-browser"], {}, LANGUAGES)).to.throw("--lang needs a language");
  });

  it("JupyterLab opens the edition's welcome notebook at the repository root, on loopback unless told otherwise", () => {
    const korean = start.jupyterArgs({ language: "ko", passthrough: ["--no-browser"], root: "/course", runningAsRoot: false });
    expect(korean).to.deep.equal(["lab", "--ServerApp.root_dir=/course", "--ServerApp.ip=127.0.0.1", "--no-browser", join("notebooks", "ko", "00-welcome.ipynb")]);
    const english = start.jupyterArgs({ language: "en", passthrough: ["--ip=0.0.0.0"], root: "/course", runningAsRoot: true });
    expect(english).to.deep.equal(["lab", "--ServerApp.root_dir=/course", "--allow-root", "--ip=0.0.0.0", join("notebooks", "00-welcome.ipynb")]);
  });

  it("menus: Korean with the Korean language pack, English with a note naming the pack without it, English for the English edition", () => {
    expect(start.menuLanguage("ko", "4.5.post3")).to.deep.equal({ locale: "ko_KR" });
    const without = start.menuLanguage("ko", undefined);
    expect(without.locale).to.equal("en");
    expect(without.note).to.include("jupyterlab-language-pack-ko-KR is not installed").and.include("npm run setup -- --language-packs");
    expect(start.menuLanguage("en", undefined)).to.deep.equal({ locale: "en" });
  });

  it("the command line refuses an unknown edition before it sets anything up", () => {
    const result = spawnSync(process.execPath, [START, "--lang", "xx"], { encoding: "utf8", timeout: 20_000 });
    expect(result.status).to.equal(2);
    expect(result.stderr).to.include("npm start: --lang=xx: the course has no such edition; choose one of en, ko");
    expect(result.stdout).to.not.include("[setup");
  });
});
