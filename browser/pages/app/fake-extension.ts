// Stands in for Keplr/Leap in the suite: `window.keplr`-shaped, over a cosmjs wallet the way an extension
// holds its key, with an approval delay on every signature and a switch to refuse.
import { DirectSecp256k1Wallet, type OfflineDirectSigner } from "@cosmjs/proto-signing";

export interface FakeExtension {
  enable(chainId: string): Promise<void>;
  getOfflineSigner(chainId: string): OfflineDirectSigner;
  /** Signatures approved so far. */
  approved: number;
  /** When true, the next signature request is refused as a user would. */
  refuseNext: boolean;
}

export async function fakeExtension(privateKeyHex: string): Promise<FakeExtension> {
  const key = Uint8Array.from(privateKeyHex.match(/../g) ?? [], (byte) => Number.parseInt(byte, 16));
  const wallet = await DirectSecp256k1Wallet.fromKey(key, "nillion");
  const extension: FakeExtension = {
    approved: 0,
    refuseNext: false,
    enable: async () => {},
    getOfflineSigner: () => ({
      getAccounts: () => wallet.getAccounts(),
      signDirect: async (address, signDoc) => {
        await new Promise((resolve) => setTimeout(resolve, 100)); // the user reads the popup
        if (extension.refuseNext) {
          extension.refuseNext = false;
          throw new Error("Request rejected");
        }
        extension.approved += 1;
        return wallet.signDirect(address, signDoc);
      },
    }),
  };
  return extension;
}
