import { fromBinary } from "@bufbuild/protobuf";
import { PriceQuoteSchema } from "@nillion/proto/nillion/payments/v1/quote";
import type { StoreValuesRequest } from "@nillion/proto/nillion/values/v1/store";
import { PRICE } from "@nillion/test-kit/devnet-prices";
import {
  bytesToHex,
  Integer,
  InvalidArgumentError,
  Array as NadaArray,
  NotFoundError,
  PermissionDeniedError,
  Permissions,
  SecretBlob,
  SecretBoolean,
  SecretInteger,
  SecretUnsignedInteger,
  ValuesId,
} from "@nillion/types";
import { describe, expect, it } from "vitest";
import { clientOf, connect } from "./connect.js";
import { elementHex } from "./fake-cluster.js";

const values = () => ({
  age: new SecretInteger(42n),
  limit: new Integer(-100n),
  flag: new SecretBoolean(true),
  count: new SecretUnsignedInteger(7n),
  note: new SecretBlob(new TextEncoder().encode("gm, builder!")),
  ages: new NadaArray([new SecretInteger(1n), new SecretInteger(2n)]),
});

describe("storeValues and retrieveValues", () => {
  it("store masked shares on every node and read the values back", async () => {
    const { cluster, client } = await connect();
    const id = await client.storeValues(values(), { ttlDays: 1 }).invoke();
    expect(id).toBeInstanceOf(ValuesId);

    const back = await client.retrieveValues(id).invoke();
    expect(Object.keys(back).sort()).toEqual(Object.keys(values()).sort());
    expect(back["age"]).toEqual(new SecretInteger(42n));
    expect(back["limit"]).toEqual(new Integer(-100n));
    expect(back["flag"]).toEqual(new SecretBoolean(true));
    expect(back["note"]).toEqual(new SecretBlob(new TextEncoder().encode("gm, builder!")));
    expect(back["ages"]).toEqual(new NadaArray([new SecretInteger(1n), new SecretInteger(2n)]));

    // Every node holds a record under the same id, with its own share of each secret.
    const shares = cluster.nodes.map((node) => {
      const stored = node.values.get(id.toString())?.values.find((value) => value.name === "age");
      expect(stored?.value?.value.case).toBe("shamirShareInteger");
      return elementHex(stored);
    });
    expect(new Set(shares).size).toBe(cluster.nodes.length);
    const plain = new Uint8Array(32);
    plain[0] = 42;
    expect(shares).not.toContain(bytesToHex(plain));
  });

  it("quote the store with the value counts, the time to live and one node's payload size", async () => {
    const { cluster, client } = await connect();
    await client.storeValues(values(), { ttlDays: 30 }).invoke();
    const [quoteCall] = cluster.callsOf("PriceQuote");
    const request = quoteCall?.request as { operation: { case: string; value: Record<string, unknown> } };
    expect(request.operation.case).toBe("storeValues");
    // 4 secret scalars, 1 blob chunk (12 bytes < 31), 2 array elements; 1 public value.
    expect(request.operation.value).toMatchObject({
      secretSharedCount: 6n,
      publicValuesCount: 1n,
      ttlDays: 30,
      ecdsaPrivateKeySharesCount: 0n,
      ecdsaSignatureSharesCount: 0n,
    });
    expect(request.operation.value["payloadSize"]).toBeGreaterThan(0n);
  });

  it("pay from the balance when it suffices, on chain otherwise, with the same quote", async () => {
    const { cluster, client } = await connect();
    cluster.balances.set(client.userId.toHex(), PRICE.credits);
    await client.storeValues(values(), { ttlDays: 1 }).invoke();
    expect(cluster.payer.payments).toEqual([]);
    expect(cluster.balances.get(client.userId.toHex())).toBe(0n);

    await client.storeValues(values(), { ttlDays: 1 }).invoke();
    const receipts = cluster.callsOf("PaymentReceipt").slice(1);
    expect(receipts.map((call) => (call.request as { txHash: string }).txHash)).toEqual([
      "",
      cluster.payer.payments[0]?.txHash,
    ]);
    const paidQuote = receipts[1]?.request as { signedQuote?: { quote: Uint8Array } } | undefined;
    const quoted = fromBinary(PriceQuoteSchema, paidQuote?.signedQuote?.quote ?? new Uint8Array());
    expect(cluster.payer.payments[0]?.resource).toEqual(quoted.nonce);
    expect(cluster.payer.payments[0]?.amount).toBe(PRICE.tokens);
  });

  it("give the owner retrieve, update and delete rights by default, or the permissions passed", async () => {
    const { cluster, client } = await connect();
    const bob = await clientOf(cluster, "bob");
    const id = await client.storeValues(values(), { ttlDays: 1 }).invoke();
    const stored = await client.retrievePermissions(id).invoke();
    expect(stored.equals(Permissions.defaultsForUser(client.userId))).toBe(true);

    const shared = Permissions.defaultsForUser(client.userId).allowRetrieve(bob.userId);
    const sharedId = await client.storeValues(values(), { ttlDays: 1, permissions: shared }).invoke();
    expect((await bob.retrieveValues(sharedId).invoke())["age"]).toEqual(new SecretInteger(42n));
    await expect(bob.retrieveValues(id).invoke()).rejects.toBeInstanceOf(PermissionDeniedError);
  });

  it("update values in place, keeping the stored permissions unless new ones are given", async () => {
    const { cluster, client } = await connect();
    const bob = await clientOf(cluster, "bob");
    const shared = Permissions.defaultsForUser(client.userId).allowRetrieve(bob.userId);
    const id = await client.storeValues(values(), { ttlDays: 1, permissions: shared }).invoke();

    const updated = await client
      .storeValues({ age: new SecretInteger(43n) }, { ttlDays: 1, updateIdentifier: id.toString() })
      .invoke();
    expect(updated.equals(id)).toBe(true);
    const storeCalls = cluster.callsOf("StoreValues").slice(-3);
    for (const call of storeCalls) {
      const request = call.request as StoreValuesRequest;
      expect(request.updateIdentifier).toEqual(id.bytes);
      expect(request.permissions).toBeUndefined();
    }
    expect(await bob.retrieveValues(id).invoke()).toEqual({ age: new SecretInteger(43n) });

    await client
      .storeValues(
        { age: new SecretInteger(44n) },
        {
          ttlDays: 1,
          updateIdentifier: id,
          permissions: Permissions.defaultsForUser(client.userId),
        },
      )
      .invoke();
    await expect(bob.retrieveValues(id).invoke()).rejects.toBeInstanceOf(PermissionDeniedError);
  });

  it("delete values on every node, for free", async () => {
    const { cluster, client } = await connect();
    const id = await client.storeValues(values(), { ttlDays: 1 }).invoke();
    const quotes = cluster.callsOf("PriceQuote").length;
    await client.deleteValues(id).invoke();
    expect(cluster.callsOf("PriceQuote")).toHaveLength(quotes);
    expect(
      cluster
        .callsOf("DeleteValues")
        .map((call) => call.node)
        .sort(),
    ).toEqual(cluster.nodes.map((node) => node.endpoint).sort());
    for (const node of cluster.nodes) expect(node.values.has(id.toString())).toBe(false);
    const error = await client
      .retrieveValues(id)
      .invoke()
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(NotFoundError);
  });

  it("refuse unusable arguments before asking for a quote", async () => {
    const { cluster, client } = await connect();
    const cases: [() => Promise<unknown>, string][] = [
      [() => client.storeValues(values(), { ttlDays: 0 }).invoke(), "ttlDays"],
      [() => client.storeValues(values(), { ttlDays: 1.5 }).quote(), "ttlDays"],
      [() => client.storeValues(values(), {} as { ttlDays: number }).invoke(), "ttlDays"],
      [() => client.storeValues({}, { ttlDays: 1 }).invoke(), "values"],
      [() => client.storeValues({ age: 42 } as never, { ttlDays: 1 }).invoke(), "values.age"],
      [
        () => client.storeValues(values(), { ttlDays: 1, updateIdentifier: "nope" }).invoke(),
        "updateIdentifier",
      ],
      [
        () => client.storeValues(values(), { ttlDays: 1, permissions: {} as Permissions }).invoke(),
        "permissions",
      ],
      [() => client.retrieveValues("not-a-uuid").invoke(), "id"],
      [() => client.deleteValues(42 as never).invoke(), "id"],
    ];
    for (const [call, argument] of cases) {
      const error = await call().catch((e: unknown) => e);
      expect(error, argument).toBeInstanceOf(InvalidArgumentError);
      expect((error as InvalidArgumentError).argument).toBe(argument);
    }
    expect(cluster.callsOf("PriceQuote")).toEqual([]);
    expect(cluster.payer.payments).toEqual([]);
  });
});

describe("the steps of a payable operation", () => {
  it("quote, then pay, then invoke, each step on its own", async () => {
    const { cluster, client } = await connect();
    const operation = client.storeValues({ a: new SecretInteger(1n) }, { ttlDays: 1 });
    expect(operation.name).toBe("storeValues");
    const quoted = await operation.quote();
    expect(quoted.quote.tokens).toBe(PRICE.tokens);
    expect(quoted.quote.credits).toBe(PRICE.credits);
    expect(cluster.payer.payments).toEqual([]);

    const paid = await quoted.pay();
    expect(cluster.payer.payments).toHaveLength(1);
    expect(cluster.callsOf("StoreValues")).toEqual([]);
    const id = await paid.invoke();
    expect(await client.retrieveValues(id).invoke()).toEqual({ a: new SecretInteger(1n) });
  });

  it("run with a receipt obtained by hand: requestQuote, a chain payment, getPaymentReceipt, invoke*", async () => {
    const { cluster, client } = await connect();
    const stored = { a: new SecretInteger(5n) };
    const quote = await client.requestQuote(client.storeValues(stored, { ttlDays: 2 }));
    const txHash = await cluster.payer.submitPayment(quote.tokens, quote.quote.nonce);
    const receipt = await client.getPaymentReceipt(quote, txHash);
    const id = await client.invokeStoreValues(receipt, stored);

    const retrieval = await client.requestQuote(client.retrieveValues(id));
    cluster.balances.set(client.userId.toHex(), PRICE.credits);
    const fromBalance = await client.getPaymentReceipt(retrieval.signed);
    expect(await client.invokeRetrieveValues(fromBalance)).toEqual(stored);
    await client.invokeDeleteValues(id);
    expect(cluster.nodes.every((node) => node.values.size === 0)).toBe(true);
  });
});
