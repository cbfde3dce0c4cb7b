// .nada.bin bytes (a ProgramMIR) -> the immutable program model.
import { fromBinary } from "@bufbuild/protobuf";
import {
  type OperationMapEntry,
  type ProgramMIR,
  ProgramMIRSchema,
} from "@nillion/proto/nillion/nada/v1/mir";
import { InvalidArgumentError, isBytes } from "@nillion/types";
import { deepFreeze } from "./deep-freeze.js";
import { dependencyOrder } from "./dependency-order.js";
import type { NadaFunction, NadaProgram } from "./nada-program.js";
import type { Operation } from "./operation.js";
import { idFromProto, operationFromProto } from "./operation-codec.js";
import { type DecodeFailure, typeFromProto } from "./type-codec.js";

/**
 * Decodes a `.nada.bin` file (a serialized `nillion.nada.mir.v1.ProgramMIR`, lowered or not) into the
 * program model. Only the encoding is checked here; `validateProgram` checks the program itself.
 *
 * @throws {InvalidArgumentError} `argument` `"bytes"`, with the node's wording
 * (`malformed program (invalid sdk version?): …`), when the bytes are not a ProgramMIR the node could
 * decode: bad protobuf, a missing type or operation, an unknown operation variant, duplicate operation
 * ids, or an operation that depends on itself
 *
 * @example
 * ```ts
 * import { readFileSync } from "node:fs";
 * import { decodeProgram } from "@nillion/nada";
 *
 * const program = decodeProgram(readFileSync("main.nada.bin"));
 * program.outputs.map((output) => output.name);
 * ```
 */
export function decodeProgram(bytes: Uint8Array): NadaProgram {
  const fail = failure("bytes");
  if (!isBytes(bytes)) return fail("expected the program's bytes as a Uint8Array");
  let mir: ProgramMIR;
  try {
    mir = fromBinary(ProgramMIRSchema, bytes);
  } catch (error) {
    // Bytes that are no protobuf at all are a wrong file (a .py source, JSON, an image), not an old SDK.
    return fail(
      `protobuf decoding failed (${error instanceof Error ? error.message : String(error)}): these bytes are not a compiled Nada program (a .nada.bin): compile one with \`nada build\` (Nillion's nada tool for a .py program, this package's for a @nillion/nada/dsl one), or pass a program built with @nillion/nada/dsl`,
    );
  }
  return convert(mir, fail);
}

/**
 * The program model of an already parsed `ProgramMIR` message.
 *
 * @throws {InvalidArgumentError} `argument` `"mir"`, for the same reasons as {@link decodeProgram}
 *
 * @example
 * ```ts
 * import { fromBinary } from "@bufbuild/protobuf";
 * import { ProgramMIRSchema } from "@nillion/proto/nillion/nada/v1/mir";
 * import { programFromMir } from "@nillion/nada";
 *
 * const program = programFromMir(fromBinary(ProgramMIRSchema, bytes));
 * ```
 */
export function programFromMir(mir: ProgramMIR): NadaProgram {
  return convert(mir, failure("mir"));
}

function failure(argument: string): DecodeFailure {
  return (reason) => {
    throw new InvalidArgumentError(`malformed program (invalid sdk version?): ${reason}`, { argument });
  };
}

function convert(mir: ProgramMIR, fail: DecodeFailure): NadaProgram {
  const index = (value: bigint, what: string) => idFromProto(value, `${what}: source_ref_index`, fail);
  return deepFreeze({
    parties: mir.parties.map((party) => ({
      name: party.name,
      sourceRefIndex: index(party.sourceRefIndex, "party"),
    })),
    inputs: mir.inputs.map((input) => ({
      name: input.name,
      type: typeFromProto(input.type, `input ${JSON.stringify(input.name)}`, fail),
      party: input.party,
      doc: input.doc,
      sourceRefIndex: index(input.sourceRefIndex, "input"),
    })),
    literals: mir.literals.map((literal) => ({
      name: literal.name,
      value: literal.value,
      type: typeFromProto(literal.type, `literal ${JSON.stringify(literal.name)}`, fail),
    })),
    outputs: mir.outputs.map((output) => ({
      name: output.name,
      operationId: idFromProto(
        output.operationId,
        `output ${JSON.stringify(output.name)}: operation id`,
        fail,
      ),
      party: output.party,
      type: typeFromProto(output.type, `output ${JSON.stringify(output.name)}`, fail),
      sourceRefIndex: index(output.sourceRefIndex, "output"),
    })),
    operations: operationTable(mir.operations, "program", fail),
    functions: mir.functions.map((fn): NadaFunction => {
      const id = idFromProto(fn.id, "function id", fail);
      const what = `function ${id} (${fn.name})`;
      return {
        id,
        name: fn.name,
        args: fn.args.map((arg) => ({
          name: arg.name,
          type: typeFromProto(arg.type, `${what}: argument ${JSON.stringify(arg.name)}`, fail),
          sourceRefIndex: index(arg.sourceRefIndex, `${what}: argument`),
        })),
        operations: operationTable(fn.operations, what, fail),
        returnOperationId: idFromProto(fn.returnOperationId, `${what}: return operation id`, fail),
        returnType: typeFromProto(fn.returnType, `${what}: return type`, fail),
        sourceRefIndex: index(fn.sourceRefIndex, what),
      };
    }),
    sourceFiles: { ...mir.sourceFiles },
    sourceRefs: mir.sourceRefs.map((ref) => ({
      file: ref.file,
      line: ref.lineno,
      offset: ref.offset,
      length: ref.length,
    })),
  });
}

function operationTable(
  entries: readonly OperationMapEntry[],
  owner: string,
  fail: DecodeFailure,
): Operation[] {
  const seen = new Set<number>();
  const operations = entries.map((entry) => {
    const key = idFromProto(entry.id, `${owner}: operation table key`, fail);
    if (entry.operation === undefined)
      return fail(`${owner}: operation table entry ${key}: operation value not set`);
    const operation = operationFromProto(entry.operation, fail);
    // The node keys its table by the entry id but compiles by the operation's own id; they must agree.
    if (operation.id !== key)
      return fail(`${owner}: operation table entry ${key} holds operation ${operation.id}`);
    if (seen.has(key)) return fail(`${owner}: operation id ${key} appears twice`);
    seen.add(key);
    return operation;
  });
  return dependencyOrder(operations, (id) => fail(`${owner}: operation ${id} depends on itself`));
}
