import type { InvokeComputeRequest } from "@nillion/proto/nillion/compute/v1/invoke";
import type { PriceQuoteRequest } from "@nillion/proto/nillion/payments/v1/quote";
import {
  ComputeId,
  EcdsaDigestMessage,
  InputPartyBinding,
  Integer,
  InternalError,
  InvalidArgumentError,
  OutputPartyBinding,
  PermissionDeniedError,
  SecretInteger,
  ValueValidationError,
} from "@nillion/types";
import { describe, expect, it } from "vitest";
import { clientOf, connect } from "./connect.js";
import { elementHex, type FakeCluster } from "./fake-cluster.js";
import { fixture } from "./fixtures.js";

/** arith_basic: Dealer gives a, b (secret) and c (public), and receives prod = a·b + c − a, total = a + b + 10. */
async function withProgram() {
  const { cluster, client } = await connect();
  const programId = await client.storeProgram("arith-basic", fixture("arith_basic")).invoke();
  cluster.computeResult = () => ({ values: { prod: new SecretInteger(33n), total: new SecretInteger(22n) } });
  const me = [new InputPartyBinding("Dealer", client.userId)];
  const toMe = [new OutputPartyBinding("Dealer", [client.userId])];
  return { cluster, client, programId, me, toMe };
}

const inputs = () => ({ a: new SecretInteger(5n), b: new SecretInteger(7n), c: new Integer(3n) });

/** What has been quoted and paid so far. */
function spending(cluster: FakeCluster) {
  return {
    quotes: cluster.callsOf("PriceQuote").length,
    receipts: cluster.callsOf("PaymentReceipt").length,
    payments: cluster.payer.payments.length,
    computes: cluster.callsOf("InvokeCompute").length,
  };
}

describe("compute", () => {
  it("sends each node its shares of the compute-time values and the bindings, then fetches the results", async () => {
    const { cluster, client, programId, me, toMe } = await withProgram();
    const computeId = await client.compute(programId, me, toMe, inputs()).invoke();
    expect(computeId).toBeInstanceOf(ComputeId);

    const quote = cluster.requestsOf<PriceQuoteRequest>("PriceQuote").at(-1)?.operation;
    if (quote?.case !== "invokeCompute") throw new Error("expected a compute quote");
    expect(quote.value.programId).toBe(programId);
    expect(quote.value.valuesPayloadSize).toBeGreaterThan(0n);

    const requests = cluster.requestsOf<InvokeComputeRequest>("InvokeCompute");
    expect(requests).toHaveLength(3);
    const shares = new Set<string>();
    for (const request of requests) {
      expect(request.inputBindings.map((b) => [b.partyName, b.user?.contents])).toEqual([
        ["Dealer", client.userId.bytes],
      ]);
      expect(request.outputBindings.map((b) => [b.partyName, b.users.map((u) => u.contents)])).toEqual([
        ["Dealer", [client.userId.bytes]],
      ]);
      expect(request.values.map((value) => value.name)).toEqual(["a", "b", "c"]);
      shares.add(elementHex(request.values[0]));
    }
    expect(shares.size).toBe(3);

    const results = await client.retrieveComputeResults(computeId).invoke();
    expect(results).toEqual({ prod: new SecretInteger(33n), total: new SecretInteger(22n) });
    // Free: no quote for the results, and every node streamed them.
    expect(cluster.callsOf("PriceQuote")).toHaveLength(2);
    expect(cluster.callsOf("RetrieveResults")).toHaveLength(3);
  });

  it("checks bindings and values against the program before anything is quoted or paid", async () => {
    const { cluster, client, programId, me, toMe } = await withProgram();
    const before = spending(cluster);
    const bob = [new InputPartyBinding("Bob", client.userId)];
    const cases: [() => Promise<unknown>, string, RegExp][] = [
      [
        () => client.compute(programId, bob, toMe, inputs()).invoke(),
        "inputBindings",
        /"Bob" is not defined/,
      ],
      [() => client.compute(programId, [], toMe, inputs()).invoke(), "inputBindings", /"Dealer" not bound/],
      [() => client.compute(programId, me, [], inputs()).quote(), "outputBindings", /"Dealer" not bound/],
      [
        () => client.compute(programId, me, toMe, { a: new SecretInteger(5n), c: new Integer(3n) }).invoke(),
        "values",
        /missing values for b/,
      ],
      [
        () => client.compute(programId, me, toMe, { ...inputs(), d: new Integer(1n) }).invoke(),
        "values",
        /"d", which the program does not take/,
      ],
      [
        () => client.compute(programId, me, toMe, { ...inputs(), a: new Integer(5n) }).invoke(),
        "values.a",
        /must be SecretInteger, got Integer/,
      ],
    ];
    for (const [call, argument, message] of cases) {
      const error = await call().catch((e: unknown) => e);
      expect(error, argument).toBeInstanceOf(InvalidArgumentError);
      expect((error as InvalidArgumentError).argument).toBe(argument);
      expect((error as Error).message).toMatch(message);
    }
    const typed = await client
      .compute(programId, me, toMe, { ...inputs(), a: new Integer(5n) })
      .invoke()
      .catch((e: unknown) => e);
    expect(typed).toBeInstanceOf(ValueValidationError);
    expect(spending(cluster)).toEqual(before);
  });

  it("lets inputs come from stored value sets, whose names it cannot see", async () => {
    const { cluster, client, programId, me, toMe } = await withProgram();
    const stored = await client.storeValues({ b: new SecretInteger(7n) }, { ttlDays: 1 }).invoke();
    await client
      .compute(programId, me, toMe, { a: new SecretInteger(5n), c: new Integer(3n) }, [stored])
      .invoke();
    for (const request of cluster.requestsOf<InvokeComputeRequest>("InvokeCompute")) {
      expect(request.valueIds).toEqual([stored.bytes]);
      expect(request.values.map((value) => value.name)).toEqual(["a", "c"]);
    }
  });

  it("refuses a program it does not know, unless given its bytes or told to skip the check", async () => {
    const { cluster, client } = await connect();
    const other = await clientOf(cluster, "bob");
    const bytes = fixture("arith_basic");
    const programId = await other.storeProgram("arith-basic", bytes).invoke();
    const me = [new InputPartyBinding("Dealer", client.userId)];
    const toMe = [new OutputPartyBinding("Dealer", [client.userId])];
    const before = spending(cluster);

    const unknown = await client
      .compute(programId, me, toMe, inputs())
      .invoke()
      .catch((e: unknown) => e);
    expect(unknown).toBeInstanceOf(InvalidArgumentError);
    expect((unknown as InvalidArgumentError).argument).toBe("programId");
    expect((unknown as Error).message).toContain(programId);

    const wrongBytes = await client
      .compute(programId, me, toMe, inputs(), [], { program: fixture("zip_unzip") })
      .invoke()
      .catch((e: unknown) => e);
    expect((wrongBytes as InvalidArgumentError).argument).toBe("program");

    const checked = await client
      .compute(programId, me, toMe, { a: new SecretInteger(5n) }, [], { program: bytes })
      .invoke()
      .catch((e: unknown) => e);
    expect((checked as InvalidArgumentError).argument).toBe("values");
    expect(spending(cluster)).toEqual(before);

    await client.compute(programId, me, toMe, inputs(), [], { program: bytes }).invoke();
    await client.compute(programId, me, toMe, {}, [], { skipContractCheck: true }).invoke();
    expect(cluster.callsOf("InvokeCompute")).toHaveLength(6);
  });

  it("knows the built-in programs' contracts", async () => {
    const { cluster, client } = await connect();
    const me = client.userId;
    const error = await client
      .compute(
        "builtin/tecdsa_sign",
        [
          new InputPartyBinding("tecdsa_key_party", me),
          new InputPartyBinding("tecdsa_digest_message_party", me),
        ],
        [new OutputPartyBinding("tecdsa_output_party", [me])],
        { tecdsa_digest_message: new EcdsaDigestMessage(new Uint8Array(32)) },
      )
      .invoke()
      .catch((e: unknown) => e);
    expect((error as InvalidArgumentError).argument).toBe("values");
    expect((error as Error).message).toMatch(/missing values for tecdsa_private_key \(EcdsaPrivateKey/);

    const dkg = await client
      .compute("builtin/tecdsa_dkg", [], [new OutputPartyBinding("tecdsa_public_key_party", [me])], {})
      .invoke()
      .catch((e: unknown) => e);
    expect((dkg as InvalidArgumentError).argument).toBe("outputBindings");
    expect((dkg as Error).message).toContain('"tecdsa_private_key_store_id_party" not bound');
    expect(cluster.callsOf("PriceQuote")).toEqual([]);
  });

  it("reports a computation that failed as an InternalError with the node's reason", async () => {
    const { cluster, client, programId, me, toMe } = await withProgram();
    cluster.computeResult = () => ({ error: "division by zero" });
    const computeId = await client.compute(programId, me, toMe, inputs()).invoke();
    const error = await client
      .retrieveComputeResults(computeId)
      .invoke()
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(InternalError);
    expect((error as Error).message).toMatch(
      /^computation .* failed on http:\/\/node-\d\.test:\d+: division by zero$/,
    );
  });

  it("lets only output parties fetch results", async () => {
    const { cluster, client, programId, me, toMe } = await withProgram();
    const computeId = await client.compute(programId, me, toMe, inputs()).invoke();
    const bob = await clientOf(cluster, "bob");
    const error = await bob
      .retrieveComputeResults(computeId.toString())
      .invoke()
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(PermissionDeniedError);
    expect((error as PermissionDeniedError).details?.["rawMessage"]).toBe(
      "user is not authorized to fetch result",
    );
  });

  it("runs with a receipt obtained beforehand", async () => {
    const { client, programId, me, toMe } = await withProgram();
    const { receipt } = await (await client.compute(programId, me, toMe, inputs()).quote()).pay();
    const computeId = await client.invokeCompute(receipt, me, toMe, inputs());
    expect(await client.invokeRetrieveComputeResults(computeId)).toEqual({
      prod: new SecretInteger(33n),
      total: new SecretInteger(22n),
    });
  });
});
