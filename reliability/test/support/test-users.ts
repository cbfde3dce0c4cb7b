import { PrivateKey, type Signer } from "@nillion/crypto";
import type { DevnetKey } from "@nillion/devnet";
import { NilChainPayer } from "@nillion/payments";
import { type Network, VmClient, type VmClientOptions } from "@nillion/vm-client";

/** A user of a devnet: a client with a fresh key, paying from a wallet of its own. */
export interface TestUser {
  readonly client: VmClient;
  readonly payer: NilChainPayer;
  close(): void;
}

/** What {@link openUser} needs: the devnet's network and a funded wallet key. */
export interface OpenUserOptions extends VmClientOptions {
  readonly network: Network;
  readonly wallet: Pick<DevnetKey, "privateKey">;
  /** The user's identity; a fresh key by default. */
  readonly key?: Signer;
  /** Credits to buy (in unil) before returning, so that balance-mode operations need no further tx. */
  readonly prepayUnil?: bigint;
}

/**
 * Connects a fresh user paying from `wallet`, polling the chain every 10 ms. Each user should have its own
 * wallet: a wallet's payments are serialised by its payer, and the suites measure nodes, not that queue.
 *
 * @example
 * ```ts
 * const user = await openUser({ network, wallet: devnet.chain.createFundedKey(10n ** 12n), prepayUnil: 10n ** 9n });
 * ```
 */
export async function openUser(options: OpenUserOptions): Promise<TestUser> {
  const { network, wallet, prepayUnil, key, ...clientOptions } = options;
  const payer = await NilChainPayer.connect(network, wallet.privateKey, { pollIntervalMs: 10 });
  let client: VmClient;
  try {
    client = await VmClient.create(key ?? PrivateKey.generate(), network, payer, clientOptions);
  } catch (error) {
    payer.disconnect();
    throw error;
  }
  const close = () => {
    client.close();
    payer.disconnect();
  };
  try {
    if (prepayUnil !== undefined) await client.addFunds(prepayUnil);
  } catch (error) {
    close();
    throw error;
  }
  return { client, payer, close };
}
