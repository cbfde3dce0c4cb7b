// The program model -> a ProgramMIR message / .nada.bin bytes.
import { create, toBinary } from "@bufbuild/protobuf";
import { type ProgramMIR, ProgramMIRSchema } from "@nillion/proto/nillion/nada/v1/mir";
import type { NadaProgram } from "./nada-program.js";
import type { Operation } from "./operation.js";
import { operationToProto } from "./operation-codec.js";
import { typeToProto } from "./type-codec.js";

/**
 * Encodes a program as `.nada.bin` bytes (a serialized `ProgramMIR`), the form the node uploads and
 * hashes. Operation tables are written in ascending id order, as the node and the Python front end
 * write them, so decoding and re-encoding a front-end file gives back the same bytes.
 *
 * @example
 * ```ts
 * import { writeFileSync } from "node:fs";
 * import { decodeProgram, encodeProgram, lowerProgram } from "@nillion/nada";
 *
 * writeFileSync("main.lowered.nada.bin", encodeProgram(lowerProgram(decodeProgram(bytes))));
 * ```
 */
export function encodeProgram(program: NadaProgram): Uint8Array {
  return toBinary(ProgramMIRSchema, programToMir(program));
}

/**
 * The `ProgramMIR` message of a program.
 *
 * @example
 * ```ts
 * import { programToMir } from "@nillion/nada";
 *
 * programToMir(program).operations.length;
 * ```
 */
export function programToMir(program: NadaProgram): ProgramMIR {
  const index = BigInt;
  return create(ProgramMIRSchema, {
    functions: program.functions.map((fn) => ({
      id: index(fn.id),
      args: fn.args.map((arg) => ({
        name: arg.name,
        type: typeToProto(arg.type),
        sourceRefIndex: index(arg.sourceRefIndex),
      })),
      name: fn.name,
      operations: operationTable(fn.operations),
      returnOperationId: index(fn.returnOperationId),
      returnType: typeToProto(fn.returnType),
      sourceRefIndex: index(fn.sourceRefIndex),
    })),
    parties: program.parties.map((party) => ({
      name: party.name,
      sourceRefIndex: index(party.sourceRefIndex),
    })),
    inputs: program.inputs.map((input) => ({
      type: typeToProto(input.type),
      party: input.party,
      name: input.name,
      doc: input.doc,
      sourceRefIndex: index(input.sourceRefIndex),
    })),
    literals: program.literals.map((literal) => ({
      name: literal.name,
      value: literal.value,
      type: typeToProto(literal.type),
    })),
    outputs: program.outputs.map((output) => ({
      name: output.name,
      operationId: index(output.operationId),
      party: output.party,
      type: typeToProto(output.type),
      sourceRefIndex: index(output.sourceRefIndex),
    })),
    operations: operationTable(program.operations),
    sourceFiles: { ...program.sourceFiles },
    sourceRefs: program.sourceRefs.map((ref) => ({
      file: ref.file,
      lineno: ref.line,
      offset: ref.offset,
      length: ref.length,
    })),
  });
}

function operationTable(operations: readonly Operation[]) {
  return [...operations]
    .sort((a, b) => a.id - b.id)
    .map((operation) => ({ id: BigInt(operation.id), operation: operationToProto(operation) }));
}
