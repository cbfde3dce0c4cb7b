// Every client RPC of a running devnet, over real sockets, with each protocol a node serves on its one port:
// native gRPC (Python, Rust), gRPC-web over HTTP/1.1 (the official TS client) and HTTP/2, and Connect.
import fs from "node:fs";
import path from "node:path";
import { create, fromBinary, toBinary } from "@bufbuild/protobuf";
import { Code, ConnectError } from "@connectrpc/connect";
import { SecretMasker } from "@nillion/crypto";
import { PreconditionFailureSchema } from "@nillion/proto/google/rpc/error_details";
import { PublicKeyType } from "@nillion/proto/nillion/auth/v1/public_key";
import { Prime } from "@nillion/proto/nillion/membership/v1/cluster";
import { AddFundsPayloadSchema } from "@nillion/proto/nillion/payments/v1/balance";
import { PriceQuoteSchema } from "@nillion/proto/nillion/payments/v1/quote";
import { PermissionsSchema } from "@nillion/proto/nillion/permissions/v1/permissions";
import { bytesToHex, Integer, SecretBlob, SecretInteger, SecretUnsignedInteger } from "@nillion/types";
import { sha256 } from "@noble/hashes/sha2.js";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Devnet } from "../src/index.js";
import {
  at,
  failure,
  PROTOCOLS,
  type Protocol,
  sharesFor,
  startTestDevnet,
  TestUser,
} from "./cluster-helpers.js";

const fixtures = path.resolve(import.meta.dirname, "../../../../shared/fixtures/nada");
const program = new Uint8Array(fs.readFileSync(path.join(fixtures, "arith_basic.nada.bin")));

let devnet: Devnet;
beforeAll(async () => {
  devnet = await startTestDevnet();
});
afterAll(() => devnet.stop());

const ownedBy = (user: TestUser) =>
  create(PermissionsSchema, {
    owner: { contents: user.userId },
    retrieve: [{ contents: user.userId }],
    update: [{ contents: user.userId }],
    delete: [{ contents: user.userId }],
  });

describe.each(Object.keys(PROTOCOLS) as Protocol[])("over %s", (protocol) => {
  const walletIndex = Object.keys(PROTOCOLS).indexOf(protocol);
  let user: TestUser;
  beforeAll(() => {
    user = new TestUser(devnet, { seed: `user over ${protocol}`, walletIndex, protocol });
  });

  it("answers Membership on every node without a token, with both key fields", async () => {
    const anonymous = new TestUser(devnet, { seed: "anonymous", walletIndex, protocol, anonymous: true });
    for (const [index, node] of anonymous.nodes.entries()) {
      const cluster = await node.membership.cluster({});
      expect(cluster.members.map((member) => member.grpcEndpoint)).toEqual(
        devnet.layout.nodes.map((n) => n.grpcEndpoint),
      );
      for (const [i, member] of cluster.members.entries()) {
        const identity = devnet.layout.nodes[i];
        expect(member.identity?.contents).toEqual(identity?.nodeId);
        expect(member.publicKey).toMatchObject({
          keyType: PublicKeyType.SECP256K1,
          contents: identity?.publicKey,
        });
        expect(member.publicKeys?.authentication?.contents).toEqual(identity?.publicKey);
      }
      expect(cluster.leader?.identity?.contents).toEqual(devnet.layout.leader.nodeId);
      expect([cluster.prime, cluster.polynomialDegree]).toEqual([Prime.SAFE_256_BITS, 1]);
      const version = await node.membership.nodeVersion({});
      expect([version.version?.major, version.version?.minor], `node ${index}`).toEqual([0n, 10n]);
    }
  });

  it("stores values on every node, retrieves and unmasks them, updates and deletes them", async () => {
    const masker = new SecretMasker({
      prime: "SAFE_256_BITS",
      degree: 1,
      parties: devnet.layout.nodes.map((node) => node.nodeId),
    });
    const secrets = {
      balance: new SecretInteger(-42n),
      count: new SecretUnsignedInteger(7n),
      note: new SecretBlob(new TextEncoder().encode("hello, nodes")),
      public_rate: new Integer(3n),
    };
    const shares = masker.mask(secrets);
    const storeReceipt = await user.receipt({
      operation: { case: "storeValues", value: { secretSharedCount: 3n, publicValuesCount: 1n, ttlDays: 2 } },
    });
    const ids = await Promise.all(
      user.nodes.map((node, index) =>
        node.values.storeValues({
          values: sharesFor(shares, at(devnet.layout.nodes, index).nodeId),
          permissions: ownedBy(user),
          signedReceipt: storeReceipt,
        }),
      ),
    );
    const valuesId = ids[0]?.valuesId as Uint8Array;
    expect(valuesId).toHaveLength(16);
    for (const id of ids) expect(id.valuesId).toEqual(valuesId);

    const retrieveReceipt = await user.receipt({
      operation: { case: "retrieveValues", value: { valuesId } },
    });
    const retrieved = await Promise.all(
      user.nodes.map((node) => node.values.retrieveValues({ signedReceipt: retrieveReceipt })),
    );
    const back = masker.unmask(
      retrieved.map((response, index) => ({
        party: at(devnet.layout.nodes, index).nodeId,
        values: response.values,
      })),
    );
    expect(back).toEqual(secrets);

    const update = masker.mask({ balance: new SecretInteger(1_000n) });
    const updateReceipt = await user.receipt({
      operation: { case: "storeValues", value: { secretSharedCount: 1n, ttlDays: 2 } },
    });
    await Promise.all(
      user.nodes.map((node, index) =>
        node.values.storeValues({
          values: sharesFor(update, at(devnet.layout.nodes, index).nodeId),
          updateIdentifier: valuesId,
          signedReceipt: updateReceipt,
        }),
      ),
    );
    const again = await user.receipt({ operation: { case: "retrieveValues", value: { valuesId } } });
    const updated = await Promise.all(
      user.nodes.map((node) => node.values.retrieveValues({ signedReceipt: again })),
    );
    expect(
      masker.unmask(
        updated.map((response, index) => ({
          party: at(devnet.layout.nodes, index).nodeId,
          values: response.values,
        })),
      ),
    ).toEqual({ balance: new SecretInteger(1_000n) });

    await Promise.all(user.nodes.map((node) => node.values.deleteValues({ valuesId })));
    const gone = await user.receipt({ operation: { case: "retrieveValues", value: { valuesId } } });
    expect(await failure(at(user.nodes, 0).values.retrieveValues({ signedReceipt: gone }))).toEqual([
      Code.NotFound,
      "value not found",
    ]);
  });

  it("retrieves, overwrites and updates permissions", async () => {
    const friend = new TestUser(devnet, { seed: `friend over ${protocol}`, walletIndex, protocol });
    const storeReceipt = await user.receipt({
      operation: { case: "storeValues", value: { publicValuesCount: 1n, ttlDays: 1 } },
    });
    const masker = new SecretMasker({
      prime: "SAFE_256_BITS",
      degree: 1,
      parties: devnet.layout.nodes.map((node) => node.nodeId),
    });
    const shares = masker.mask({ n: new Integer(1n) });
    const { valuesId } = await at(user.nodes, 0).values.storeValues({
      values: sharesFor(shares, at(devnet.layout.nodes, 0).nodeId),
      permissions: ownedBy(user),
      signedReceipt: storeReceipt,
    });
    const read = await user.receipt({ operation: { case: "retrievePermissions", value: { valuesId } } });
    expect(await at(user.nodes, 0).permissions.retrievePermissions({ signedReceipt: read })).toEqual(
      ownedBy(user),
    );

    const grant = await user.receipt({ operation: { case: "updatePermissions", value: { valuesId } } });
    await at(user.nodes, 0).permissions.updatePermissions({
      retrieve: { grant: [{ contents: friend.userId }] },
      signedReceipt: grant,
    });
    const read2 = await friend.receipt({ operation: { case: "retrievePermissions", value: { valuesId } } });
    const granted = await at(friend.nodes, 0).permissions.retrievePermissions({ signedReceipt: read2 });
    expect(granted.retrieve.map((user) => bytesToHex(user.contents))).toEqual([
      bytesToHex(user.userId),
      bytesToHex(friend.userId),
    ]);

    const overwrite = await user.receipt({
      operation: { case: "overwritePermissions", value: { valuesId } },
    });
    await at(user.nodes, 0).permissions.overwritePermissions({
      permissions: ownedBy(user),
      signedReceipt: overwrite,
    });
    const read3 = await friend.receipt({ operation: { case: "retrievePermissions", value: { valuesId } } });
    expect(
      await failure(at(friend.nodes, 0).permissions.retrievePermissions({ signedReceipt: read3 })),
    ).toEqual([Code.PermissionDenied, "user does not have permissions for action"]);
  });

  it("stores a program under <user>/<name>/sha256/<hash> on every node", async () => {
    const digest = sha256(program);
    const receipt = await user.receipt({
      operation: {
        case: "storeProgram",
        value: { name: "arith_basic", contentsSha256: digest, metadata: {} },
      },
    });
    const ids = await Promise.all(
      user.nodes.map((node) => node.programs.storeProgram({ program, signedReceipt: receipt })),
    );
    for (const { programId } of ids) {
      expect(programId).toBe(`${bytesToHex(user.userId)}/arith_basic/sha256/${bytesToHex(digest)}`);
    }
  });

  it("reports the pool status on the leader, for a receipt", async () => {
    const receipt = await user.receipt({ operation: { case: "poolStatus", value: {} } });
    const status = await user.leader.leaderQueries.poolStatus({ signedReceipt: receipt });
    for (const offsets of status.offsets) expect(offsets.start).toBeLessThanOrEqual(offsets.end);
    expect(await failure(user.leader.leaderQueries.poolStatus({ signedReceipt: receipt }))).toEqual([
      Code.FailedPrecondition,
      "nonce already used",
    ]);
  });

  it("reports the pool status to a caller without a token: the receipt is the credential (regression)", async () => {
    const anonymous = new TestUser(devnet, { seed: "anonymous", walletIndex, protocol, anonymous: true });
    const receipt = await user.receipt({ operation: { case: "poolStatus", value: {} } });
    const status = await anonymous.leader.leaderQueries.poolStatus({ signedReceipt: receipt });
    expect(status.offsets.length).toBeGreaterThan(0);
    expect(await failure(anonymous.leader.leaderQueries.poolStatus({ signedReceipt: receipt }))).toEqual([
      Code.FailedPrecondition,
      "nonce already used",
    ]);
  });

  it("pays from a funded balance, and refuses with the PreconditionFailure detail when it runs out", async () => {
    const spender = new TestUser(devnet, { seed: `spender over ${protocol}`, walletIndex, protocol });
    const config = await spender.leader.payments.paymentsConfig({});
    expect(config).toMatchObject({ minimumAddFundsPayment: 10_000n, creditsPerNil: 100n });
    expect((await spender.leader.payments.accountBalance({})).balance).toBe(0n);

    const quote = await spender.quote({ operation: { case: "poolStatus", value: {} } });
    const refused = ConnectError.from(
      await spender.leader.payments.paymentReceipt({ signedQuote: quote }).catch((error: unknown) => error),
    );
    expect([refused.code, refused.rawMessage]).toEqual([Code.FailedPrecondition, "not enough funds"]);
    expect(refused.findDetails(PreconditionFailureSchema)).toEqual([
      expect.objectContaining({
        violations: [expect.objectContaining({ type: "PAYMENT", subject: "BALANCE" })],
      }),
    ]);

    const payload = toBinary(
      AddFundsPayloadSchema,
      create(AddFundsPayloadSchema, {
        recipient: { contents: spender.userId },
        nonce: crypto.getRandomValues(new Uint8Array(32)),
      }),
    );
    const txHash = await spender.payOnChain(sha256(payload), 2_000_000n);
    await spender.leader.payments.addFunds({ payload, txHash });
    expect((await spender.leader.payments.accountBalance({})).balance).toBe(200n);
    // The same quote, refused above for lack of funds, is now paid from the balance.
    const receipt = await spender.leader.payments.paymentReceipt({ signedQuote: quote });
    expect(fromBinary(PriceQuoteSchema, quote.quote).fees?.credits).toBe(100n);
    expect(receipt.receipt.length).toBeGreaterThan(0);
    expect((await spender.leader.payments.accountBalance({})).balance).toBe(100n);
    expect(
      await failure(spender.leader.payments.addFunds({ payload, txHash: txHash.toLowerCase() })),
    ).toEqual([Code.InvalidArgument, "payment transaction has already been processed"]);
  });

  it("serves Payments and LeaderQueries on the leader only", async () => {
    const follower = at(user.nodes, (devnet.layout.leaderIndex + 1) % user.nodes.length);
    expect((await failure(follower.payments.paymentsConfig({})))[0]).toBe(Code.Unimplemented);
    expect((await failure(follower.leaderQueries.poolStatus({})))[0]).toBe(Code.Unimplemented);
  });
});
