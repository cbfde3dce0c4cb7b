// The error paths of wire-protocol.md §7 on a running devnet, over real sockets: each asserts the status code
// and the node's exact message, as clients and the official test suites see them.
import http2 from "node:http2";
import { create } from "@bufbuild/protobuf";
import { Code } from "@connectrpc/connect";
import { createSignedToken, encodeTokenHeader, PrivateKey, SecretMasker } from "@nillion/crypto";
import type { SignedReceipt } from "@nillion/proto/nillion/payments/v1/receipt";
import { PermissionsSchema } from "@nillion/proto/nillion/permissions/v1/permissions";
import { NamedValueSchema } from "@nillion/proto/nillion/values/v1/value";
import { Integer } from "@nillion/types";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Devnet } from "../src/index.js";
import { MAX_MESSAGE_BYTES } from "../src/index.js";
import { at, failure, sharesFor, startTestDevnet, TestUser } from "./cluster-helpers.js";

let devnet: Devnet;
let user: TestUser;
let masker: SecretMasker;
beforeAll(async () => {
  devnet = await startTestDevnet();
  user = new TestUser(devnet, { seed: "error paths", walletIndex: 5 });
  masker = new SecretMasker({
    prime: "SAFE_256_BITS",
    degree: 1,
    parties: devnet.layout.nodes.map((node) => node.nodeId),
  });
});
afterAll(() => devnet.stop());

const ownedBy = (owner: TestUser) =>
  create(PermissionsSchema, {
    owner: { contents: owner.userId },
    retrieve: [{ contents: owner.userId }],
    update: [{ contents: owner.userId }],
    delete: [{ contents: owner.userId }],
  });
const storeReceipt = () =>
  user.receipt({ operation: { case: "storeValues", value: { publicValuesCount: 1n, ttlDays: 1 } } });
const oneValue = () => sharesFor(masker.mask({ n: new Integer(1n) }), at(devnet.layout.nodes, 0).nodeId);
const share = (width: number) =>
  create(NamedValueSchema, {
    name: "x",
    value: { value: { case: "shamirShareInteger", value: { value: new Uint8Array(width).fill(1) } } },
  });

describe("authentication (§3.2)", () => {
  const nodeId = () => at(devnet.layout.nodes, 0).nodeId;
  // A client without a token interceptor, so that each call's header is the one under test.
  const membership = () =>
    at(new TestUser(devnet, { seed: "token user", walletIndex: 5, anonymous: true }).nodes, 0).membership;

  it("refuses an anonymous call to an identity-requiring RPC with 'permissions denied'", async () => {
    const anonymous = new TestUser(devnet, { seed: "nobody", walletIndex: 5, anonymous: true });
    expect(
      await failure(at(anonymous.nodes, 0).values.deleteValues({ valuesId: new Uint8Array(16) })),
    ).toEqual([Code.PermissionDenied, "permissions denied"]);
  });

  it("refuses a token for another node, an expired one, a forged one and an oversized header — Membership included", async () => {
    const key = PrivateKey.fromSeed("token user");
    const other = at(devnet.layout.nodes, 1).nodeId;
    const header = (value: string) => ({ headers: { "x-nillion-token": value } });
    const forOther = encodeTokenHeader(createSignedToken({ signer: key, targetNodeId: other }));
    const expired = encodeTokenHeader(
      createSignedToken({ signer: key, targetNodeId: nodeId(), now: new Date(Date.now() - 3_600_000) }),
    );
    const good = createSignedToken({ signer: key, targetNodeId: nodeId() });
    const forged = Uint8Array.from(good);
    forged[forged.length - 1] = (forged.at(-1) as number) ^ 1;
    for (const value of [forOther, expired, encodeTokenHeader(forged), "A".repeat(513)]) {
      expect((await failure(membership().cluster({}, header(value))))[0]).toBe(Code.Unauthenticated);
    }
    const binary = { headers: { "x-nillion-token-bin": encodeTokenHeader(good) } };
    expect((await membership().cluster({}, binary)).members).toHaveLength(3);
  });
});

describe("payments (§4)", () => {
  it("refuses a reused receipt and a reused quote with 'nonce already used'", async () => {
    const receipt = await storeReceipt();
    const values = at(user.nodes, 0).values;
    await values.storeValues({ values: oneValue(), permissions: ownedBy(user), signedReceipt: receipt });
    expect(
      await failure(
        values.storeValues({ values: oneValue(), permissions: ownedBy(user), signedReceipt: receipt }),
      ),
    ).toEqual([Code.FailedPrecondition, "nonce already used"]);

    const quote = await user.quote({ operation: { case: "poolStatus", value: {} } });
    const txHash = await user.payQuote(quote);
    await user.leader.payments.paymentReceipt({ signedQuote: quote, txHash });
    expect(await failure(user.leader.payments.paymentReceipt({ signedQuote: quote, txHash }))).toEqual([
      Code.FailedPrecondition,
      "nonce already used",
    ]);
  });

  it("refuses an underpayment, a payment for another quote, an unknown tx and a failed tx", async () => {
    const quote = await user.quote({ operation: { case: "poolStatus", value: {} } });
    const under = await user.payQuote(quote, 1n);
    expect(await failure(user.leader.payments.paymentReceipt({ signedQuote: quote, txHash: under }))).toEqual(
      [Code.InvalidArgument, "insufficient payment"],
    );
    const other = await user.quote({ operation: { case: "poolStatus", value: {} } });
    const forOther = await user.payQuote(other);
    expect(
      await failure(user.leader.payments.paymentReceipt({ signedQuote: quote, txHash: forOther })),
    ).toEqual([Code.InvalidArgument, "nonce in payment doens't match nonce in quote"]);
    expect(
      await failure(user.leader.payments.paymentReceipt({ signedQuote: quote, txHash: "AB".repeat(32) })),
    ).toEqual([Code.Unavailable, "transaction not found"]);
    // More than the wallet holds: the ante handler lets it into a block, where the transfer fails.
    const failed = await user.payQuote(quote, 10n ** 13n);
    expect(devnet.chain.tx(failed)?.code).not.toBe(0);
    const [code, message] = await failure(
      user.leader.payments.paymentReceipt({ signedQuote: quote, txHash: failed }),
    );
    expect(code).toBe(Code.InvalidArgument);
    expect(message).toMatch(/^payment transaction failed on chain \(code \d+/);
  });

  it("refuses a receipt for another operation, and a receipt whose signature is not the leader's", async () => {
    const receipt = await user.receipt({ operation: { case: "poolStatus", value: {} } });
    expect(
      await failure(
        at(user.nodes, 0).values.storeValues({
          values: oneValue(),
          permissions: ownedBy(user),
          signedReceipt: receipt,
        }),
      ),
    ).toEqual([Code.InvalidArgument, "receipt is not for a 'store values' operation"]);
    const forged = await storeReceipt();
    const signature = Uint8Array.from(forged.signature);
    signature[5] = (signature[5] as number) ^ 0xff;
    expect(
      await failure(
        at(user.nodes, 0).values.storeValues({
          values: oneValue(),
          permissions: ownedBy(user),
          signedReceipt: { ...forged, signature },
        }),
      ),
    ).toEqual([Code.InvalidArgument, "invalid signature"]);
  });
});

describe("values (§6.1–§6.3)", () => {
  it("refuses shares of the wrong width, no values, missing permissions and a bad id", async () => {
    const values = at(user.nodes, 0).values;
    const [code, message] = await failure(
      values.storeValues({
        values: [share(31)],
        permissions: ownedBy(user),
        signedReceipt: await storeReceipt(),
      }),
    );
    expect(code).toBe(Code.InvalidArgument);
    expect(message).toMatch(/^invalid values: /);
    expect(
      await failure(
        values.storeValues({ values: [], permissions: ownedBy(user), signedReceipt: await storeReceipt() }),
      ),
    ).toEqual([Code.InvalidArgument, "no values provided"]);
    expect(
      await failure(values.storeValues({ values: oneValue(), signedReceipt: await storeReceipt() })),
    ).toEqual([Code.InvalidArgument, "'permissions' is required when storing values"]);
    expect(await failure(values.deleteValues({ valuesId: new Uint8Array(5) }))).toEqual([
      Code.InvalidArgument,
      "values_id is not a uuid",
    ]);
    expect(await failure(values.deleteValues({ valuesId: new Uint8Array(16).fill(7) }))).toEqual([
      Code.NotFound,
      "value not found",
    ]);
  });

  const big = create(NamedValueSchema, {
    name: "big",
    value: { value: { case: "publicInteger", value: { value: new Uint8Array(MAX_MESSAGE_BYTES) } } },
  });

  it("refuses a message over 6 MiB with RESOURCE_EXHAUSTED and keeps serving", async () => {
    const [code] = await failure(
      at(user.nodes, 0).values.storeValues({
        values: [big],
        permissions: ownedBy(user),
        signedReceipt: await storeReceipt(),
      }),
    );
    expect(code).toBe(Code.ResourceExhausted);
    expect((await at(user.nodes, 0).membership.cluster({})).members).toHaveLength(3);
  });

  it("refuses two messages over 6 MiB sent at once alone: the calls beside them on the session are served", async () => {
    // A user of its own, so that the burst starts a fresh HTTP/2 session as a new VmClient's does.
    const node = at(new TestUser(devnet, { seed: "oversized burst", walletIndex: 5 }).nodes, 0);
    const refused = Promise.all([1, 2].map(() => failure(node.values.storeValues({ values: [big] }))));
    const served = Promise.all(Array.from({ length: 60 }, () => node.membership.cluster({})));
    expect((await refused).map(([code]) => code)).toEqual([Code.ResourceExhausted, Code.ResourceExhausted]);
    for (const cluster of await served) expect(cluster.members).toHaveLength(3);
  });

  // INTERNAL is what tonic answers for a body it cannot decode, and what connect-es answers too.
  it("answers malformed protobuf with INTERNAL, over gRPC-web as a browser would send it, and keeps serving", async () => {
    const url = `${devnet.bootnodeUrl}/nillion.values.v1.Values/StoreValues`;
    const body = Buffer.from([0, 0, 0, 0, 3, 0x0a, 0xff, 0xff]); // one frame: field 1, a length running past the end
    const response = await fetch(url, {
      method: "POST",
      headers: { "content-type": "application/grpc-web+proto", "x-grpc-web": "1" },
      body,
    });
    const status = response.headers.get("grpc-status") ?? (await trailerStatus(response));
    expect(Number(status)).toBe(Code.Internal);
    expect((await at(user.nodes, 0).membership.cluster({})).members).toHaveLength(3);
  });

  it("applies concurrent permission updates of one record one at a time, losing none", async () => {
    const receipt = await storeReceipt();
    const node = at(user.nodes, 0);
    const { valuesId } = await node.values.storeValues({
      values: oneValue(),
      permissions: ownedBy(user),
      signedReceipt: receipt,
    });
    const grantees = Array.from({ length: 12 }, (_, i) => PrivateKey.fromSeed(`grantee ${i}`).userId.bytes);
    const receipts: SignedReceipt[] = [];
    for (const _ of grantees) {
      receipts.push(await user.receipt({ operation: { case: "updatePermissions", value: { valuesId } } }));
    }
    await Promise.all(
      grantees.map((grantee, i) =>
        node.permissions.updatePermissions({
          retrieve: { grant: [{ contents: grantee }] },
          signedReceipt: receipts[i],
        }),
      ),
    );
    const read = await user.receipt({ operation: { case: "retrievePermissions", value: { valuesId } } });
    const permissions = await node.permissions.retrievePermissions({ signedReceipt: read });
    expect(permissions.retrieve).toHaveLength(13);
  });
});

/** The grpc-status of a gRPC-web response whose status came in the body's trailer frame. */
async function trailerStatus(response: Response): Promise<string | null> {
  const bytes = new Uint8Array(await response.arrayBuffer());
  let offset = 0;
  while (offset + 5 <= bytes.length) {
    const flags = bytes[offset] as number;
    const length = new DataView(bytes.buffer, bytes.byteOffset + offset + 1, 4).getUint32(0);
    const frame = bytes.subarray(offset + 5, offset + 5 + length);
    if (flags & 0x80) return /grpc-status:\s*(\d+)/i.exec(new TextDecoder().decode(frame))?.[1] ?? null;
    offset += 5 + length;
  }
  return null;
}

describe("deadlines", () => {
  /** The grpc-status of an empty-bodied NodeVersion call sent with `grpc-timeout: timeout`. */
  async function statusWithTimeout(timeout: string): Promise<string | undefined> {
    const session = http2.connect(devnet.bootnodeUrl);
    try {
      const stream = session.request({
        ":method": "POST",
        ":path": "/nillion.membership.v1.Membership/NodeVersion",
        "content-type": "application/grpc",
        te: "trailers",
        "grpc-timeout": timeout,
      });
      stream.end(new Uint8Array(5));
      stream.resume();
      const [headers, trailers] = await Promise.all([
        new Promise<http2.IncomingHttpHeaders>((resolve) => stream.once("response", resolve)),
        new Promise<http2.IncomingHttpHeaders>((resolve) => {
          stream.once("trailers", resolve);
          stream.once("end", () => resolve({}));
        }),
      ]);
      return String(trailers["grpc-status"] ?? headers["grpc-status"]);
    } finally {
      session.close();
    }
  }

  it("serves a call whose deadline is longer than a Node timer can wait, instead of expiring it at once", async () => {
    const warnings: Error[] = [];
    const onWarning = (warning: Error) => warnings.push(warning);
    process.on("warning", onWarning);
    try {
      // 99,999,999 hours: a timer that long would overflow and fire after 1 ms; 24 days is within reach.
      for (const timeout of ["99999999H", "2073600S"]) expect(await statusWithTimeout(timeout)).toBe("0");
      expect(await statusWithTimeout("1x")).toBe(String(Code.InvalidArgument));
    } finally {
      process.off("warning", onWarning);
    }
    expect(warnings.map((warning) => warning.name)).not.toContain("TimeoutOverflowWarning");
  });
});
