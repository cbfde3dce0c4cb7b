/**
 * @nillion/types — Value classes, identifiers, permissions and the SDK's error hierarchy. No runtime dependencies.
 *
 * This entry point is the package's whole public API. Every module behind it is side-effect free, so a
 * bundler keeps only what an application imports.
 *
 * @packageDocumentation
 */

export { assertBytes, bytesEqual, bytesToHex, concatBytes, hexToBytes, isBytes } from "./bytes.js";
export type { ComputePermission } from "./compute-permissions.js";
export {
  type ErrorCode,
  InternalError,
  InvalidArgumentError,
  type InvalidArgumentErrorOptions,
  isNillionError,
  NillionError,
  type NillionErrorOptions,
  NotFoundError,
  PaymentError,
  PermissionDeniedError,
  ResourceExhaustedError,
  UnauthenticatedError,
  UnavailableError,
  type ValueRule,
  ValueValidationError,
  type ValueValidationErrorOptions,
} from "./errors.js";
export { InputPartyBinding, OutputPartyBinding } from "./party-bindings.js";
export { Permissions, type PermissionsInit } from "./permissions.js";
export {
  type ComputePermissionCommand,
  type PermissionCommand,
  PermissionsDelta,
  type PermissionsDeltaInit,
} from "./permissions-delta.js";
export {
  PreprocessingElement,
  type PreprocessingElementName,
  preprocessingElementFromName,
  preprocessingElementFromNumber,
  preprocessingElementName,
} from "./preprocessing-element.js";
export {
  assertProgramName,
  formatProgramId,
  type ParsedProgramId,
  type ProgramId,
  parseProgramId,
} from "./program-id.js";
export { isUserId, UserId } from "./user-id.js";
export { ComputeId, UuidId, ValuesId } from "./uuid-ids.js";
// `Array`, `Boolean` and `Tuple` are the seed's names; the Nada* aliases spare modules that also need the
// JavaScript globals from shadowing them.
export { NadaArray as Array, NadaArray } from "./values/array.js";
export { NadaBoolean as Boolean, NadaBoolean } from "./values/boolean.js";
export { EcdsaDigestMessage } from "./values/ecdsa-digest-message.js";
export { EcdsaPrivateKey } from "./values/ecdsa-private-key.js";
export { EcdsaPublicKey } from "./values/ecdsa-public-key.js";
export { EcdsaSignature, type EcdsaSignatureComponents } from "./values/ecdsa-signature.js";
export { EddsaMessage } from "./values/eddsa-message.js";
export { EddsaPrivateKey } from "./values/eddsa-private-key.js";
export { EddsaPublicKey } from "./values/eddsa-public-key.js";
export { EddsaSignature, type EddsaSignatureComponents } from "./values/eddsa-signature.js";
export { Integer } from "./values/integer.js";
export type { IntegerInput } from "./values/integer-input.js";
export { isNadaValue, type NadaValue, type NadaValues, type NadaValueType } from "./values/nada-value.js";
export { SecretBlob } from "./values/secret-blob.js";
export { SecretBoolean } from "./values/secret-boolean.js";
export { SecretInteger } from "./values/secret-integer.js";
export { SecretUnsignedInteger } from "./values/secret-unsigned-integer.js";
export { shapeOf } from "./values/shape-of.js";
export { StoreId } from "./values/store-id.js";
export { NadaTuple as Tuple, NadaTuple } from "./values/tuple.js";
export { UnsignedInteger } from "./values/unsigned-integer.js";
