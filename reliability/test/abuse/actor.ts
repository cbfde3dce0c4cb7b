import { createSignedToken, encodeTokenHeader, PrivateKey, TOKEN_HEADER } from "@nillion/crypto";
import type { MovableClock } from "./movable-clock.js";
import type { RawNode } from "./raw-node.js";

/** Call options carrying one `x-nillion-token` header value. */
export interface TokenHeaders {
  readonly headers: Readonly<Record<string, string>>;
}

/**
 * A user of the devnet driving raw requests: its own secp256k1 key, signing tokens with the devnet's
 * clock (a token signed with real time would look expired once the suite moves the clock).
 *
 * @example
 * ```ts
 * const mallory = new Actor(PrivateKey.generate(), clock);
 * await leader.payments.accountBalance({}, mallory.auth(leader));
 * ```
 */
export class Actor {
  readonly key: PrivateKey;
  readonly #clock: MovableClock;

  constructor(key: PrivateKey, clock: MovableClock) {
    this.key = key;
    this.#clock = clock;
  }

  static generate(clock: MovableClock): Actor {
    return new Actor(PrivateKey.generate(), clock);
  }

  /** The 40-hex user id nodes see for this actor's tokens (also its balance key in a node's store). */
  get userHex(): string {
    return this.key.userId.toHex();
  }

  /** The raw 20 bytes of the user id, as `UserId.contents` on the wire. */
  get userBytes(): Uint8Array {
    return this.key.userId.bytes;
  }

  /** A fresh 60 s token for `node`, as the official clients make one per request. */
  token(node: Pick<RawNode, "nodeId">): string {
    return encodeTokenHeader(
      createSignedToken({ signer: this.key, targetNodeId: node.nodeId, now: this.#clock.now() }),
    );
  }

  /** Call options authenticating as this actor to `node`. */
  auth(node: Pick<RawNode, "nodeId">): TokenHeaders {
    return withToken(this.token(node));
  }
}

/** Call options sending `value` as the `x-nillion-token` header, whatever it holds. */
export function withToken(value: string): TokenHeaders {
  return { headers: { [TOKEN_HEADER]: value } };
}
