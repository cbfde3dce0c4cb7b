// The key-generation job on its own, three nodes over in-memory channels with a store each: how it marks
// its streams, what each node stores (its own share at values id = compute id, the owner's permissions,
// ten years, the cluster prime) and what it keeps for the output users.
import { create, fromBinary } from "@bufbuild/protobuf";
import { InMemoryNetwork } from "@nillion/mpc";
import { InvokeComputeRequestSchema } from "@nillion/proto/nillion/compute/v1/invoke";
import { ComputeType } from "@nillion/proto/nillion/compute/v1/stream";
import { Prime } from "@nillion/proto/nillion/membership/v1/cluster";
import { PermissionsSchema } from "@nillion/proto/nillion/permissions/v1/permissions";
import { NamedValueSchema } from "@nillion/proto/nillion/values/v1/value";
import { UserId } from "@nillion/types";
import { secp256k1 } from "@noble/curves/secp256k1.js";
import { expect, it } from "vitest";
import { MemoryStore } from "../src/index.js";
import { acceptKeyGeneration } from "../src/node/compute/accept-key-generation.js";
import { KEY_GENERATIONS } from "../src/node/compute/builtin-programs.js";
import { resultFor } from "../src/node/compute/compute-results.js";

const NOW = new Date("2027-03-01T00:00:00Z");
const owner = new UserId(new Uint8Array(20).fill(1));
const reader = new UserId(new Uint8Array(20).fill(2));

it("stores each node's share for the first output user for ten years, then keeps the outputs", async () => {
  const program = KEY_GENERATIONS.get("builtin/tecdsa_dkg");
  if (program === undefined) throw new Error("no ECDSA key generation");
  const idBytes = Uint8Array.from({ length: 16 }, (_, i) => i + 1);
  const id = "01020304-0506-0708-090a-0b0c0d0e0f10";
  const request = create(InvokeComputeRequestSchema, {
    outputBindings: [
      {
        partyName: "tecdsa_public_key_party",
        users: [{ contents: owner.bytes }, { contents: reader.bytes }],
      },
      { partyName: "tecdsa_private_key_store_id_party", users: [{ contents: owner.bytes }] },
    ],
  });
  const stores = [new MemoryStore(), new MemoryStore(), new MemoryStore()];
  const jobs = stores.map((store) =>
    acceptKeyGeneration({ request, program, id, idBytes, store, now: () => NOW }),
  );
  // Its messages are marked as the reference marks an ECDSA key generation's.
  for (const job of jobs) expect(job.computeType).toBe(ComputeType.ECDSA_DKG);
  const network = new InMemoryNetwork(3);
  const runs = await Promise.all(
    jobs.map((job, party) =>
      job.run({
        channel: network.channel(party),
        parties: 3,
        party,
        degree: 1,
        prime: Prime.SAFE_64_BITS,
      }),
    ),
  );

  const records = await Promise.all(stores.map((store) => store.getValues(id)));
  const shares = records.map((record, party) => {
    expect(record?.expiresAt).toEqual(new Date(NOW.getTime() + 3650 * 86_400_000));
    expect(record?.prime).toBe(Prime.SAFE_64_BITS);
    const permissions = fromBinary(PermissionsSchema, record?.permissionsBytes ?? new Uint8Array());
    expect(permissions.owner?.contents).toEqual(owner.bytes);
    expect(
      [permissions.retrieve, permissions.update, permissions.delete].map((list) =>
        list.map((u) => u.contents),
      ),
    ).toEqual(Array(3).fill([owner.bytes]));
    expect(permissions.compute.map(({ user, programIds }) => [user?.contents, programIds])).toEqual([
      [owner.bytes, ["builtin/tecdsa_sign"]],
    ]);
    expect(record?.valuesBytes).toHaveLength(1);
    const value = fromBinary(NamedValueSchema, record?.valuesBytes[0] ?? new Uint8Array());
    expect(value.name).toBe("tecdsa_private_key");
    if (value.value?.value.case !== "ecdsaPrivateKeyShare")
      throw new Error(`node ${party} stored ${value.value?.value.case}`);
    expect(value.value.value.value.i).toBe(party);
    return value.value.value.value;
  });
  const publicKey = shares[0]?.sharedPublicKey ?? new Uint8Array();
  const x = shares.reduce(
    (sum, share) => sum + BigInt(`0x${Buffer.from(share.x).reverse().toString("hex")}`),
    0n,
  );
  expect(secp256k1.Point.BASE.multiply(x % secp256k1.Point.Fn.ORDER).toBytes(true)).toEqual(publicKey);

  for (const { result } of runs) {
    // The owner, bound to both parties, gets both outputs; the reader the public key alone.
    expect(resultFor(result, owner)).toEqual({
      values: [
        expect.objectContaining({
          name: "tecdsa_store_id",
          value: expect.objectContaining({
            value: { case: "storeId", value: expect.objectContaining({ storeId: idBytes }) },
          }),
        }),
        expect.objectContaining({ name: "tecdsa_public_key" }),
      ],
    });
    const forReader = resultFor(result, reader);
    expect(
      forReader !== "unauthorized" && "values" in forReader && forReader.values.map((value) => value.name),
    ).toEqual(["tecdsa_public_key"]);
  }
});

it("fails when the key's values id is taken, keeping what is there", async () => {
  const program = KEY_GENERATIONS.get("builtin/teddsa_dkg");
  if (program === undefined) throw new Error("no EdDSA key generation");
  const request = create(InvokeComputeRequestSchema, {
    outputBindings: [
      { partyName: "teddsa_public_key_party", users: [{ contents: owner.bytes }] },
      { partyName: "teddsa_private_key_store_id_party", users: [{ contents: owner.bytes }] },
    ],
  });
  const id = "01020304-0506-0708-090a-0b0c0d0e0f11";
  const stores = [new MemoryStore(), new MemoryStore(), new MemoryStore()];
  const taken = {
    id,
    valuesBytes: [new Uint8Array([1])],
    permissionsBytes: new Uint8Array(),
    expiresAt: NOW,
    prime: 1,
  };
  await stores[1]?.createValues(taken);
  const network = new InMemoryNetwork(3);
  const outcomes = await Promise.allSettled(
    stores.map((store, party) =>
      acceptKeyGeneration({ request, program, id, idBytes: new Uint8Array(16), store, now: () => NOW }).run({
        channel: network.channel(party),
        parties: 3,
        party,
        degree: 1,
        prime: Prime.SAFE_128_BITS,
      }),
    ),
  );
  expect(outcomes.map((outcome) => outcome.status)).toEqual(["fulfilled", "rejected", "fulfilled"]);
  expect(String((outcomes[1] as PromiseRejectedResult).reason)).toContain(`values ${id} already exist`);
  expect((await stores[1]?.getValues(id))?.valuesBytes).toEqual([new Uint8Array([1])]);
});
