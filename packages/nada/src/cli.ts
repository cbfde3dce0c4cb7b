#!/usr/bin/env node
// The `nada` command: build programs written in TypeScript, inspect a .nada.bin file, or lower one for upload.
import { readFileSync, writeFileSync } from "node:fs";
import { basename } from "node:path";
import process from "node:process";
import { bytesToHex } from "@nillion/types";
import { sha256 } from "@noble/hashes/sha2.js";
import { buildPrograms } from "./build/build-command.js";
import { decodeProgram } from "./decode-program.js";
import { encodeProgram } from "./encode-program.js";
import { inspectReport } from "./inspect-report.js";
import { lowerProgram } from "./lower-program.js";
import { validateProgram } from "./validate-program.js";

// The package's version, written in by the build (tsup.config.mjs).
declare const NADA_VERSION: string;

const USAGE = `usage: nada build <program.ts>… [-o <dir>]
       nada inspect <program.nada.bin>
       nada lower <program.nada.bin> <lowered.nada.bin>
       nada --version

build    compiles programs written with @nillion/nada/dsl (TypeScript or JavaScript
         modules whose default export is the program) to <name>.nada.bin, in <dir>
         or beside each source, and prints each one's contract and costs
inspect  prints the parties, inputs, outputs, operation counts, validation issues,
         and the memory, protocols and preprocessing the node will count
lower    rewrites map, reduce, zip, unzip, <=, >, >=, !=, &, | and ^ into the
         primitive operations the node runs, and writes the program to upload
`;

/** Runs the command; returns the exit status (0 ok, 1 invalid program or I/O error, 2 usage). */
async function run(args: readonly string[]): Promise<number> {
  const [command, ...operands] = args;
  if (command === "build") return build(operands);
  if (command === "inspect" && operands.length === 1) return inspect(operands[0] as string);
  if (command === "lower" && operands.length === 2)
    return lower(operands[0] as string, operands[1] as string);
  if ((command === "--version" || command === "-V") && operands.length === 0) {
    process.stdout.write(`nada ${NADA_VERSION}\n`);
    return 0;
  }
  if (command === "--help" || command === "-h" || command === "help") {
    process.stdout.write(USAGE);
    return 0;
  }
  return usage();
}

async function build(operands: readonly string[]): Promise<number> {
  const files: string[] = [];
  let outDir: string | undefined;
  for (let i = 0; i < operands.length; i += 1) {
    const operand = operands[i] as string;
    if (operand === "-o" || operand === "--out-dir") {
      // A second -o would silently override the first.
      if (outDir !== undefined) return usage();
      outDir = operands[i + 1];
      i += 1;
      if (outDir === undefined) return usage();
    } else if (operand.startsWith("-")) {
      return usage();
    } else {
      files.push(operand);
    }
  }
  if (files.length === 0) return usage();
  const output = {
    out: (text: string) => process.stdout.write(text),
    err: (text: string) => process.stderr.write(text),
  };
  return (await buildPrograms(files, outDir, output)) ? 0 : 1;
}

function usage(): number {
  process.stderr.write(USAGE);
  return 2;
}

function inspect(file: string): number {
  const bytes = readFileSync(file);
  const program = decodeProgram(bytes);
  const { text, valid } = inspectReport(basename(file), bytes, program);
  process.stdout.write(text);
  return valid ? 0 : 1;
}

function lower(input: string, output: string): number {
  const bytes = readFileSync(input);
  const program = decodeProgram(bytes);
  const issues = validateProgram(program);
  if (issues.length > 0) {
    process.stderr.write(
      `nada: ${input} is not a valid program:\n${issues.map((issue) => `  ${issue.message}\n`).join("")}`,
    );
    return 1;
  }
  // An already lowered file is copied byte for byte, so its program id does not change.
  const lowered = lowerProgram(program);
  const written = lowered === program ? bytes : encodeProgram(lowered);
  writeFileSync(output, written);
  const summary =
    lowered === program
      ? "already lowered, copied unchanged"
      : `${program.operations.length} -> ${lowered.operations.length} operations`;
  process.stdout.write(
    `${output}: ${summary} (${written.length} bytes, sha256 ${bytesToHex(sha256(written))})\n`,
  );
  return 0;
}

try {
  process.exitCode = await run(process.argv.slice(2));
} catch (error) {
  // Unreadable files and undecodable programs: one line, no stack.
  process.stderr.write(`nada: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exitCode = 1;
}
