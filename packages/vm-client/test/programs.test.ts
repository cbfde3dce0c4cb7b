import {
  decodeProgram,
  encodeProgram,
  isLowered,
  lowerProgram,
  programIdFor,
  programMetadata,
} from "@nillion/nada";
import { NadaArray, Party, program, SecretInteger } from "@nillion/nada/dsl";
import type { PriceQuoteRequest } from "@nillion/proto/nillion/payments/v1/quote";
import type { StoreProgramRequest } from "@nillion/proto/nillion/programs/v1/store";
import { InvalidArgumentError } from "@nillion/types";
import { sha256 } from "@noble/hashes/sha2.js";
import { describe, expect, it } from "vitest";
import { connect } from "./connect.js";
import { fixture } from "./fixtures.js";

function storeProgramQuote(request: unknown) {
  const { operation } = request as PriceQuoteRequest;
  if (operation.case !== "storeProgram")
    throw new Error(`expected a storeProgram quote, got ${operation.case}`);
  return operation.value;
}

describe("storeProgram", () => {
  it("uploads an already lowered program byte for byte, quoting its hash and metadata", async () => {
    const { cluster, client } = await connect();
    const bytes = fixture("arith_basic");
    expect(isLowered(decodeProgram(bytes))).toBe(true);
    const programId = await client.storeProgram("arith-basic", bytes).invoke();

    expect(programId).toBe(programIdFor(client.userId, "arith-basic", bytes));
    for (const request of cluster.requestsOf<StoreProgramRequest>("StoreProgram")) {
      expect(request.program).toEqual(bytes);
    }
    const quote = storeProgramQuote(cluster.callsOf("PriceQuote")[0]?.request);
    expect(quote.name).toBe("arith-basic");
    expect(quote.contentsSha256).toEqual(sha256(bytes));
    const metadata = programMetadata(decodeProgram(bytes));
    expect(quote.metadata?.programSize).toBe(BigInt(bytes.length));
    expect(quote.metadata?.memorySize).toBe(BigInt(metadata.memorySize));
    expect(quote.metadata?.instructionCount).toBe(BigInt(metadata.totalInstructions));
  });

  it("lowers a program straight from the Python compiler before quoting and uploading it", async () => {
    const { cluster, client } = await connect();
    const bytes = fixture("zip_unzip");
    expect(isLowered(decodeProgram(bytes))).toBe(false);
    const lowered = encodeProgram(lowerProgram(decodeProgram(bytes)));
    const programId = await client.storeProgram("zip-unzip", bytes).invoke();

    expect(programId).toBe(programIdFor(client.userId, "zip-unzip", lowered));
    const [upload] = cluster.requestsOf<StoreProgramRequest>("StoreProgram");
    const uploaded = upload?.program ?? new Uint8Array();
    expect(uploaded).toEqual(lowered);
    expect(isLowered(decodeProgram(uploaded))).toBe(true);
    expect(storeProgramQuote(cluster.callsOf("PriceQuote")[0]?.request).contentsSha256).toEqual(
      sha256(lowered),
    );
  });

  it("refuses a bad name or bytes that are not a program before quoting", async () => {
    const { cluster, client } = await connect();
    const cases: [() => Promise<unknown>, string][] = [
      [() => client.storeProgram("my program", fixture("arith_basic")).invoke(), "name"],
      [() => client.storeProgram("", fixture("arith_basic")).quote(), "name"],
      [() => client.storeProgram("ok", "bytes" as never).invoke(), "program"],
      // Regression: the decoder's own parameter name ("bytes") leaked through.
      [() => client.storeProgram("ok", new Uint8Array([1, 2, 3])).invoke(), "program"],
    ];
    for (const [call, argument] of cases) {
      const error = await call().catch((e: unknown) => e);
      expect(error, argument).toBeInstanceOf(InvalidArgumentError);
      expect((error as InvalidArgumentError).argument).toBe(argument);
    }
    const garbage = await client
      .storeProgram("ok", new Uint8Array([1, 2, 3]))
      .invoke()
      .catch((e: unknown) => e);
    expect(garbage).toBeInstanceOf(InvalidArgumentError);
    expect((garbage as Error).message).toContain("malformed program");
    expect((garbage as Error).message).toContain("not a compiled Nada program");
    expect(cluster.callsOf("PriceQuote")).toEqual([]);
  });

  it("takes a program written with @nillion/nada/dsl: compiled, lowered and uploaded as its bytes would be", async () => {
    const { cluster, client } = await connect();
    const source = program(() => {
      const p = new Party("P");
      const xs = p.input("xs", NadaArray.type(SecretInteger, 3));
      const start = p.input("start", SecretInteger);
      const total = xs.reduce((sum, x) => sum.add(x), start);
      return [p.output("total", total)];
    });
    const lowered = encodeProgram(lowerProgram(decodeProgram(source.compile())));
    const programId = await client.storeProgram("sum", source).invoke();

    expect(programId).toBe(programIdFor(client.userId, "sum", lowered));
    for (const request of cluster.requestsOf<StoreProgramRequest>("StoreProgram")) {
      expect(request.program).toEqual(lowered);
    }
    expect(storeProgramQuote(cluster.callsOf("PriceQuote")[0]?.request).contentsSha256).toEqual(
      sha256(lowered),
    );
    const paid = await (await client.storeProgram("sum", source).quote()).pay();
    expect(await client.invokeStoreProgram(paid.receipt, source)).toBe(programId);
  });

  it("refuses a compilable program that compiles to no program, before quoting", async () => {
    const { cluster, client } = await connect();
    const error = await client
      .storeProgram("ok", { compile: () => new Uint8Array([1, 2, 3]) })
      .invoke()
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(InvalidArgumentError);
    expect((error as InvalidArgumentError).argument).toBe("program");
    expect((error as Error).message).toContain("malformed program");
    expect(cluster.callsOf("PriceQuote")).toEqual([]);
  });

  it("uploads with a receipt obtained beforehand", async () => {
    const { client } = await connect();
    const bytes = fixture("zip_unzip");
    const paid = await (await client.storeProgram("zip-unzip", bytes).quote()).pay();
    const programId = await client.invokeStoreProgram(paid.receipt, bytes);
    expect(programId).toBe(
      programIdFor(client.userId, "zip-unzip", encodeProgram(lowerProgram(decodeProgram(bytes)))),
    );
  });
});
