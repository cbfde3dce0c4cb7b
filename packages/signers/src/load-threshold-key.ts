import { InvalidArgumentError, type ValuesId } from "@nillion/types";
import type { ThresholdKey, VmClient } from "@nillion/vm-client";
import { toKeyId } from "./key-id.js";
import { checkSigningOptions, type SigningOptions } from "./signing-options.js";

/** The part of `VmClient` that {@link loadThresholdKey} derives a public key through. */
export type PublicKeyClient = Pick<VmClient, "thresholdPublicKey">;

/**
 * The key `keyId` names, with its public key derived by the cluster through `VmClient.thresholdPublicKey`:
 * what `thresholdAccount` and `ThresholdCosmosSigner` take when only the key's id is known — a key imported
 * by someone else, or one whose owner granted this user compute on `builtin/tecdsa_sign` and nothing more.
 *
 * viem needs an account's address when the account is made, so the public key is obtained here, once,
 * rather than by the account or signer. It costs two paid signings of fixed labels (the ECDSA built-in
 * answers signatures only; the key is recovered from two of them), made by `client`, which must be allowed
 * to sign with the key. Keep the result to make more accounts or signers without paying again.
 *
 * @param client the VmClient that pays for the two signings
 * @param keyId the value set holding the key (`ValuesId` or its UUID string)
 * @param options `{ signal, timeoutMs }` for the two signings together
 * @returns `{ curve: "ecdsa", keyId, publicKey }`, as `generateThresholdKey({ curve: "ecdsa" })` returns it
 * @throws {InvalidArgumentError} for a client without `thresholdPublicKey`, a key id that is not a UUID or
 *   bad options; nothing is paid
 * @throws {PermissionDeniedError} the nodes refused this user compute on the key (the signings were paid)
 *
 * @example
 * ```ts
 * import { loadThresholdKey, thresholdAccount } from "@nillion/signers";
 *
 * const key = await loadThresholdKey(client, keyId); // keyId: a key this user may sign with
 * const account = thresholdAccount(client, key);
 * ```
 */
export async function loadThresholdKey(
  client: PublicKeyClient,
  keyId: ValuesId | string,
  options: SigningOptions = {},
): Promise<ThresholdKey<"ecdsa">> {
  if (typeof client?.thresholdPublicKey !== "function") {
    throw new InvalidArgumentError("client must be a VmClient (it has no thresholdPublicKey method)", {
      argument: "client",
    });
  }
  const id = toKeyId(keyId, "keyId");
  const { signal, timeoutMs } = checkSigningOptions(options, "options");
  const publicKey = await client.thresholdPublicKey({ keyId: id, curve: "ecdsa" }).invoke({
    ...(signal !== undefined ? { signal } : {}),
    ...(timeoutMs !== undefined ? { timeoutMs } : {}),
  });
  return { curve: "ecdsa", keyId: id, publicKey };
}
