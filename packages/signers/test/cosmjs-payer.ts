// A Payer that signs its MsgPayFor with any cosmjs OfflineDirectSigner and broadcasts it with cosmjs: how
// these tests let a threshold key pay for Nillion operations while NilChainPayer on this branch still
// takes a raw private key only (it takes any OfflineDirectSigner once the browser branch lands).
import { create, fromBinary, type MessageInitShape, toBinary } from "@bufbuild/protobuf";
import { type GeneratedType, type OfflineDirectSigner, Registry } from "@cosmjs/proto-signing";
import { calculateFee, defaultRegistryTypes, GasPrice, SigningStargateClient } from "@cosmjs/stargate";
import { type MsgPayFor, MsgPayForSchema } from "@nillion/proto/nillion/meta/v1/tx";
import type { VmClient } from "@nillion/vm-client";

export type Payer = Parameters<typeof VmClient.create>[2];

export const MSG_PAY_FOR_TYPE_URL = "/nillion.meta.v1.MsgPayFor";
/** Generous for one message: the devnet charges about 10 gas per transaction byte; gas is free there. */
export const FEE = calculateFee(400_000, GasPrice.fromString("0unil"));

// cosmjs encodes through a ts-proto-shaped codec; this one writes @nillion/proto's own bytes.
const msgPayForType = {
  fromPartial: (value: MessageInitShape<typeof MsgPayForSchema>): MsgPayFor => create(MsgPayForSchema, value),
  encode: (message: MsgPayFor) => ({ finish: () => toBinary(MsgPayForSchema, message) }),
  decode: (bytes: Uint8Array): MsgPayFor => fromBinary(MsgPayForSchema, bytes),
} as unknown as GeneratedType;

/** A cosmjs client of the chain at `rpcUrl` signing with `signer`, that knows MsgPayFor. */
export function chainClient(rpcUrl: string, signer: OfflineDirectSigner): Promise<SigningStargateClient> {
  const registry = new Registry([...defaultRegistryTypes, [MSG_PAY_FOR_TYPE_URL, msgPayForType]]);
  // Devnet blocks come every 10 ms; cosmjs would look for the transaction only every 3 s.
  return SigningStargateClient.connectWithSigner(rpcUrl, signer, { registry, broadcastPollIntervalMs: 50 });
}

/** The MsgPayFor `from` pays `amount` unil for `resource` with. */
export function msgPayFor(from: string, amount: bigint, resource: Uint8Array) {
  return {
    typeUrl: MSG_PAY_FOR_TYPE_URL,
    value: { resource, fromAddress: from, amount: [{ denom: "unil", amount: amount.toString() }] },
  };
}

/** Pays every quote from `signer`'s first account with one MsgPayFor, through `client`. */
export async function cosmjsPayer(
  client: SigningStargateClient,
  signer: OfflineDirectSigner,
): Promise<Payer> {
  const [account] = await signer.getAccounts();
  if (account === undefined) throw new Error("the signer has no account");
  return {
    walletAddress: account.address,
    async submitPayment(amount, resource) {
      const result = await client.signAndBroadcast(
        account.address,
        [msgPayFor(account.address, amount, resource)],
        FEE,
      );
      if (result.code !== 0) throw new Error(`MsgPayFor failed with code ${result.code}: ${result.rawLog}`);
      return result.transactionHash;
    },
  };
}
