// The shared body of the byte-valued classes: keys, digests, messages, signatures, store ids and blobs.
import { bytesEqual, bytesToHex } from "../bytes.js";
import { isNadaValueObject, NadaValueBase } from "./nada-value-base.js";

/**
 * A value held as bytes that were validated and copied by the subclass. The bytes stay in a private field
 * and leave only as copies, so neither the caller's array nor one handed out can change the value behind
 * its validation.
 *
 * @internal
 */
export abstract class BytesValueBase extends NadaValueBase {
  #bytes: Uint8Array;

  /** `bytes` must already be validated and a private copy. */
  protected constructor(bytes: Uint8Array) {
    super();
    this.#bytes = bytes;
  }

  /** A copy of the bytes (the class says how many and in what byte order). */
  get value(): Uint8Array {
    return this.#bytes.slice();
  }

  /**
   * For the classes with a `value` setter; `bytes` must already be validated and a private copy. Such a
   * class redeclares the getter too: getter and setter are one property, so a setter alone would hide
   * this getter.
   */
  protected replaceBytes(bytes: Uint8Array): void {
    this.#bytes = bytes;
  }

  /** Lets a subclass report its size without copying a blob of any length. */
  protected get byteLength(): number {
    return this.#bytes.length;
  }

  equals(other: unknown): boolean {
    return (
      isNadaValueObject(other) &&
      other.type === this.type &&
      // Through the public getter, so a value from another copy of this package compares too.
      bytesEqual(this.#bytes, (other as BytesValueBase).value)
    );
  }

  toString(): string {
    return `${this.type}(${this.describeBytes(this.#bytes)})`;
  }

  /**
   * What `toString()` shows between the parentheses. Secret bytes are hidden unless a subclass chooses
   * otherwise, so a new secret class cannot leak through a forgotten override.
   */
  protected describeBytes(bytes: Uint8Array): string {
    return this.secret ? `<${bytes.length} bytes, hidden>` : bytesToHex(bytes);
  }
}
