// Signed Cosmos transactions built by hand, so that any field — a MsgPayFor amount written "+1000000", a
// denom, a resource of the wrong length — can be what a real wallet would never send, and still be
// signed correctly.
import { create, toBinary } from "@bufbuild/protobuf";
import type { PrivateKey } from "@nillion/crypto";
import { MsgPayForSchema } from "@nillion/proto/nillion/meta/v1/tx";
import { PubKey } from "cosmjs-types/cosmos/crypto/secp256k1/keys";
import { SignMode } from "cosmjs-types/cosmos/tx/signing/v1beta1/signing";
import { AuthInfo, SignDoc, TxBody, TxRaw } from "cosmjs-types/cosmos/tx/v1beta1/tx";
import type { Any } from "cosmjs-types/google/protobuf/any";

export interface TxSpec {
  readonly key: PrivateKey;
  readonly chainId: string;
  readonly accountNumber: bigint;
  readonly sequence: bigint;
  readonly messages: readonly Any[];
  readonly gasLimit?: bigint;
  readonly memo?: string;
}

/** A MsgPayFor in an Any, with its amounts exactly as given (denom and decimal text both). */
export function payForMessage(
  fromAddress: string,
  resource: Uint8Array,
  amount: readonly { readonly denom: string; readonly amount: string }[],
): Any {
  const value = toBinary(
    MsgPayForSchema,
    create(MsgPayForSchema, { resource, fromAddress, amount: [...amount] }),
  );
  return { typeUrl: "/nillion.meta.v1.MsgPayFor", value };
}

/** `spec` signed in SIGN_MODE_DIRECT with a zero fee, as TxRaw bytes. */
export function signedTx(spec: TxSpec): Uint8Array {
  const bodyBytes = TxBody.encode(
    TxBody.fromPartial({ messages: [...spec.messages], memo: spec.memo ?? "" }),
  ).finish();
  const authInfoBytes = AuthInfo.encode(
    AuthInfo.fromPartial({
      signerInfos: [
        {
          publicKey: {
            typeUrl: "/cosmos.crypto.secp256k1.PubKey",
            value: PubKey.encode({ key: spec.key.publicKey }).finish(),
          },
          modeInfo: { single: { mode: SignMode.SIGN_MODE_DIRECT } },
          sequence: spec.sequence,
        },
      ],
      fee: { amount: [{ denom: "unil", amount: "0" }], gasLimit: spec.gasLimit ?? 200_000n },
    }),
  ).finish();
  const signDoc = SignDoc.encode({
    bodyBytes,
    authInfoBytes,
    chainId: spec.chainId,
    accountNumber: spec.accountNumber,
  }).finish();
  return TxRaw.encode({ bodyBytes, authInfoBytes, signatures: [spec.key.sign(signDoc)] }).finish();
}
