// The ante handler nilchain runs before any message (app/ante.go: the SDK v0.50 decorators, in order).
// It checks the tx against the signers' accounts, charges the fee, records public keys, verifies
// SIGN_MODE_DIRECT signatures and bumps sequences. With `simulate` (the Simulate query) signatures are not
// verified and public keys need not match, but sequences still must.
import { hexToBytes } from "@nillion/types";
import { SignDoc } from "cosmjs-types/cosmos/tx/v1beta1/tx";
import { getAccount, setAccount } from "./accounts.js";
import { addressFromPublicKey, decodeAddress, encodeAddress } from "./address.js";
import { sendCoinsToModule } from "./bank.js";
import { areValidCoins, areZeroCoins, coinsToString, hasNegativeCoin } from "./coins.js";
import type { Context } from "./context.js";
import { ERR, FEEGRANT_NOT_FOUND, plainError, SdkError, sdkError } from "./errors.js";
import { event } from "./events.js";
import { AUTH_PARAMS, FEE_COLLECTOR_MODULE, MAX_GAS_WANTED } from "./params.js";
import { verifySecp256k1 } from "./secp256k1-verify.js";
import type { AccountRecord } from "./state.js";
import type { DecodedFee, DecodedTx, SignMode } from "./tx-decoder.js";

// The key the SDK puts on accounts without one while simulating, so gas counts a real key's costs.
const SIMULATION_PUBKEY = hexToBytes("035ad6810a47f073553ff30d2fcc7e0d3b1c0b74b61a1aaa2582344037151e143a");
// Size of an amino StdSignature with a secp256k1 key and 64-byte signature, plus the SDK's 6: the bytes a
// missing signature will add, charged while simulating.
const SIMULATED_SIGNATURE_BYTES = 112n;
const SIGN_MODE_DIRECT = 1;
const SIGN_MODE_LEGACY_AMINO_JSON = 127;
const SIGN_MODE_NAMES: Readonly<Record<number, string>> = {
  0: "SIGN_MODE_UNSPECIFIED",
  1: "SIGN_MODE_DIRECT",
  2: "SIGN_MODE_TEXTUAL",
  3: "SIGN_MODE_DIRECT_AUX",
  127: "SIGN_MODE_LEGACY_AMINO_JSON",
  191: "SIGN_MODE_EIP_191",
};

/**
 * Runs the ante decorators on `tx`; their writes go to `ctx.state` and their events to `ctx.events`.
 *
 * @throws {SdkError} the first check that fails, with the SDK's code and log
 * @throws {OutOfGasError} when the gas limit runs out (the caller reports it as code 11)
 */
export function anteHandle(ctx: Context, tx: DecodedTx, simulate: boolean): void {
  if (tx.extensionOptions.length > 0) throw sdkError(ERR.unknownExtensionOptions);
  const { fee, signers } = validateBasic(tx);
  const signerCount = tx.signers.length;
  // The SDK indexes signers by signer info; more infos than signers would crash it.
  if (signerCount > signers.length) throw wrongSignerCount(signers.length, signerCount);

  if (tx.timeoutHeight > 0n && BigInt(ctx.height) > tx.timeoutHeight) {
    throw sdkError(ERR.txTimeoutHeight, `block height: ${ctx.height}, timeout height: ${tx.timeoutHeight}`);
  }
  const memoLength = new TextEncoder().encode(tx.memo).length;
  if (memoLength > AUTH_PARAMS.maxMemoCharacters) {
    throw sdkError(
      ERR.memoTooLarge,
      `maximum number of characters is ${AUTH_PARAMS.maxMemoCharacters} but received ${memoLength} characters`,
    );
  }
  consumeTxSizeGas(ctx, tx, signers, simulate);
  deductFee(ctx, fee, signers);
  setPubKeys(ctx, tx, signers, simulate);
  if (signerCount > AUTH_PARAMS.txSigLimit) {
    throw sdkError(ERR.tooManySignatures, `signatures: ${signerCount}, limit: ${AUTH_PARAMS.txSigLimit}`);
  }
  for (let i = 0; i < signerCount; i++) {
    const account = signerAccount(ctx, signers[i] as string);
    if (account.pubKey === undefined && !simulate) {
      throw sdkError(ERR.invalidPubKey, "unrecognized public key type: <nil>");
    }
    ctx.gas.consume(AUTH_PARAMS.sigVerifyCostSecp256k1, "ante verify: secp256k1");
  }
  verifySignatures(ctx, tx, signers, simulate);
  for (const signer of signers) {
    const account = signerAccount(ctx, signer);
    setAccount(ctx, { ...account, sequence: account.sequence + 1n });
  }
}

/** The addresses that must sign `tx`: message signers in order, then a distinct fee payer. */
function requiredSigners(tx: DecodedTx, fee: DecodedFee): string[] {
  const signers: string[] = [];
  const add = (text: string) => {
    const address = encodeAddress(decodeAddress(text));
    if (!signers.includes(address)) signers.push(address);
  };
  for (const message of tx.messages) add(message.signer);
  if (fee.payer !== "") add(fee.payer);
  return signers;
}

function validateBasic(tx: DecodedTx): { fee: DecodedFee; signers: string[] } {
  const fee = tx.fee;
  if (fee === undefined) throw plainError("missing fee");
  if (fee.gasLimit > MAX_GAS_WANTED) {
    throw sdkError(ERR.invalidRequest, `invalid gas supplied; ${fee.gasLimit} > ${MAX_GAS_WANTED}`);
  }
  if (fee.hasNilAmount) throw sdkError(ERR.insufficientFee, "invalid fee provided: null");
  if (hasNegativeCoin(fee.amount)) {
    throw sdkError(ERR.insufficientFee, `invalid fee provided: ${coinsToString(fee.amount)}`);
  }
  if (tx.signatures.length === 0) throw sdkError(ERR.noSignatures);
  const signers = requiredSigners(tx, fee);
  if (tx.signatures.length !== signers.length) {
    throw sdkError(
      ERR.unauthorized,
      `wrong number of signers; expected ${signers.length}, got ${tx.signatures.length}`,
    );
  }
  return { fee, signers };
}

function consumeTxSizeGas(ctx: Context, tx: DecodedTx, signers: readonly string[], simulate: boolean): void {
  ctx.gas.consume(AUTH_PARAMS.txSizeCostPerByte * BigInt(tx.bytes.length), "txSize");
  if (!simulate) return;
  signers.forEach((signer, i) => {
    const signed =
      i < tx.signers.length && tx.signers[i]?.mode !== undefined && (tx.signatures[i]?.length ?? 0) > 0;
    if (signed) return;
    getAccount(ctx, signer);
    ctx.gas.consume(AUTH_PARAMS.txSizeCostPerByte * SIMULATED_SIGNATURE_BYTES, "txSize");
  });
}

// A zero gas limit never gets here outside Simulate: the tx-size charge runs out of gas first.
function deductFee(ctx: Context, fee: DecodedFee, signers: readonly string[]): void {
  // The first required signer pays unless AuthInfo names a payer, who is then a required signer too.
  const payer = fee.payer === "" ? (signers[0] as string) : encodeAddress(decodeAddress(fee.payer));
  // No fee grant can exist on this chain (it has no feegrant messages), so only the payer itself may grant.
  if (fee.granter !== "" && fee.granter !== payer) {
    throw sdkError(FEEGRANT_NOT_FOUND, `${fee.granter} does not allow to pay fees for ${payer}`);
  }
  if (getAccount(ctx, payer) === undefined) {
    throw sdkError(ERR.unknownAddress, `fee payer address: ${payer} does not exist`);
  }
  if (!areZeroCoins(fee.amount)) {
    if (!areValidCoins(fee.amount)) {
      throw sdkError(ERR.insufficientFee, `invalid fee amount: ${coinsToString(fee.amount)}`);
    }
    try {
      sendCoinsToModule(ctx, payer, FEE_COLLECTOR_MODULE, fee.amount);
    } catch (error) {
      if (error instanceof SdkError) throw sdkError(ERR.insufficientFunds, error.message);
      throw error;
    }
  }
  ctx.events.emit(event("tx", ["fee", coinsToString(fee.amount)], ["fee_payer", payer]));
}

function setPubKeys(ctx: Context, tx: DecodedTx, signers: readonly string[], simulate: boolean): void {
  tx.signers.forEach((info, i) => {
    const signer = signers[i] as string;
    const key = info.publicKey ?? (simulate ? SIMULATION_PUBKEY : undefined);
    if (key === undefined) return;
    if (key.length !== 33) throw sdkError(ERR.invalidPubKey, "length of pubkey is incorrect");
    if (!simulate && addressFromPublicKey(key) !== signer) {
      throw sdkError(
        ERR.invalidPubKey,
        `pubKey does not match signer address ${signer} with signer index: ${i}`,
      );
    }
    const account = signerAccount(ctx, signer);
    if (account.pubKey === undefined) setAccount(ctx, { ...account, pubKey: key });
  });
  tx.signers.forEach((info, i) => {
    // Without mode info the SDK has no signature data to index and gives up.
    if (info.mode === undefined) throw plainError("got empty SignatureData");
    ctx.events.emit(
      event("tx", ["acc_seq", `${signers[i]}/${info.sequence}`]),
      event("tx", ["signature", Buffer.from(tx.signatures[i] ?? new Uint8Array()).toString("base64")]),
    );
  });
}

function verifySignatures(ctx: Context, tx: DecodedTx, signers: readonly string[], simulate: boolean): void {
  if (tx.signers.length !== signers.length) throw wrongSignerCount(signers.length, tx.signers.length);
  tx.signers.forEach((info, i) => {
    const account = signerAccount(ctx, signers[i] as string);
    if (info.sequence !== account.sequence) {
      throw sdkError(
        ERR.wrongSequence,
        `account sequence mismatch, expected ${account.sequence}, got ${info.sequence}`,
      );
    }
    // Outside Simulate every signer has a key by now: the signature gas charge refused keyless ones.
    if (simulate || account.pubKey === undefined) return;
    const failure = signatureFailure(
      ctx,
      tx,
      account.pubKey,
      account.accountNumber,
      info.mode,
      tx.signatures[i],
    );
    if (failure === undefined) return;
    const hint =
      info.mode?.kind === "single" && info.mode.mode === SIGN_MODE_LEGACY_AMINO_JSON
        ? `signature verification failed; please verify account number (${account.accountNumber}), sequence (${account.sequence}) and chain-id (${ctx.chainId})`
        : `signature verification failed; please verify account number (${account.accountNumber}) and chain-id (${ctx.chainId}): (${failure})`;
    throw sdkError(ERR.unauthorized, hint);
  });
}

/** Why the signature does not verify, or undefined when it does (`authsigning.VerifySignature`). */
function signatureFailure(
  ctx: Context,
  tx: DecodedTx,
  publicKey: Uint8Array,
  accountNumber: bigint,
  mode: SignMode,
  signature: Uint8Array | undefined,
): string | undefined {
  if (mode === undefined || mode.kind === "multi") return "expected <nil>, got *secp256k1.PubKey";
  if (mode.mode !== SIGN_MODE_DIRECT) {
    const name = SIGN_MODE_NAMES[mode.mode];
    return name === undefined || mode.mode === 0 || mode.mode === 191
      ? `unsupported sign mode ${name ?? mode.mode}`
      : `sign mode ${name} is not supported by the nilchain emulator`;
  }
  const signBytes = SignDoc.encode({
    bodyBytes: tx.bodyBytes,
    authInfoBytes: tx.authInfoBytes,
    chainId: ctx.chainId,
    accountNumber,
  }).finish();
  return signature !== undefined && verifySecp256k1(signature, signBytes, publicKey)
    ? undefined
    : "unable to verify single signer signature";
}

function signerAccount(ctx: Context, address: string): AccountRecord {
  const account = getAccount(ctx, address);
  if (account === undefined) throw sdkError(ERR.unknownAddress, `account ${address} does not exist`);
  return account;
}

function wrongSignerCount(expected: number, got: number): SdkError {
  return sdkError(ERR.unauthorized, `invalid number of signer;  expected: ${expected}, got ${got}`);
}
