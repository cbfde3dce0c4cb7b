// The threshold-signature types of nada_dsl 0.8: keys and messages given as inputs, signatures and public
// keys computed from them. They carry no arithmetic; only the signing and key operations apply.
import type { NadaType } from "../nada-type.js";
import type { BinaryOperationKind } from "../operation.js";
import { apiCallSite, type CallSite } from "./call-site.js";
import { article, DslValue, describeArgument, EXPRESSION, WRAP, WRAPPER, type Wrapper } from "./dsl-value.js";
import { type Expression, expression } from "./expression.js";
import { ProgramSourceError } from "./program-source-error.js";

/** A value that is only handed over: messages, signatures and public keys. */
abstract class Opaque<K extends string> extends DslValue {
  /** The type's name, e.g. `EcdsaSignature`. */
  abstract readonly typeName: K;

  /** @internal */
  get [WRAPPER](): Wrapper<this> {
    return this.constructor as unknown as Wrapper<this>;
  }
}

/** A 32-byte message digest to sign with ECDSA (an input). */
export class EcdsaDigestMessage extends Opaque<"EcdsaDigestMessage"> {
  readonly typeName = "EcdsaDigestMessage";
  /** The MIR type of `EcdsaDigestMessage` inputs. */
  static readonly nadaType: NadaType = Object.freeze({ kind: "EcdsaDigestMessage" });

  /** @internal */
  static [WRAP](expression: Expression): EcdsaDigestMessage {
    return new EcdsaDigestMessage(expression);
  }
}

/** An ECDSA signature: each node returns its share of it. */
export class EcdsaSignature extends Opaque<"EcdsaSignature"> {
  readonly typeName = "EcdsaSignature";
  /** The MIR type of `EcdsaSignature` values. */
  static readonly nadaType: NadaType = Object.freeze({ kind: "EcdsaSignature" });

  /** @internal */
  static [WRAP](expression: Expression): EcdsaSignature {
    return new EcdsaSignature(expression);
  }
}

/** A compressed secp256k1 public key. */
export class EcdsaPublicKey extends Opaque<"EcdsaPublicKey"> {
  readonly typeName = "EcdsaPublicKey";
  /** The MIR type of `EcdsaPublicKey` values. */
  static readonly nadaType: NadaType = Object.freeze({ kind: "EcdsaPublicKey" });

  /** @internal */
  static [WRAP](expression: Expression): EcdsaPublicKey {
    return new EcdsaPublicKey(expression);
  }
}

/**
 * A secp256k1 private key held as shares by the nodes (an input).
 *
 * @example
 * ```ts
 * import { EcdsaDigestMessage, EcdsaPrivateKey, Party, program } from "@nillion/nada/dsl";
 *
 * export default program(() => {
 *   const owner = new Party("Owner");
 *   const key = owner.input("key", EcdsaPrivateKey);
 *   const digest = owner.input("digest", EcdsaDigestMessage);
 *   return [owner.output("signature", key.ecdsaSign(digest)), owner.output("public_key", key.publicKey())];
 * });
 * ```
 */
export class EcdsaPrivateKey extends Opaque<"EcdsaPrivateKey"> {
  readonly typeName = "EcdsaPrivateKey";
  /** The MIR type of `EcdsaPrivateKey` inputs. */
  static readonly nadaType: NadaType = Object.freeze({ kind: "EcdsaPrivateKey" });

  /** Signs `digest` (Python's `ecdsa_sign`). */
  ecdsaSign(digest: EcdsaDigestMessage): EcdsaSignature {
    const site = apiCallSite();
    return new EcdsaSignature(sign(this, "ecdsaSign", digest, "digest", EcdsaSignature.nadaType, site));
  }

  /** The public key of this private key (Python's `public_key()`). */
  publicKey(): EcdsaPublicKey {
    return new EcdsaPublicKey(derive(this, EcdsaPublicKey.nadaType, apiCallSite()));
  }

  /** @internal */
  static [WRAP](expression: Expression): EcdsaPrivateKey {
    return new EcdsaPrivateKey(expression);
  }
}

/** A message to sign with EdDSA (an input, any bytes). */
export class EddsaMessage extends Opaque<"EddsaMessage"> {
  readonly typeName = "EddsaMessage";
  /** The MIR type of `EddsaMessage` inputs. */
  static readonly nadaType: NadaType = Object.freeze({ kind: "EddsaMessage" });

  /** @internal */
  static [WRAP](expression: Expression): EddsaMessage {
    return new EddsaMessage(expression);
  }
}

/** An Ed25519 signature. */
export class EddsaSignature extends Opaque<"EddsaSignature"> {
  readonly typeName = "EddsaSignature";
  /** The MIR type of `EddsaSignature` values. */
  static readonly nadaType: NadaType = Object.freeze({ kind: "EddsaSignature" });

  /** @internal */
  static [WRAP](expression: Expression): EddsaSignature {
    return new EddsaSignature(expression);
  }
}

/** An Ed25519 public key. */
export class EddsaPublicKey extends Opaque<"EddsaPublicKey"> {
  readonly typeName = "EddsaPublicKey";
  /** The MIR type of `EddsaPublicKey` values. */
  static readonly nadaType: NadaType = Object.freeze({ kind: "EddsaPublicKey" });

  /** @internal */
  static [WRAP](expression: Expression): EddsaPublicKey {
    return new EddsaPublicKey(expression);
  }
}

/** An Ed25519 private key held as shares by the nodes (an input). */
export class EddsaPrivateKey extends Opaque<"EddsaPrivateKey"> {
  readonly typeName = "EddsaPrivateKey";
  /** The MIR type of `EddsaPrivateKey` inputs. */
  static readonly nadaType: NadaType = Object.freeze({ kind: "EddsaPrivateKey" });

  /** Signs `message` (Python's `eddsa_sign`). */
  eddsaSign(message: EddsaMessage): EddsaSignature {
    const site = apiCallSite();
    return new EddsaSignature(sign(this, "eddsaSign", message, "message", EddsaSignature.nadaType, site));
  }

  /** The public key of this private key (Python's `public_key()`). */
  publicKey(): EddsaPublicKey {
    return new EddsaPublicKey(derive(this, EddsaPublicKey.nadaType, apiCallSite()));
  }

  /** @internal */
  static [WRAP](expression: Expression): EddsaPrivateKey {
    return new EddsaPrivateKey(expression);
  }
}

function sign(
  key: DslValue,
  method: "ecdsaSign" | "eddsaSign",
  message: unknown,
  argument: string,
  type: NadaType,
  site: CallSite,
): Expression {
  const expected = method === "ecdsaSign" ? "EcdsaDigestMessage" : "EddsaMessage";
  if (!(message instanceof DslValue) || message.nadaType.kind !== expected) {
    throw new ProgramSourceError(
      site,
      "operand-type",
      argument,
      `${method}: "${argument}" must be ${article(expected)}, got ${describeArgument(message)}`,
    );
  }
  const operation: BinaryOperationKind = method;
  return expression(type, site, {
    kind: "binary",
    operation,
    left: key[EXPRESSION],
    right: message[EXPRESSION],
  });
}

function derive(key: DslValue, type: NadaType, site: CallSite): Expression {
  return expression(type, site, { kind: "unary", operation: "publicKeyDerive", operand: key[EXPRESSION] });
}
