// The acceptance test of @nillion/nada/dsl: each fixture written in TypeScript compiles to the MIR the
// Python compiler wrote for it — the same operations, types, parties, inputs, outputs and literals in the
// same dependency structure, before and after lowering (ids, literal and function names and source
// references aside) — and the node's compiler counts the same memory, instructions and preprocessing.
import {
  decodeProgram,
  lowerProgram,
  programMetadata,
  programStructure,
  validateProgram,
} from "@nillion/nada";
import { describe, expect, it } from "vitest";
import { FIXTURES, officialMetadata, PROGRAMS, pythonBytes } from "./fixtures.js";

describe.each(FIXTURES)("%s.ts", (name) => {
  const typescript = PROGRAMS[name].toNadaProgram();
  const python = decodeProgram(pythonBytes(name));

  it("compiles to the Python compiler's MIR, up to ids, names and source references", () => {
    expect(programStructure(typescript)).toEqual(programStructure(python));
  });

  it("lowers to the program the Python compiler's MIR lowers to", () => {
    expect(programStructure(lowerProgram(typescript))).toEqual(programStructure(lowerProgram(python)));
  });

  it("is valid, and costs what the node's compiler counts", () => {
    expect(validateProgram(typescript)).toEqual([]);
    const metadata = programMetadata(lowerProgram(typescript));
    expect(metadata).toEqual(programMetadata(lowerProgram(python)));
    const official = officialMetadata(name);
    if (official === undefined || "error" in official) return;
    expect(metadata.memorySize).toBe(official.memory);
    expect(metadata.totalInstructions).toBe(official.instructions);
    expect(metadata.instructions).toEqual(official.perProtocol);
    // The official (client-wasm) map lists the ECDSA auxiliary info among the preprocessing elements.
    const { ECDSA_AUX_INFO: auxInfo, ...elements } = official.preprocessing;
    expect(metadata.preprocessing).toEqual(elements);
    expect(metadata.auxiliaryMaterial).toEqual(
      auxInfo === undefined ? {} : { CGGMP21_AUXILIARY_INFO: auxInfo },
    );
  });

  it("points every operation at the line of its .ts source that wrote it", () => {
    const file = `${name}.ts`;
    const text = typescript.sourceFiles[file] ?? "";
    expect(text).toContain("export default program(");
    for (const operation of typescript.operations) {
      const ref = typescript.sourceRefs[operation.sourceRefIndex];
      expect(ref?.file).toBe(file);
      const line = text.split("\n")[(ref?.line ?? 0) - 1] ?? "";
      const snippet = text.slice(ref?.offset, (ref?.offset ?? 0) + (ref?.length ?? 0));
      expect(line.endsWith(snippet)).toBe(true);
      expect(snippet.length).toBeGreaterThan(0);
    }
  });
});
