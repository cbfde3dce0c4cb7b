// Size budget entry: what a web app that stores and retrieves values pays for in its bundle.
import { PrivateKey } from "@nillion/crypto";
import { NilChainPayer } from "@nillion/payments";
import { SecretInteger } from "@nillion/types";
import { Network, VmClient } from "@nillion/vm-client";

export async function storeAndRetrieve(bootnode: string, chainProxy: string, walletKey: string) {
  const network = Network.devnet(bootnode, chainProxy);
  const payer = await NilChainPayer.connect(network, walletKey);
  const client = await VmClient.create(PrivateKey.generate(), network, payer);
  const id = await client.storeValues({ a: new SecretInteger(1n) }, { ttlDays: 1 }).invoke();
  return client.retrieveValues(id).invoke();
}
