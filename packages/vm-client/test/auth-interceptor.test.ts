// Token reuse, offline: an in-memory node that checks tokens as a nilvm node does, against a clock the
// test moves, and a signer that counts its signatures.
import { Code, ConnectError, createClient, createRouterTransport } from "@connectrpc/connect";
import { PrivateKey, type Signer, TOKEN_HEADER, verifySignedToken } from "@nillion/crypto";
import { Membership } from "@nillion/proto/nillion/membership/v1/service";
import { describe, expect, it } from "vitest";
import { authInterceptor } from "../src/auth-interceptor.js";

const T0 = Date.parse("2026-01-01T00:00:00Z");

function countingSigner(): Signer & { signatures: number } {
  const key = PrivateKey.fromSeed("alice");
  const signer = {
    signatures: 0,
    keyType: key.keyType,
    publicKey: key.publicKey,
    sign(message: Uint8Array) {
      signer.signatures += 1;
      return key.sign(message);
    },
  };
  return signer;
}

/** One node whose clock runs `skewMs` ahead of the client's; it records the tokens it accepted. */
function node(
  clock: { now: number },
  signer: Signer,
  options: { skewMs?: number; refuseCalls?: readonly number[] } = {},
) {
  const nodeId = PrivateKey.fromSeed(`node-${Math.random()}`).publicKey.subarray(1, 21);
  const accepted: string[] = [];
  let calls = 0;
  const transport = createRouterTransport(
    (router) =>
      router.service(Membership, {
        nodeVersion(_request, context) {
          const header = context.requestHeader.get(TOKEN_HEADER) ?? "";
          calls += 1;
          if (options.refuseCalls?.includes(calls)) {
            throw new ConnectError("token is expired", Code.Unauthenticated);
          }
          try {
            verifySignedToken(header, { nodeId, now: new Date(clock.now + (options.skewMs ?? 0)) });
          } catch (error) {
            throw new ConnectError((error as Error).message, Code.Unauthenticated);
          }
          accepted.push(header);
          return {};
        },
      }),
    { transport: { interceptors: [authInterceptor(signer, nodeId, { now: () => clock.now })] } },
  );
  return { client: createClient(Membership, transport), accepted };
}

describe("authInterceptor", () => {
  it("signs one token per node for many calls within its lifetime", async () => {
    const clock = { now: T0 };
    const signer = countingSigner();
    const nodes = [node(clock, signer), node(clock, signer), node(clock, signer)];
    for (let i = 0; i < 10; i++) {
      await Promise.all(nodes.map((n) => n.client.nodeVersion({})));
      clock.now += 2_000;
    }
    expect(signer.signatures).toBe(3);
    for (const n of nodes) expect(new Set(n.accepted).size).toBe(1);
  });

  it("replaces a token before it expires, so none is sent with less than half its life left", async () => {
    const clock = { now: T0 };
    const signer = countingSigner();
    const { client, accepted } = node(clock, signer);
    await client.nodeVersion({});
    clock.now = T0 + 29_999;
    await client.nodeVersion({});
    expect(signer.signatures).toBe(1);
    clock.now = T0 + 30_000;
    await client.nodeVersion({});
    expect(signer.signatures).toBe(2);
    expect(new Set(accepted).size).toBe(2);
  });

  it("keeps working against a node whose clock is 25 s ahead", async () => {
    const clock = { now: T0 };
    const signer = countingSigner();
    const { client } = node(clock, signer, { skewMs: 25_000 });
    for (let elapsed = 0; elapsed <= 120_000; elapsed += 1_000) {
      clock.now = T0 + elapsed;
      await client.nodeVersion({});
    }
    expect(signer.signatures).toBe(5);
  });

  it("re-signs once when the node refuses a reused token, and sends the call again", async () => {
    const clock = { now: T0 };
    const signer = countingSigner();
    const { client, accepted } = node(clock, signer);
    await client.nodeVersion({});
    const { client: refusing, accepted: refusingAccepted } = node(clock, signer, { skewMs: 45_000 });
    await refusing.nodeVersion({}); // fresh: 60 s left, 15 s by that node's clock
    clock.now += 20_000; // reused token: expired by the node's clock
    await refusing.nodeVersion({});
    expect(refusingAccepted).toHaveLength(2);
    expect(new Set(refusingAccepted).size).toBe(2);
    expect(signer.signatures).toBe(3);
    expect(accepted).toHaveLength(1);
  });

  it("does not resend when a fresh token is refused, nor resend more than once", async () => {
    const clock = { now: T0 };
    const fresh = countingSigner();
    const first = node(clock, fresh, { refuseCalls: [1] });
    await expect(first.client.nodeVersion({})).rejects.toMatchObject({ code: Code.Unauthenticated });
    expect(fresh.signatures).toBe(1);

    const reused = countingSigner();
    const second = node(clock, reused, { refuseCalls: [2, 3] });
    await second.client.nodeVersion({});
    await expect(second.client.nodeVersion({})).rejects.toMatchObject({ code: Code.Unauthenticated });
    expect(reused.signatures).toBe(2);
    // The refused token is not used again.
    await second.client.nodeVersion({});
    expect(reused.signatures).toBe(3);
    expect(second.accepted).toHaveLength(2);
  });
});
