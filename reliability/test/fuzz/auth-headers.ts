// The auth metadata of a fuzzed node call: usually a valid token for the target node (so that the call
// gets past authentication into the method), otherwise none, garbage, oversized, for another node,
// expired, mutated, or a cluster member's own token.
import {
  createSignedToken,
  encodeTokenHeader,
  type PrivateKey,
  TOKEN_BINARY_HEADER,
  TOKEN_HEADER,
} from "@nillion/crypto";
import type { SeededRandom } from "../support/seeded-random.js";
import type { FuzzNode } from "./fuzz-cluster.js";
import { mutateMessage } from "./mutate-message.js";

export interface AuthChoice {
  readonly headers: Readonly<Record<string, string>>;
  readonly label: string;
}

const MAX_TOKEN_BYTES = 40_000;
const BASE64 = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

/** Valid tokens by signer and node, with when they were made. */
const tokens = new Map<string, { header: string; madeAt: number }>();
/** A valid token is reused this long (its lifetime is 60 s), as the Rust client does. */
const TOKEN_REUSE_MS = 30_000;

/**
 * A valid token header for `nodeId` signed by `signer`, reused while it is fresh: signing and verifying
 * one per input would cost more than most inputs, and the node caches verified headers anyway (the
 * mutated, expired and foreign tokens are made afresh every time).
 */
export function validToken(signer: PrivateKey, nodeId: Uint8Array): string {
  const key = `${signer.publicKey.join(",")}/${nodeId.join(",")}`;
  const cached = tokens.get(key);
  if (cached !== undefined && Date.now() - cached.madeAt < TOKEN_REUSE_MS) return cached.header;
  const header = encodeTokenHeader(createSignedToken({ signer, targetNodeId: nodeId }));
  tokens.set(key, { header, madeAt: Date.now() });
  return header;
}

/**
 * Headers authenticating (or failing to authenticate) a call to `target` as `user`; `peer`, when given,
 * is a cluster member that may sign instead, for the node-to-node services.
 */
export function chooseAuth(
  random: SeededRandom,
  user: PrivateKey,
  target: FuzzNode,
  others: readonly FuzzNode[],
  peer?: FuzzNode,
): AuthChoice {
  const token = (signer: PrivateKey, nodeId: Uint8Array, now?: Date) =>
    createSignedToken({ signer, targetNodeId: nodeId, ...(now ? { now } : {}) });
  const roll = random.int(100);
  if (peer && roll < 40) {
    return {
      headers: { [TOKEN_HEADER]: validToken(peer.key, target.nodeId) },
      label: `peer-token(node ${peer.index})`,
    };
  }
  if (roll < 65) return { headers: { [TOKEN_HEADER]: validToken(user, target.nodeId) }, label: "user-token" };
  if (roll < 70) {
    const unpadded = validToken(user, target.nodeId).replace(/=+$/, "");
    return { headers: { [TOKEN_BINARY_HEADER]: unpadded }, label: "user-token-bin" };
  }
  if (roll < 80) return { headers: {}, label: "no-token" };
  if (roll < 84) {
    const text = Array.from({ length: 1 + random.int(200) }, () => BASE64[random.int(BASE64.length)]).join(
      "",
    );
    return {
      headers: { [random.pick([TOKEN_HEADER, TOKEN_BINARY_HEADER])]: text },
      label: `garbage-token(${text.length})`,
    };
  }
  if (roll < 87) {
    const length = random.pick([513, 4096, 60_000]);
    return { headers: { [TOKEN_HEADER]: "A".repeat(length) }, label: `huge-token(${length})` };
  }
  if (roll < 91) {
    const other = random.pick(others.filter((node) => node.index !== target.index));
    return {
      headers: { [TOKEN_HEADER]: encodeTokenHeader(token(user, other?.nodeId ?? new Uint8Array(20))) },
      label: "token-for-another-node",
    };
  }
  if (roll < 94) {
    const expired = token(user, target.nodeId, new Date(Date.now() - 3_600_000));
    return { headers: { [TOKEN_HEADER]: encodeTokenHeader(expired) }, label: "expired-token" };
  }
  const mutated = mutateMessage(token(user, target.nodeId), random);
  // Kept under what a server's header decoder takes (64 KiB): beyond, HTTP/2 itself ends the connection.
  const bytes = mutated.bytes.subarray(0, MAX_TOKEN_BYTES);
  const cut = bytes.length < mutated.bytes.length ? ", cut to 40,000 bytes" : "";
  return {
    headers: { [TOKEN_HEADER]: encodeTokenHeader(bytes) },
    label: `mutated-token(${mutated.label}${cut})`,
  };
}
