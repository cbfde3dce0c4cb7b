// After the fuzzing, the devnet must still do its job for real users: two fresh users, one paying from a
// prepaid balance and one paying on chain per operation, store and retrieve secrets, upload a program and
// compute with it.
import {
  InputPartyBinding,
  Integer,
  type NadaValues,
  OutputPartyBinding,
  Permissions,
  SecretInteger,
} from "@nillion/types";
import { nadaProgram } from "../support/nada-program.js";
import { openUser, type TestUser } from "../support/test-users.js";
import type { FuzzDevnet } from "./fuzz-devnet.js";
import { ARITH_PROGRAM } from "./seed-corpus.js";

/** What the users saw, for the test to compare with what they should have seen. */
export interface AfterChecks {
  readonly balanceMode: {
    readonly retrieved: NadaValues;
    readonly computed: NadaValues;
    readonly creditsSpent: bigint;
  };
  readonly perOperation: {
    readonly retrieved: NadaValues;
    readonly computed: NadaValues;
    readonly unilSpent: bigint;
  };
}

/** The values stored, and what `arith_basic` gives for them: prod = a·b + c − a, total = a + b + 10. */
export const STORED = { a: new SecretInteger(6n), c: new Integer(-4n) };
export const COMPUTE_TIME = { b: new SecretInteger(7n) };
export const EXPECTED_OUTPUTS = {
  prod: new SecretInteger(6n * 7n - 4n - 6n),
  total: new SecretInteger(6n + 7n + 10n),
};

const TIMEOUT = { timeoutMs: 30_000 };

export async function runAfterChecks({
  devnet,
  network,
}: Pick<FuzzDevnet, "devnet" | "network">): Promise<AfterChecks> {
  const balanceUser = await openUser({
    network,
    wallet: devnet.chain.createFundedKey(10n ** 9n),
    prepayUnil: 100_000_000n,
  });
  try {
    const before = (await balanceUser.client.balance()).balance;
    const outcome = await storeRetrieveCompute(balanceUser);
    const creditsSpent = before - (await balanceUser.client.balance()).balance;
    const wallet = devnet.chain.createFundedKey(10n ** 9n);
    const perOperationUser = await openUser({ network, wallet, paymentMode: "per-operation" });
    try {
      const walletBefore = devnet.chain.balance(wallet.address);
      const perOperation = await storeRetrieveCompute(perOperationUser);
      return {
        balanceMode: { ...outcome, creditsSpent },
        perOperation: { ...perOperation, unilSpent: walletBefore - devnet.chain.balance(wallet.address) },
      };
    } finally {
      perOperationUser.close();
    }
  } finally {
    balanceUser.close();
  }
}

async function storeRetrieveCompute({
  client,
}: TestUser): Promise<{ retrieved: NadaValues; computed: NadaValues }> {
  const me = client.userId;
  const programId = await client.storeProgram("after-fuzz", nadaProgram(ARITH_PROGRAM)).invoke(TIMEOUT);
  const valuesId = await client
    .storeValues(STORED, {
      ttlDays: 1,
      permissions: Permissions.defaultsForUser(me).allowCompute(me, programId),
    })
    .invoke(TIMEOUT);
  const retrieved = await client.retrieveValues(valuesId).invoke(TIMEOUT);
  const computeId = await client
    .compute(
      programId,
      [new InputPartyBinding("Dealer", me)],
      [new OutputPartyBinding("Dealer", [me])],
      COMPUTE_TIME,
      [valuesId],
    )
    .invoke(TIMEOUT);
  const computed = await client.retrieveComputeResults(computeId).invoke(TIMEOUT);
  return { retrieved, computed };
}
