// The getting-started section of @nillion/nada's README, run as written in a throwaway project whose
// node_modules link the workspace packages its `npm install` line names (that line is the only one not
// run): each file block is written under the name in its first line, each command of a `sh` block runs
// in the project, and the `text` block after a command is its output (`…` stands for anything).
import { execFile } from "node:child_process";
import {
  mkdirSync,
  mkdtempSync,
  readFileSync,
  realpathSync,
  rmSync,
  symlinkSync,
  writeFileSync,
} from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";

const ROOT = path.resolve(import.meta.dirname, "../../..");
const README = path.join(ROOT, "packages/nada/README.md");

interface Block {
  readonly language: string;
  readonly code: string;
}

/** The code blocks of the README's "Getting started" section, in order. */
function gettingStarted(): Block[] {
  const text = readFileSync(README, "utf8");
  const start = text.indexOf("\n## Getting started");
  const end = text.indexOf("\n## ", start + 1);
  if (start === -1 || end === -1) throw new Error(`${README} has no "Getting started" section`);
  return [...text.slice(start, end).matchAll(/^```(\w+)\n([\s\S]*?)^```$/gm)].map(([, language, code]) => ({
    language: language as string,
    code: code as string,
  }));
}

const project = realpathSync(mkdtempSync(path.join(os.tmpdir(), "nada-getting-started-")));
for (const name of ["nada", "types", "crypto", "payments", "vm-client", "devnet-test"]) {
  mkdirSync(path.join(project, "node_modules/@nillion"), { recursive: true });
  symlinkSync(path.join(ROOT, "packages", name), path.join(project, "node_modules/@nillion", name), "dir");
}
// What npm links for the package's `bin`.
mkdirSync(path.join(project, "node_modules/.bin"));
symlinkSync("../@nillion/nada/dist/cli.js", path.join(project, "node_modules/.bin/nada"));
afterAll(() => rmSync(project, { recursive: true, force: true }));

/** Runs `command` in the project as a shell would; resolves its exit code and output. */
function run(command: string): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(
      "sh",
      ["-c", command],
      {
        cwd: project,
        encoding: "utf8",
        timeout: 60_000,
        env: {
          ...process.env,
          PATH: `${path.join(project, "node_modules/.bin")}${path.delimiter}${process.env["PATH"]}`,
        },
      },
      (error, stdout, stderr) =>
        resolve({ code: error === null ? 0 : Number(error.code ?? 1), stdout, stderr }),
    );
  });
}

/** `expected` as a pattern: literal text, with `…` standing for anything on its line. */
function outputPattern(expected: string): RegExp {
  const parts = expected.split("…").map((part) => part.replace(/[.*+?^${}()|[\]\\]/g, "\\$&"));
  return new RegExp(`^${parts.join("[^\\n]*")}$`);
}

describe("the README's getting started", () => {
  const blocks = gettingStarted();

  it("is there: a program, a build, a run and their outputs", () => {
    expect(blocks.map((block) => block.language)).toEqual(["sh", "ts", "sh", "text", "js", "sh", "text"]);
  });

  it("runs as written, from the program to the computation's result", { timeout: 120_000 }, async () => {
    for (const [index, block] of blocks.entries()) {
      if (block.language === "ts" || block.language === "js") {
        const file = /^\/\/ (\S+)\n/.exec(block.code)?.[1];
        if (file === undefined) throw new Error(`block ${index} does not start with // <file name>`);
        writeFileSync(path.join(project, file), block.code);
      } else if (block.language === "sh") {
        for (const command of block.code.trim().split("\n")) {
          if (command.startsWith("npm install ")) continue;
          const result = await run(command);
          expect(result.code, `${command}\n${result.stderr}`).toBe(0);
          const next = blocks[index + 1];
          if (next?.language === "text") expect(result.stdout).toMatch(outputPattern(next.code));
        }
      }
    }
  });
});
