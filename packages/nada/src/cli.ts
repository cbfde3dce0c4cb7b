#!/usr/bin/env node
// The `nada` command: inspect a .nada.bin file, or lower one for upload.
import { readFileSync, writeFileSync } from "node:fs";
import { basename } from "node:path";
import process from "node:process";
import { bytesToHex } from "@nillion/types";
import { sha256 } from "@noble/hashes/sha2.js";
import { decodeProgram } from "./decode-program.js";
import { encodeProgram } from "./encode-program.js";
import { inspectReport } from "./inspect-report.js";
import { lowerProgram } from "./lower-program.js";
import { validateProgram } from "./validate-program.js";

const USAGE = `usage: nada inspect <program.nada.bin>
       nada lower <program.nada.bin> <lowered.nada.bin>

inspect  prints the parties, inputs, outputs, operation counts, validation issues,
         and the memory, protocols and preprocessing the node will count
lower    rewrites map, reduce, zip, unzip, <=, >, >=, !=, &, | and ^ into the
         primitive operations the node runs, and writes the program to upload
`;

/** Runs the command; returns the exit status (0 ok, 1 invalid program or I/O error, 2 usage). */
function run(args: readonly string[]): number {
  const [command, ...operands] = args;
  if (command === "inspect" && operands.length === 1) return inspect(operands[0] as string);
  if (command === "lower" && operands.length === 2)
    return lower(operands[0] as string, operands[1] as string);
  if (command === "--help" || command === "-h" || command === "help") {
    process.stdout.write(USAGE);
    return 0;
  }
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
  process.exitCode = run(process.argv.slice(2));
} catch (error) {
  // Unreadable files and undecodable programs: one line, no stack.
  process.stderr.write(`nada: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exitCode = 1;
}
