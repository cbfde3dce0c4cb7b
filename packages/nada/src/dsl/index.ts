// biome-ignore-all lint/performance/noBarrelFile: the package's `@nillion/nada/dsl` entry point.
/**
 * @nillion/nada/dsl — write Nada programs in TypeScript: the values, operations and typing rules of the
 * Python `nada_dsl` 0.8, compiled to the same MIR.
 *
 * @packageDocumentation
 */
export { NadaArray as Array, NadaArray } from "./array-value.js";
export type { CallSite } from "./call-site.js";
export { type DslType, DslValue } from "./dsl-value.js";
export type { JoinModes, Mode } from "./mode.js";
export { NTuple } from "./ntuple-value.js";
export { NadaObject, NadaObject as Object } from "./object-value.js";
export { Output, Party } from "./party.js";
export { Program, program } from "./program.js";
export { ProgramSourceError, type ProgramSourceRule } from "./program-source-error.js";
export {
  Integer,
  NadaBoolean as Boolean,
  NadaBoolean,
  PublicBoolean,
  PublicInteger,
  PublicUnsignedInteger,
  type ScalarValue,
  SecretBoolean,
  SecretInteger,
  SecretUnsignedInteger,
  UnsignedInteger,
} from "./scalar-values.js";
export {
  EcdsaDigestMessage,
  EcdsaPrivateKey,
  EcdsaPublicKey,
  EcdsaSignature,
  EddsaMessage,
  EddsaPrivateKey,
  EddsaPublicKey,
  EddsaSignature,
} from "./signature-values.js";
export { NadaTuple, NadaTuple as Tuple } from "./tuple-value.js";
