import { PrivateKey, type Signer } from "@nillion/crypto";
import type { Payer } from "@nillion/payments";
import { InvalidArgumentError } from "@nillion/types";
import { type Network, VmClient, type VmClientOptions } from "@nillion/vm-client";

/** 100 NIL: a hundred operations at the devnet's flat price of 1 NIL each. */
export const DEFAULT_TEST_FUNDS_UNIL = 100_000_000n;

/**
 * Options of {@link createTestClient}: those of `VmClient.create`, plus the user's key and funding.
 *
 * @example
 * ```ts
 * const options: TestClientOptions = { fundsUnil: 0n, paymentMode: "per-operation" }; // every operation paid on chain
 * ```
 */
export interface TestClientOptions extends VmClientOptions {
  /** Who the client acts as; a fresh secp256k1 key by default, so tests never share a user. */
  readonly key?: Signer;
  /**
   * unil put on the user's prepaid balance before the client is returned (100 NIL by default). Operations
   * are then paid from it, without waiting for a block each; `0n` skips it and every operation pays on chain.
   */
  readonly fundsUnil?: bigint;
}

/**
 * A client for a test: a fresh user whose balance is already funded through `payer`, so its operations
 * do not wait for a chain block each. Closing the client stays the caller's job, and so does
 * disconnecting `payer`; `useClient()` of `@nillion/devnet-test/vitest` does both for vitest tests.
 *
 * @throws {InvalidArgumentError} naming `options.fundsUnil` when it is not a bigint ≥ 0
 *
 * @example
 * ```ts
 * const payer = await NilChainPayer.connect(devnet.network, devnet.fundedKeys[0].privateKey, { pollIntervalMs: 10 });
 * const client = await createTestClient(devnet.network, payer);
 * try {
 *   await client.storeValues({ n: new SecretInteger(1n) }, { ttlDays: 1 }).invoke();
 * } finally {
 *   client.close();
 *   payer.disconnect();
 * }
 * ```
 */
export async function createTestClient(
  network: Network,
  payer: Payer,
  options: TestClientOptions = {},
): Promise<VmClient> {
  const { key = PrivateKey.generate(), fundsUnil = DEFAULT_TEST_FUNDS_UNIL, ...clientOptions } = options;
  if (typeof fundsUnil !== "bigint" || fundsUnil < 0n) {
    throw new InvalidArgumentError(
      `options.fundsUnil must be a bigint ≥ 0 (unil), got ${typeof fundsUnil === "bigint" ? fundsUnil : typeof fundsUnil}`,
      { argument: "options.fundsUnil" },
    );
  }
  const client = await VmClient.create(key, network, payer, clientOptions);
  if (fundsUnil === 0n) return client;
  try {
    await client.addFunds(fundsUnil);
  } catch (error) {
    client.close();
    throw error;
  }
  return client;
}
