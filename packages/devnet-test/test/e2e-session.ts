// What the end-to-end suites share: a wallet per suite, a payer that records what it paid, and users
// (VmClients with fresh keys) that are closed together.
import { useDevnet } from "@nillion/devnet-test/vitest";
import { NilChainPayer, type Payer, type SubmitPaymentOptions } from "@nillion/payments";
import { type Network, VmClient, type VmClientOptions } from "@nillion/vm-client";
import { expect } from "vitest";
import { testSigner } from "./test-signer.js";

/** What every paid operation costs on the devnet: 1 NIL on chain, or 100 credits from a balance. */
export const PRICE = { unil: 1_000_000n, credits: 100n } as const;

/** The rejection of `attempt`, which must reject. */
export function failureOf(attempt: Promise<unknown>): Promise<unknown> {
  return attempt.then(
    () => expect.fail("expected a rejection"),
    (reason: unknown) => reason,
  );
}

/**
 * The suites that pay on the run's devnet. Each pays from a wallet of its own among the devnet's ten
 * shared ones (from the last down), so suites running at once never race for a wallet's sequence, and
 * the worker's own wallet keeps the balance harness.test.ts expects of it.
 */
const SUITES = [
  "values",
  "permissions",
  "programs",
  "payments",
  "errors",
  "readme",
  "compute",
  "signatures",
] as const;

export type Suite = (typeof SUITES)[number];

/** The 64-hex private key of the wallet `suite` pays from on the run's devnet. */
export function suiteWalletKey(suite: Suite): string {
  const { fundedKeys } = useDevnet();
  const key = fundedKeys[fundedKeys.length - 1 - SUITES.indexOf(suite)];
  if (key === undefined) throw new Error(`the devnet has no funded key left for the ${suite} suite`);
  return key.privateKey;
}

/** One payment a {@link RecordingPayer} made. */
export interface RecordedPayment {
  readonly amount: bigint;
  readonly resource: Uint8Array;
  readonly txHash: string;
}

/** A Payer that pays through a NilChainPayer and remembers every payment that succeeded. */
export class RecordingPayer implements Payer {
  readonly payments: RecordedPayment[] = [];
  readonly wallet: NilChainPayer;

  constructor(wallet: NilChainPayer) {
    this.wallet = wallet;
  }

  get walletAddress(): string {
    return this.wallet.walletAddress;
  }

  async submitPayment(amount: bigint, resource: Uint8Array, options?: SubmitPaymentOptions): Promise<string> {
    const txHash = await this.wallet.submitPayment(amount, resource, options);
    this.payments.push({ amount, resource, txHash });
    return txHash;
  }
}

type Interceptor = NonNullable<VmClientOptions["interceptors"]>[number];

/**
 * An interceptor for `VmClientOptions.interceptors` that lists every node call a client makes, as
 * `Service/Method` (e.g. `Payments/PriceQuote`): what proves an operation never reached the network.
 */
export function recordCalls(): { readonly interceptor: Interceptor; readonly calls: string[] } {
  const calls: string[] = [];
  return {
    calls,
    interceptor: (next) => (request) => {
      calls.push(`${request.service.name}/${request.method.name}`);
      return next(request);
    },
  };
}

/** Options of {@link E2eSession.user}. */
export interface UserOptions extends VmClientOptions {
  readonly keyType?: "secp256k1" | "ed25519";
}

/** A wallet and the users paying from it. */
export interface E2eSession {
  readonly network: Network;
  readonly payer: RecordingPayer;
  /** A new user: a VmClient with a fresh key, paying with {@link E2eSession.payer}. */
  user(options?: UserOptions): Promise<VmClient>;
  /** Closes every user and the wallet's connection. */
  close(): void;
}

/** Where a session pays from: a suite's wallet on the run's devnet, or any funded wallet on any network. */
export type SessionWallet = Suite | { readonly network: Network; readonly walletKey: string };

/**
 * Connects a wallet and hands out users paying from it. Payments of one wallet are serialised by its
 * NilChainPayer, so users may share it.
 */
export async function openSession(wallet: SessionWallet): Promise<E2eSession> {
  const where =
    typeof wallet === "string" ? { network: useDevnet().network, walletKey: suiteWalletKey(wallet) } : wallet;
  const chain = await NilChainPayer.connect(where.network, where.walletKey, { pollIntervalMs: 10 });
  const payer = new RecordingPayer(chain);
  const users: VmClient[] = [];
  return {
    network: where.network,
    payer,
    async user({ keyType, ...options } = {}) {
      const client = await VmClient.create(testSigner(keyType), where.network, payer, options);
      users.push(client);
      return client;
    },
    close() {
      for (const client of users) client.close();
      chain.disconnect();
    },
  };
}
