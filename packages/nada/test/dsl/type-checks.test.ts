// What the type checker rejects, as the Python DSL does, and the run-time check of each case for
// JavaScript callers (and for code the type checker does not see): every `@ts-expect-error` below is
// verified by `pnpm typecheck` (an unused one fails it), every call by the ProgramSourceError it throws.
import { describe, expect, expectTypeOf, it } from "vitest";
import {
  EcdsaDigestMessage,
  EcdsaPrivateKey,
  type EcdsaPublicKey,
  type EcdsaSignature,
  EddsaMessage,
  EddsaPrivateKey,
  type EddsaSignature,
  Integer,
  NadaArray,
  NadaBoolean,
  NadaTuple,
  Party,
  PublicBoolean,
  PublicInteger,
  PublicUnsignedInteger,
  program,
  SecretBoolean,
  SecretInteger,
  SecretUnsignedInteger,
  UnsignedInteger,
} from "../../src/dsl/index.js";
import { sourceError } from "./dsl-helpers.js";

const FILE = import.meta.filename;

const p = new Party("P");
const s = p.input("s", SecretInteger);
const i = p.input("i", PublicInteger);
const su = p.input("su", SecretUnsignedInteger);
const u = p.input("u", PublicUnsignedInteger);
const sb = p.input("sb", SecretBoolean);
const b = p.input("b", PublicBoolean);
const xs = p.input("xs", NadaArray.type(SecretInteger, 3));
const ws = p.input("ws", NadaArray.type(PublicInteger, 3));
const ys = p.input("ys", NadaArray.type(SecretInteger, 5));
const flags = p.input("flags", NadaArray.type(SecretBoolean, 3));
const counts = p.input("counts", NadaArray.type(SecretUnsignedInteger, 3));
const ecdsaKey = p.input("ecdsa_key", EcdsaPrivateKey);
const digest = p.input("digest", EcdsaDigestMessage);
const eddsaKey = p.input("eddsa_key", EddsaPrivateKey);
const message = p.input("message", EddsaMessage);

describe("result types", () => {
  it("follow the modes: secret if an operand is, public if one is, literal otherwise", () => {
    expectTypeOf(s.add(i)).toEqualTypeOf<SecretInteger>();
    expectTypeOf(i.add(i)).toEqualTypeOf<PublicInteger>();
    expectTypeOf(i.mul(3)).toEqualTypeOf<PublicInteger>();
    expectTypeOf(new Integer(1).add(2)).toEqualTypeOf<Integer>();
    expectTypeOf(su.sub(u)).toEqualTypeOf<SecretUnsignedInteger>();
    expectTypeOf(u.shl(2)).toEqualTypeOf<PublicUnsignedInteger>();
    expectTypeOf(s.shr(u)).toEqualTypeOf<SecretInteger>();
    expectTypeOf(s.lt(i)).toEqualTypeOf<SecretBoolean>();
    expectTypeOf(i.ge(0)).toEqualTypeOf<PublicBoolean>();
    expectTypeOf(new UnsignedInteger(1).lt(2)).toEqualTypeOf<NadaBoolean>();
    expectTypeOf(s.publicEquals(i)).toEqualTypeOf<PublicBoolean>();
    expectTypeOf(sb.and(b)).toEqualTypeOf<SecretBoolean>();
    expectTypeOf(b.not()).toEqualTypeOf<PublicBoolean>();
    expectTypeOf(s.toPublic()).toEqualTypeOf<PublicInteger>();
    expectTypeOf(i.toPublic()).toEqualTypeOf<PublicInteger>();
    expectTypeOf(i.pow(new Integer(2))).toEqualTypeOf<PublicInteger>();
    expectTypeOf(s.truncPr(3)).toEqualTypeOf<SecretInteger>();
  });

  it("of ifElse: secret if anything is, public otherwise (a literal branch under a public condition)", () => {
    expectTypeOf(sb.ifElse(new Integer(1), new Integer(0))).toEqualTypeOf<SecretInteger>();
    expectTypeOf(b.ifElse(new Integer(1), new Integer(0))).toEqualTypeOf<PublicInteger>();
    expectTypeOf(b.ifElse(i, s)).toEqualTypeOf<SecretInteger>();
    expectTypeOf(b.ifElse(u, new UnsignedInteger(0))).toEqualTypeOf<PublicUnsignedInteger>();
  });

  it("of arrays, tuples and the signature operations", () => {
    expectTypeOf(xs.zip(ws)).toEqualTypeOf<NadaArray<NadaTuple<SecretInteger, PublicInteger>, 3>>();
    expectTypeOf(xs.zip(ws).unzip()).toEqualTypeOf<
      NadaTuple<NadaArray<SecretInteger, 3>, NadaArray<PublicInteger, 3>>
    >();
    expectTypeOf(xs.map((x) => x.lt(0))).toEqualTypeOf<NadaArray<SecretBoolean, 3>>();
    expectTypeOf(xs.reduce((sum, x) => sum.add(x), i.add(s))).toEqualTypeOf<SecretInteger>();
    expectTypeOf(xs.innerProduct(ws)).toEqualTypeOf<SecretInteger>();
    expectTypeOf(ws.innerProduct(ws)).toEqualTypeOf<PublicInteger>();
    expectTypeOf(xs.at(0)).toEqualTypeOf<SecretInteger>();
    expectTypeOf(NadaArray.of(s, s.add(1))).toEqualTypeOf<NadaArray<SecretInteger, 2>>();
    expectTypeOf(NadaTuple.of(s, b).right).toEqualTypeOf<PublicBoolean>();
    expectTypeOf(ecdsaKey.ecdsaSign(digest)).toEqualTypeOf<EcdsaSignature>();
    expectTypeOf(ecdsaKey.publicKey()).toEqualTypeOf<EcdsaPublicKey>();
    expectTypeOf(eddsaKey.eddsaSign(message)).toEqualTypeOf<EddsaSignature>();
  });
});

describe("rejected, as the Python DSL rejects them", () => {
  it("an UnsignedInteger added to an Integer, and other mixes of base types", () => {
    sourceError(
      // @ts-expect-error an UnsignedInteger is not an Integer operand
      () => s.add(su),
      "operand-type",
      'add: "other" must be an Integer like "this", got a SecretUnsignedInteger',
      FILE,
    );
    sourceError(
      // @ts-expect-error a Boolean is not compared with an Integer
      () => s.eq(sb),
      "operand-type",
      'eq: "other" must be an Integer like "this", got a SecretBoolean',
      FILE,
    );
    sourceError(
      // @ts-expect-error booleans combine with booleans only
      () => sb.and(s),
      "operand-type",
      'and: "other" must be a Boolean, got a SecretInteger',
      FILE,
    );
    sourceError(
      // @ts-expect-error a string is no operand
      () => i.mul("2"),
      "operand-type",
      'mul: "other" must be an Integer (literal, public or secret) or an integer, got the string "2"',
      FILE,
    );
  });

  it("ifElse on a non-boolean, on a literal condition, with branches of different types or booleans", () => {
    // @ts-expect-error integers have no ifElse (JavaScript: "s.ifElse is not a function")
    expect(() => s.ifElse(i, i)).toThrow(TypeError);
    // @ts-expect-error a literal condition cannot select (Python raises too)
    expect(() => new NadaBoolean(true).ifElse(i, i)).toThrow(TypeError);
    sourceError(
      // @ts-expect-error branches of different types
      () => sb.ifElse(s, su),
      "operand-type",
      'ifElse: "whenFalse" must be an Integer like "whenTrue", got a SecretUnsignedInteger',
      FILE,
    );
    sourceError(
      // @ts-expect-error the VM cannot select booleans
      () => b.ifElse(sb, sb),
      "operand-type",
      'ifElse: "whenTrue" must be an Integer or UnsignedInteger value (the VM cannot select booleans), got a SecretBoolean',
      FILE,
    );
    sourceError(
      // @ts-expect-error numbers are not branches: their type would be a guess
      () => b.ifElse(1, 0),
      "operand-type",
      'ifElse: "whenTrue" must be an Integer or UnsignedInteger value (the VM cannot select booleans), got the number 1',
      FILE,
    );
  });

  it("outputs that are not values, and program functions that do not return outputs", () => {
    sourceError(
      // @ts-expect-error a number is not a Nada value
      () => p.output("five", 5),
      "output",
      'output: "value" must be a Nada value, got the number 5',
      FILE,
    );
    sourceError(
      // @ts-expect-error the program returns outputs, not values
      () => program(() => [s]),
      "output",
      "program: output 0 must be made by party.output(name, value), got a SecretInteger",
      FILE,
    );
    sourceError(
      // @ts-expect-error the program returns an array of outputs
      () => program(() => p.output("s", s)),
      "program",
      'program: "main" must return a non-empty array of outputs (party.output(name, value)), returned an object (Object)',
      FILE,
    );
    sourceError(
      () => p.output("", s),
      "name",
      'output: "name" must be a non-empty string, got the string ""',
      FILE,
    );
  });

  it("powers of secrets, truncation of public values or by secret amounts, shifts by signed or secret amounts", () => {
    // @ts-expect-error a secret has no pow (JavaScript: "s.pow is not a function")
    expect(() => s.pow(i)).toThrow(TypeError);
    sourceError(
      // @ts-expect-error a secret exponent
      () => i.pow(s),
      "operand-type",
      'pow: "other" must be public or literal (the node cannot raise to a power in secret), got a SecretInteger',
      FILE,
    );
    // @ts-expect-error a public value has no truncPr: use shr
    expect(() => i.truncPr(2)).toThrow(TypeError);
    sourceError(
      // @ts-expect-error a secret amount
      () => s.truncPr(su),
      "operand-type",
      'truncPr: "amount" must be a public or literal UnsignedInteger, got a SecretUnsignedInteger',
      FILE,
    );
    sourceError(
      // @ts-expect-error a signed amount
      () => s.shl(new Integer(2)),
      "operand-type",
      'shl: "other" must be a public or literal UnsignedInteger (the shift amount), got an Integer',
      FILE,
    );
    sourceError(
      // @ts-expect-error a secret amount
      () => s.shr(su),
      "operand-type",
      'shr: "other" must be a public or literal UnsignedInteger (the shift amount), got a SecretUnsignedInteger',
      FILE,
    );
  });

  it("publicEquals of literals", () => {
    // @ts-expect-error a literal has no publicEquals
    expect(() => new Integer(1).publicEquals(i)).toThrow(TypeError);
    sourceError(
      // @ts-expect-error with a literal
      () => s.publicEquals(new Integer(1)),
      "operand-type",
      'publicEquals: "other" must be a public or secret Integer, got an Integer',
      FILE,
    );
  });

  it("arrays of different sizes, of the wrong element types, or of literals where values are needed", () => {
    sourceError(
      // @ts-expect-error 3 elements and 5
      () => xs.zip(ys),
      "size",
      'zip: "other" must have 3 elements like "this", got 5',
      FILE,
    );
    sourceError(
      // @ts-expect-error 3 elements and 5
      () => xs.innerProduct(ys),
      "size",
      'innerProduct: "other" must have 3 elements like "this", got 5',
      FILE,
    );
    sourceError(
      // @ts-expect-error booleans have no inner product
      () => flags.innerProduct(flags),
      "operand-type",
      'innerProduct: "this" must hold Integer or UnsignedInteger elements, got an Array<SecretBoolean, 3>',
      FILE,
    );
    sourceError(
      // @ts-expect-error integers and unsigned integers
      () => xs.innerProduct(counts),
      "operand-type",
      'innerProduct: "other" must hold Integer elements like "this", got an Array<SecretUnsignedInteger, 3>',
      FILE,
    );
    sourceError(
      // @ts-expect-error only arrays of tuples unzip
      () => xs.unzip(),
      "operand-type",
      'unzip: "this" must be an array of tuples, got an Array<SecretInteger, 3>',
      FILE,
    );
    sourceError(
      // @ts-expect-error literals are not traced through functions (Python's rule)
      () => NadaArray.of(new Integer(1), new Integer(2)).map((x: Integer) => x.add(1)),
      "operand-type",
      "map: an array of literals cannot be mapped or reduced (Python's rule); compute with the literals directly",
      FILE,
    );
    sourceError(
      // @ts-expect-error elements of one type
      () => NadaArray.of(s, i),
      "operand-type",
      "Array.of: every element must have the first one's type SecretInteger, got a PublicInteger",
      FILE,
    );
    sourceError(() => xs.at(3), "index", 'at: "index" must be an integer from 0 to 2, got 3', FILE);
    sourceError(
      () => NadaTuple.of(new Integer(1), s).left,
      "index",
      "left: literals in a compound value cannot be read back; use the literal itself",
      FILE,
    );
  });

  it("functions that return another type than the accumulator's, or no value", () => {
    sourceError(
      // @ts-expect-error the accumulator is an integer, the function returns a boolean
      () => xs.reduce((sum: SecretInteger, x: SecretInteger) => sum.lt(x), s),
      "function",
      'reduce: "fn" must return the accumulator\'s type SecretInteger, returned a SecretBoolean',
      FILE,
    );
    sourceError(
      // @ts-expect-error a function returns a Nada value
      () => xs.map(() => 1),
      "function",
      'map: "fn" must return a Nada value, returned the number 1',
      FILE,
    );
    sourceError(
      // @ts-expect-error the initial accumulator is computed, not a literal (Python's rule)
      () => xs.reduce((sum, x) => sum.add(x), new Integer(0)),
      "operand-type",
      'reduce: "initial" must be a computed value, not a literal (Python\'s rule), got an Integer',
      FILE,
    );
  });

  it("inputs of literal types, and signatures with the wrong key or message", () => {
    sourceError(
      // @ts-expect-error a literal is not an input type
      () => p.input("n", Integer),
      "operand-type",
      'input: "type" must be a Nada type (SecretInteger, PublicBoolean, Array.type(…)…), got a function',
      FILE,
    );
    sourceError(
      // @ts-expect-error an EdDSA message is not an ECDSA digest
      () => ecdsaKey.ecdsaSign(message),
      "operand-type",
      'ecdsaSign: "digest" must be an EcdsaDigestMessage, got an EddsaMessage',
      FILE,
    );
    sourceError(
      // @ts-expect-error an ECDSA digest is not an EdDSA message
      () => eddsaKey.eddsaSign(digest),
      "operand-type",
      'eddsaSign: "message" must be an EddsaMessage, got an EcdsaDigestMessage',
      FILE,
    );
  });
});
