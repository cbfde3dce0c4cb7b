// The README's "Use it in a web app" example, run as written by the browser suite in headless Chromium.
import { PrivateKey } from "@nillion/crypto";
import { NilChainPayer } from "@nillion/payments";
import {
  InputPartyBinding,
  Integer,
  OutputPartyBinding,
  Permissions,
  SecretBlob,
  SecretBoolean,
  SecretInteger,
} from "@nillion/types";
import { Network, VmClient } from "@nillion/vm-client";

/** A wallet extension as Keplr and Leap expose it on `window`. */
interface WalletExtension {
  enable(chainId: string): Promise<void>;
  getOfflineSigner(chainId: string): Parameters<typeof NilChainPayer.connectWithSigner>[1];
}

export async function runExample(
  wallet: WalletExtension,
  bootnode: string, // a node's gRPC-web URL, e.g. "http://127.0.0.1:37939"
  chainProxy: string, // the chain's JSON-RPC behind CORS headers, e.g. "http://127.0.0.1:48102"
  program: Uint8Array, // a compiled Nada program, e.g. fetched from your server
) {
  const network = Network.devnet(bootnode, chainProxy);

  // The user's wallet extension pays: every payment asks for approval in its popup.
  await wallet.enable(network.chainId);
  const payer = await NilChainPayer.connectWithSigner(network, wallet.getOfflineSigner(network.chainId));

  // Alice stores, Bob retrieves; both keys live only in this page.
  const alice = await VmClient.create(PrivateKey.generate(), network, payer);
  const bob = await VmClient.create(PrivateKey.generate(), network, payer);
  try {
    await alice.addFunds(1_000_000n); // 1 NIL of credits, paid once on chain

    const stored = {
      age: new SecretInteger(42n),
      note: new SecretBlob(new TextEncoder().encode("gm from the browser")),
      subscribed: new SecretBoolean(true),
      limit: new Integer(100n),
    };
    const valuesId = await alice.storeValues(stored, { ttlDays: 1 }).invoke();
    await alice
      .overwritePermissions(valuesId, Permissions.defaultsForUser(alice.userId).allowRetrieve(bob.userId))
      .invoke();
    const retrievedByBob = await bob.retrieveValues(valuesId).invoke();

    // arith_basic: party Dealer gives a, b and c, and gets prod = a·b + c − a and total = a + b + 10.
    const programId = await alice.storeProgram("arith-basic", program).invoke();
    const computeId = await alice
      .compute(
        programId,
        [new InputPartyBinding("Dealer", alice.userId)],
        [new OutputPartyBinding("Dealer", [alice.userId])],
        { a: new SecretInteger(5n), b: new SecretInteger(7n), c: new Integer(3n) },
      )
      .invoke();
    const results = await alice.retrieveComputeResults(computeId).invoke();
    return { retrievedByBob, results };
  } finally {
    alice.close();
    bob.close();
  }
}
