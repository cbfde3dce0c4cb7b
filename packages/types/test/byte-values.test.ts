import {
  bytesToHex,
  EcdsaDigestMessage,
  EcdsaPrivateKey,
  EcdsaPublicKey,
  EcdsaSignature,
  EddsaMessage,
  EddsaPrivateKey,
  EddsaPublicKey,
  EddsaSignature,
  hexToBytes,
  SecretBlob,
  StoreId,
} from "@nillion/types";
import { describe, expect, it } from "vitest";
import { expectValueError, filled } from "./helpers.js";

const N_HEX = "fffffffffffffffffffffffffffffffebaaedce6af48a03bbfd25e8cd0364141";
const N_MINUS_1_HEX = "fffffffffffffffffffffffffffffffebaaedce6af48a03bbfd25e8cd0364140";
// ℓ as 32 little-endian bytes (the vector file's "EddsaPrivateKey-l" input).
const L_LE_HEX = "edd3f55c1a631258d69cf7a2def9de1400000000000000000000000000000010";
const L_MINUS_1_LE_HEX = "ecd3f55c1a631258d69cf7a2def9de1400000000000000000000000000000010";
const notBytes = ["00", [1, 2], new Uint16Array(32), null, undefined, 5] as const;
const utf8 = (text: string) => new TextEncoder().encode(text);

describe("SecretBlob", () => {
  it("holds any bytes, empty included, and reports its size without its content", () => {
    const blob = new SecretBlob(utf8("gm, builder!"));
    expect(blob.type).toBe("SecretBlob");
    expect(blob.secret).toBe(true);
    expect(blob.length).toBe(12);
    expect(String(blob)).toBe("SecretBlob(12 bytes)");
    expect(new SecretBlob(new Uint8Array()).length).toBe(0);
  });

  it("copies its input and returns copies", () => {
    const input = utf8("abc");
    const blob = new SecretBlob(input);
    input[0] = 0;
    expect(new TextDecoder().decode(blob.value)).toBe("abc");
    const out = blob.value;
    out[0] = 0;
    expect(new TextDecoder().decode(blob.value)).toBe("abc");
  });

  it("has a setter that copies and validates again (the seed example)", () => {
    const blob = new SecretBlob(utf8("gm, builder!"));
    blob.value = utf8("ready to build!");
    expect(new TextDecoder().decode(blob.value)).toBe("ready to build!");
    expectValueError(
      () => {
        blob.value = "not bytes" as unknown as Uint8Array;
      },
      { valueType: "SecretBlob", rule: "type" },
    );
    expect(new TextDecoder().decode(blob.value)).toBe("ready to build!");
  });

  it.each(notBytes)("rejects %o", (input) => {
    expectValueError(() => new SecretBlob(input as unknown as Uint8Array), {
      valueType: "SecretBlob",
      rule: "type",
      argument: "value",
      message: /"value" must be a Uint8Array/,
    });
  });

  it("accepts a Buffer, compares byte-wise", () => {
    expect(new SecretBlob(Buffer.from("ab")).equals(new SecretBlob(utf8("ab")))).toBe(true);
    expect(new SecretBlob(utf8("gm")).equals(new SecretBlob(utf8("ready")))).toBe(false);
    expect(new SecretBlob(utf8("ab")).equals(new EddsaMessage(utf8("ab")))).toBe(false);
  });
});

describe("EcdsaPrivateKey", () => {
  it("accepts 1 and n-1, never prints the key", () => {
    const one = new Uint8Array(32);
    one[31] = 1;
    expect(new EcdsaPrivateKey(one).value).toEqual(one);
    const max = new EcdsaPrivateKey(hexToBytes(N_MINUS_1_HEX));
    expect(max.type).toBe("EcdsaPrivateKey");
    expect(max.secret).toBe(true);
    expect(String(max)).toBe("EcdsaPrivateKey(<32 bytes, hidden>)");
    expect(JSON.stringify(max)).not.toContain("fffffff");
    expect(String(max)).not.toContain("fffffff");
  });

  it.each([31, 33, 0, 64])("rejects %i bytes (rule byte-length)", (length) => {
    expectValueError(() => new EcdsaPrivateKey(filled(length, 1)), {
      valueType: "EcdsaPrivateKey",
      rule: "byte-length",
      message: new RegExp(`exactly 32 bytes .*got ${length} bytes`),
    });
  });

  it("rejects zero (rule nonzero) and n or more (rule scalar-range)", () => {
    expectValueError(() => new EcdsaPrivateKey(new Uint8Array(32)), {
      valueType: "EcdsaPrivateKey",
      rule: "nonzero",
    });
    for (const hex of [N_HEX, "ff".repeat(32)]) {
      expectValueError(() => new EcdsaPrivateKey(hexToBytes(hex)), {
        valueType: "EcdsaPrivateKey",
        rule: "scalar-range",
        message: /secp256k1 group order/,
      });
    }
  });

  it.each(notBytes)("rejects %o (rule type)", (input) => {
    expectValueError(() => new EcdsaPrivateKey(input as unknown as Uint8Array), {
      valueType: "EcdsaPrivateKey",
      rule: "type",
    });
  });

  it("has a setter that validates again (the seed example)", () => {
    const key = new EcdsaPrivateKey(utf8("these are not random 32 bytes!!!"));
    key.value = utf8("these are good random 32 bytes!!");
    expect(new TextDecoder().decode(key.value)).toBe("these are good random 32 bytes!!");
    expectValueError(
      () => {
        key.value = new Uint8Array(32);
      },
      { valueType: "EcdsaPrivateKey", rule: "nonzero" },
    );
    expect(new TextDecoder().decode(key.value)).toBe("these are good random 32 bytes!!");
  });

  it("copies its input and compares by value", () => {
    const bytes = filled(32, 7);
    const key = new EcdsaPrivateKey(bytes);
    bytes.fill(8);
    expect(key.value).toEqual(filled(32, 7));
    expect(key.equals(new EcdsaPrivateKey(filled(32, 7)))).toBe(true);
    expect(key.equals(new EcdsaPrivateKey(filled(32, 8)))).toBe(false);
    expect(key.equals(new EddsaPrivateKey(filled(32, 7)))).toBe(false);
  });
});

describe("EcdsaDigestMessage", () => {
  it("holds exactly 32 bytes, public, printed as hex", () => {
    const digest = new EcdsaDigestMessage(filled(32, 0xab));
    expect(digest.type).toBe("EcdsaDigestMessage");
    expect(digest.secret).toBe(false);
    expect(String(digest)).toBe(`EcdsaDigestMessage(${"ab".repeat(32)})`);
  });

  it.each([0, 31, 33])("rejects %i bytes", (length) => {
    expectValueError(() => new EcdsaDigestMessage(filled(length, 1)), {
      valueType: "EcdsaDigestMessage",
      rule: "byte-length",
      message: /exactly 32 bytes/,
    });
  });

  it("rejects a string (the seed's VTypeError case)", () => {
    expectValueError(() => new EcdsaDigestMessage("gm, builder!" as unknown as Uint8Array), {
      valueType: "EcdsaDigestMessage",
      rule: "type",
    });
  });

  it("has a setter that validates again", () => {
    const digest = new EcdsaDigestMessage(filled(32, 1));
    digest.value = filled(32, 2);
    expect(digest.value).toEqual(filled(32, 2));
    expectValueError(
      () => {
        digest.value = filled(31, 3);
      },
      { valueType: "EcdsaDigestMessage", rule: "byte-length" },
    );
    expect(digest.value).toEqual(filled(32, 2));
    expect(digest.equals(new EcdsaDigestMessage(filled(32, 2)))).toBe(true);
    expect(digest.equals(new EcdsaDigestMessage(filled(32, 1)))).toBe(false);
  });
});

describe("EcdsaSignature", () => {
  it("left-pads short components to 32 bytes and keeps high s as given", () => {
    const signature = new EcdsaSignature({ r: new Uint8Array([7]), s: hexToBytes(N_MINUS_1_HEX) });
    expect(signature.type).toBe("EcdsaSignature");
    expect(signature.secret).toBe(true);
    expect(bytesToHex(signature.r)).toBe(`${"00".repeat(31)}07`);
    expect(bytesToHex(signature.s)).toBe(N_MINUS_1_HEX);
    expect(signature.value).toEqual({ r: signature.r, s: signature.s });
    expect(String(signature)).toBe(`EcdsaSignature(r=${"00".repeat(31)}07, s=${N_MINUS_1_HEX})`);
  });

  it("compares the padded components", () => {
    const short = new EcdsaSignature({ r: new Uint8Array([7]), s: new Uint8Array([5]) });
    const long = new EcdsaSignature({
      r: hexToBytes(`${"00".repeat(31)}07`),
      s: hexToBytes(`${"00".repeat(31)}05`),
    });
    expect(short.equals(long)).toBe(true);
    expect(short.equals(new EcdsaSignature({ r: new Uint8Array([5]), s: new Uint8Array([7]) }))).toBe(false);
  });

  it.each([
    ["r", { r: new Uint8Array(32), s: new Uint8Array([5]) }, "nonzero"],
    ["s", { r: new Uint8Array([7]), s: new Uint8Array(3) }, "nonzero"],
    ["r", { r: new Uint8Array(), s: new Uint8Array([5]) }, "byte-length"],
    ["s", { r: new Uint8Array([7]), s: new Uint8Array() }, "byte-length"],
    ["r", { r: filled(33, 1), s: new Uint8Array([5]) }, "byte-length"],
    ["s", { r: new Uint8Array([7]), s: hexToBytes(N_HEX) }, "scalar-range"],
    ["r", { r: filled(32, 0xff), s: new Uint8Array([5]) }, "scalar-range"],
    ["s", { r: new Uint8Array([7]), s: "05" }, "type"],
  ] as const)("rejects a bad %s (rule %s)", (argument, input, rule) => {
    expectValueError(() => new EcdsaSignature(input as unknown as { r: Uint8Array; s: Uint8Array }), {
      valueType: "EcdsaSignature",
      rule,
      argument,
      message: new RegExp(`"${argument}"`),
    });
  });

  it("rejects a non-object", () => {
    expectValueError(() => new EcdsaSignature(null as unknown as { r: Uint8Array; s: Uint8Array }), {
      valueType: "EcdsaSignature",
      rule: "type",
      argument: "signature",
    });
  });

  it("copies its input", () => {
    const r = filled(32, 1);
    const signature = new EcdsaSignature({ r, s: filled(32, 2) });
    r.fill(3);
    expect(signature.r).toEqual(filled(32, 1));
    signature.r.fill(4);
    expect(signature.r).toEqual(filled(32, 1));
  });
});

describe("EcdsaPublicKey", () => {
  it("holds 33 bytes without a curve check", () => {
    const key = new EcdsaPublicKey(hexToBytes(`05${"00".repeat(32)}`));
    expect(key.type).toBe("EcdsaPublicKey");
    expect(key.secret).toBe(false);
    expect(String(key)).toBe(`EcdsaPublicKey(05${"00".repeat(32)})`);
    expect(key.equals(new EcdsaPublicKey(hexToBytes(`05${"00".repeat(32)}`)))).toBe(true);
    expect(key.equals(new EcdsaPublicKey(hexToBytes(`02${"00".repeat(32)}`)))).toBe(false);
  });

  it.each([32, 34, 65])("rejects %i bytes", (length) => {
    expectValueError(() => new EcdsaPublicKey(filled(length, 2)), {
      valueType: "EcdsaPublicKey",
      rule: "byte-length",
      message: /exactly 33 bytes/,
    });
  });
});

describe("StoreId", () => {
  const uuid = "123e4567-e89b-12d3-a456-426614174000";

  it("is built from 16 bytes or a UUID and shows the UUID", () => {
    const fromText = new StoreId(uuid.toUpperCase());
    const fromBytes = new StoreId(hexToBytes(uuid.replaceAll("-", "")));
    expect(fromText.type).toBe("StoreId");
    expect(fromText.secret).toBe(false);
    expect(fromText.uuid).toBe(uuid);
    expect(String(fromBytes)).toBe(`StoreId(${uuid})`);
    expect(fromText.equals(fromBytes)).toBe(true);
    expect(fromText.value).toEqual(hexToBytes(uuid.replaceAll("-", "")));
  });

  it.each([15, 17, 0])("rejects %i bytes", (length) => {
    expectValueError(() => new StoreId(filled(length, 1)), {
      valueType: "StoreId",
      rule: "byte-length",
      message: /16 bytes/,
    });
  });

  it.each([
    "",
    "123e4567e89b12d3a456426614174000",
    `{${uuid}}`,
    `urn:uuid:${uuid}`,
    `${uuid}0`,
    "123e4567-e89b-12d3-a456-42661417400g",
  ])("rejects the string %j (rule format)", (text) => {
    expectValueError(() => new StoreId(text), { valueType: "StoreId", rule: "format", message: /UUID/ });
  });
});

describe("EddsaPrivateKey", () => {
  it("accepts a little-endian scalar below ℓ, never prints it", () => {
    const key = new EddsaPrivateKey(hexToBytes(L_MINUS_1_LE_HEX));
    expect(key.type).toBe("EddsaPrivateKey");
    expect(key.secret).toBe(true);
    expect(String(key)).toBe("EddsaPrivateKey(<32 bytes, hidden>)");
    expect(bytesToHex(key.value)).toBe(L_MINUS_1_LE_HEX);
    const one = new Uint8Array(32);
    one[0] = 1; // little-endian 1
    expect(new EddsaPrivateKey(one).value).toEqual(one);
    // The same scalar ℓ - 1 written big-endian reads as a number far above ℓ: the byte order matters.
    const bigEndian = hexToBytes(L_MINUS_1_LE_HEX).reverse();
    expectValueError(() => new EddsaPrivateKey(bigEndian), {
      valueType: "EddsaPrivateKey",
      rule: "scalar-range",
    });
  });

  it("rejects zero, ℓ and above, and wrong lengths", () => {
    expectValueError(() => new EddsaPrivateKey(new Uint8Array(32)), {
      valueType: "EddsaPrivateKey",
      rule: "nonzero",
    });
    expectValueError(() => new EddsaPrivateKey(hexToBytes(L_LE_HEX)), {
      valueType: "EddsaPrivateKey",
      rule: "scalar-range",
      message: /ed25519 group order.*little-endian/,
    });
    expectValueError(() => new EddsaPrivateKey(filled(32, 0xff)), {
      valueType: "EddsaPrivateKey",
      rule: "scalar-range",
    });
    expectValueError(() => new EddsaPrivateKey(filled(31, 1)), {
      valueType: "EddsaPrivateKey",
      rule: "byte-length",
    });
  });
});

describe("EddsaMessage", () => {
  it("holds any bytes, public", () => {
    const message = new EddsaMessage(utf8("hello"));
    expect(message.type).toBe("EddsaMessage");
    expect(message.secret).toBe(false);
    expect(String(message)).toBe("EddsaMessage(5 bytes: 68656c6c6f)");
    expect(String(new EddsaMessage(filled(40, 0)))).toBe(`EddsaMessage(40 bytes: ${"00".repeat(32)}...)`);
    expect(new EddsaMessage(new Uint8Array()).value).toEqual(new Uint8Array());
    expect(message.equals(new EddsaMessage(utf8("hello")))).toBe(true);
  });

  it("rejects non-bytes", () => {
    expectValueError(() => new EddsaMessage("hello" as unknown as Uint8Array), {
      valueType: "EddsaMessage",
      rule: "type",
    });
  });
});

describe("EddsaSignature", () => {
  const r = filled(32, 0x11);
  const z = hexToBytes(L_MINUS_1_LE_HEX);

  it("is built from 64 bytes or from { r, z }", () => {
    const fromBytes = new EddsaSignature(new Uint8Array([...r, ...z]));
    const fromParts = new EddsaSignature({ r, z });
    expect(fromBytes.type).toBe("EddsaSignature");
    expect(fromBytes.secret).toBe(false);
    expect(fromBytes.equals(fromParts)).toBe(true);
    expect(fromParts.r).toEqual(r);
    expect(fromParts.z).toEqual(z);
    expect(fromParts.value).toEqual(new Uint8Array([...r, ...z]));
    expect(String(fromParts)).toBe(`EddsaSignature(${bytesToHex(r)}${L_MINUS_1_LE_HEX})`);
  });

  it("zero-extends a short little-endian z, and allows z = 0", () => {
    const signature = new EddsaSignature({ r, z: new Uint8Array([1]) });
    expect(bytesToHex(signature.z)).toBe(`01${"00".repeat(31)}`);
    expect(new EddsaSignature({ r, z: new Uint8Array(32) }).z).toEqual(new Uint8Array(32));
  });

  it("rejects z ≥ ℓ in both forms", () => {
    expectValueError(() => new EddsaSignature(new Uint8Array([...r, ...hexToBytes(L_LE_HEX)])), {
      valueType: "EddsaSignature",
      rule: "scalar-range",
      argument: "z",
    });
    expectValueError(() => new EddsaSignature({ r, z: hexToBytes(L_LE_HEX) }), {
      valueType: "EddsaSignature",
      rule: "scalar-range",
      argument: "z",
    });
  });

  it("rejects wrong lengths", () => {
    expectValueError(() => new EddsaSignature(filled(63, 0)), {
      valueType: "EddsaSignature",
      rule: "byte-length",
      message: /64 bytes/,
    });
    expectValueError(() => new EddsaSignature({ r: filled(31, 0), z }), {
      valueType: "EddsaSignature",
      rule: "byte-length",
      argument: "r",
    });
    expectValueError(() => new EddsaSignature({ r, z: filled(33, 0) }), {
      valueType: "EddsaSignature",
      rule: "byte-length",
      argument: "z",
    });
    expectValueError(() => new EddsaSignature({ r, z: new Uint8Array() }), {
      valueType: "EddsaSignature",
      rule: "byte-length",
      argument: "z",
    });
    expectValueError(() => new EddsaSignature("00" as unknown as Uint8Array), {
      valueType: "EddsaSignature",
      rule: "type",
    });
  });
});

describe("EddsaPublicKey", () => {
  it("holds exactly 32 bytes", () => {
    const key = new EddsaPublicKey(filled(32, 1));
    expect(key.type).toBe("EddsaPublicKey");
    expect(key.secret).toBe(false);
    expect(String(key)).toBe(`EddsaPublicKey(${"01".repeat(32)})`);
    expectValueError(() => new EddsaPublicKey(filled(31, 1)), {
      valueType: "EddsaPublicKey",
      rule: "byte-length",
      message: /exactly 32 bytes/,
    });
    expectValueError(() => new EddsaPublicKey(filled(33, 1)), {
      valueType: "EddsaPublicKey",
      rule: "byte-length",
    });
  });
});
