// What the DSL tests share: building a program to inspect, and checking a ProgramSourceError.
import { readFileSync } from "node:fs";
import { expect } from "vitest";
import { ProgramSourceError, type ProgramSourceRule } from "../../src/dsl/index.js";
import type { Output } from "../../src/dsl/party.js";
import { program } from "../../src/dsl/program.js";
import { type ProgramStructure, programStructure } from "../../src/index.js";

/** The structure of the program `main` builds. */
export function structureOf(main: () => readonly Output[]): ProgramStructure {
  return programStructure(program(main).toNadaProgram());
}

/**
 * Runs `run`, which must throw a ProgramSourceError for `rule` whose message, after its `file:line:col: `,
 * is `text`; the location must be in `file`. Returns the error.
 */
export function sourceError(
  run: () => unknown,
  rule: ProgramSourceRule,
  text: string,
  file: string,
): ProgramSourceError {
  let thrown: unknown;
  try {
    run();
  } catch (error) {
    thrown = error;
  }
  expect(thrown).toBeInstanceOf(ProgramSourceError);
  const error = thrown as ProgramSourceError;
  expect(error.rule).toBe(rule);
  expect(error.message).toBe(`${error.location}: ${text}`);
  expect(error.location).toMatch(new RegExp(`^${file.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")}:\\d+:\\d+$`));
  expect(error.code).toBe("INVALID_ARGUMENT");
  return error;
}

/** `file:line:col` of the first `needle` on the line of `file` that contains `marker`. */
export function locate(file: string, marker: string, needle: string): string {
  const lines = readFileSync(file, "utf8").split("\n");
  const index = lines.findIndex((line) => line.includes(marker));
  if (index === -1) throw new Error(`no line of ${file} contains ${marker}`);
  const column = (lines[index] as string).indexOf(needle);
  if (column === -1) throw new Error(`line ${index + 1} of ${file} has no ${needle}`);
  return `${file}:${index + 1}:${column + 1}`;
}
