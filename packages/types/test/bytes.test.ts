import {
  assertBytes,
  bytesEqual,
  bytesToHex,
  concatBytes,
  hexToBytes,
  InvalidArgumentError,
  isBytes,
} from "@nillion/types";
import { describe, expect, it } from "vitest";

describe("hex", () => {
  it("round-trips every byte value", () => {
    const all = Uint8Array.from({ length: 256 }, (_, i) => i);
    const hex = bytesToHex(all);
    expect(hex).toHaveLength(512);
    expect(hex.slice(0, 8)).toBe("00010203");
    expect(hex.slice(-4)).toBe("feff");
    expect(hexToBytes(hex)).toEqual(all);
  });

  it("decodes either case and empty input", () => {
    expect(hexToBytes("CAfe")).toEqual(new Uint8Array([0xca, 0xfe]));
    expect(hexToBytes("")).toEqual(new Uint8Array());
    expect(bytesToHex(new Uint8Array())).toBe("");
  });

  it.each([
    ["abc", /even number of hex digits, got 3/],
    ["0xcafe", /only hex digits.*"x" at position 1/],
    ["zz", /"z" at position 0/],
    ["ca fe ", /" " at position 2/],
    ["caf\u00e9", /position 3/],
  ])("rejects %j", (hex, message) => {
    expect(() => hexToBytes(hex)).toThrow(message);
    expect(() => hexToBytes(hex)).toThrow(InvalidArgumentError);
  });

  it("names the argument", () => {
    try {
      hexToBytes("0", "digest");
      expect.unreachable();
    } catch (error) {
      expect(error).toBeInstanceOf(InvalidArgumentError);
      expect((error as InvalidArgumentError).argument).toBe("digest");
      expect((error as Error).message).toContain('"digest"');
    }
  });

  it("rejects non-strings and non-bytes", () => {
    expect(() => hexToBytes(12 as unknown as string)).toThrow(/expected a hex string, got number/);
    expect(() => bytesToHex("00" as unknown as Uint8Array)).toThrow(
      /"bytes" expected Uint8Array, got string/,
    );
  });
});

describe("bytesEqual / concatBytes / isBytes / assertBytes", () => {
  it("compares by content and length", () => {
    expect(bytesEqual(new Uint8Array([1, 2]), new Uint8Array([1, 2]))).toBe(true);
    expect(bytesEqual(new Uint8Array([1, 2]), new Uint8Array([1, 3]))).toBe(false);
    expect(bytesEqual(new Uint8Array([1]), new Uint8Array([1, 0]))).toBe(false);
    expect(bytesEqual(new Uint8Array(), new Uint8Array())).toBe(true);
  });

  it("concatenates into a new array", () => {
    const a = new Uint8Array([1]);
    const out = concatBytes(a, new Uint8Array([2, 3]), new Uint8Array());
    expect(out).toEqual(new Uint8Array([1, 2, 3]));
    out[0] = 9;
    expect(a[0]).toBe(1);
    expect(concatBytes()).toEqual(new Uint8Array());
    expect(() => concatBytes(a, [2] as unknown as Uint8Array)).toThrow(
      /"arrays\[1\]" expected Uint8Array, got Array/,
    );
  });

  it("recognises Uint8Arrays only", () => {
    expect(isBytes(new Uint8Array(1))).toBe(true);
    expect(isBytes(Buffer.from("ab"))).toBe(true);
    for (const value of [[1], new Uint16Array(1), new Uint8ClampedArray(1), "ab", null, new ArrayBuffer(1)]) {
      expect(isBytes(value)).toBe(false);
    }
  });

  it("assertBytes checks type and length and names the argument", () => {
    expect(() => assertBytes(new Uint8Array(32), "digest", 32)).not.toThrow();
    expect(() => assertBytes(new Uint8Array(31), "digest", 32)).toThrow(/"digest" expected 32 bytes, got 31/);
    expect(() => assertBytes("00", "digest")).toThrow(/"digest" expected Uint8Array, got string/);
  });
});
