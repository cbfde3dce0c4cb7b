// What test files import: `import { useDevnet } from "@nillion/devnet-test/vitest"`. It reads what the
// global setup provided and never loads the devnet itself, so workers stay light.
import { NilChainPayer } from "@nillion/payments";
import { Network, type VmClient } from "@nillion/vm-client";
import { inject, onTestFinished } from "vitest";
import { createTestClient, type TestClientOptions } from "./create-test-client.js";
import type { FundedKey, TestNode } from "./test-devnet.js";

/**
 * How often the worker's payer looks for its transaction in a block, in ms: the harness's chain makes a
 * block every 10 ms, so the SDK's 200 ms default would leave most of every payment's wait idle.
 */
export const TEST_POLL_INTERVAL_MS = 10;

/** What the global setup hands every worker (plain data: it crosses process boundaries). */
export interface ProvidedDevnet {
  readonly nilvmGrpcEndpoint: string;
  readonly chainEndpoint: string;
  readonly chainId: string;
  readonly nodes: readonly TestNode[];
  readonly fundedKeys: readonly FundedKey[];
  /** One wallet per worker, by `VITEST_POOL_ID`. */
  readonly workerKeys: readonly FundedKey[];
  readonly reused: boolean;
}

declare module "vitest" {
  export interface ProvidedContext {
    nillionDevnet: ProvidedDevnet;
  }
}

/** The run's devnet as one test worker sees it. */
export interface WorkerDevnet {
  readonly network: Network;
  readonly nodes: readonly TestNode[];
  /** This worker's wallet: no other worker pays from it, so payments never race for its sequence. */
  readonly walletKey: FundedKey;
  /** The devnet's ten shared wallets. */
  readonly fundedKeys: readonly FundedKey[];
  readonly reused: boolean;
}

/**
 * The devnet the global setup started, with this worker's own wallet.
 *
 * @throws {Error} when the config does not list `@nillion/devnet-test/vitest-setup` in `globalSetup`
 *
 * @example
 * ```ts
 * import { NilChainPayer } from "@nillion/payments";
 * import { useDevnet } from "@nillion/devnet-test/vitest";
 * import { VmClient } from "@nillion/vm-client";
 * import { PrivateKey } from "@nillion/crypto";
 *
 * const { network, walletKey } = useDevnet();
 * const payer = await NilChainPayer.connect(network, walletKey.privateKey);
 * const client = await VmClient.create(PrivateKey.generate(), network, payer);
 * // … and when done (useClient() does both by itself):
 * client.close();
 * payer.disconnect();
 * ```
 */
export function useDevnet(): WorkerDevnet {
  const provided = inject("nillionDevnet");
  if (provided === undefined) {
    throw new Error(
      `no devnet was provided: add "@nillion/devnet-test/vitest-setup" to test.globalSetup in your vitest config`,
    );
  }
  const pool = Number(process.env["VITEST_POOL_ID"] ?? "1");
  const index = (Number.isInteger(pool) && pool > 0 ? pool - 1 : 0) % provided.workerKeys.length;
  return {
    network: new Network({
      nilvmGrpcEndpoint: provided.nilvmGrpcEndpoint,
      chainEndpoint: provided.chainEndpoint,
      chainId: provided.chainId,
    }),
    nodes: provided.nodes,
    walletKey: provided.workerKeys[index] as FundedKey,
    fundedKeys: provided.fundedKeys,
    reused: provided.reused,
  };
}

// The payer of this worker's wallet, shared by its clients so that payments made by concurrent tests are
// serialised (one account sequence), and disconnected when the last client using it closes.
interface SharedPayer {
  readonly payer: Promise<NilChainPayer>;
  users: number;
}
let workerPayer: SharedPayer | undefined;

function acquirePayer(devnet: WorkerDevnet): SharedPayer {
  if (workerPayer === undefined) {
    const shared: SharedPayer = {
      payer: NilChainPayer.connect(devnet.network, devnet.walletKey.privateKey, {
        pollIntervalMs: TEST_POLL_INTERVAL_MS,
      }),
      users: 0,
    };
    // A failed connection must not be handed to the next test; this one sees the rejection itself.
    shared.payer.catch(() => {
      if (workerPayer === shared) workerPayer = undefined;
    });
    workerPayer = shared;
  }
  workerPayer.users += 1;
  return workerPayer;
}

function releasePayer(shared: SharedPayer): void {
  shared.users -= 1;
  if (shared.users > 0) return;
  if (workerPayer === shared) workerPayer = undefined;
  shared.payer.then(
    (payer) => payer.disconnect(),
    () => {},
  );
}

/**
 * A client for this test: a fresh user on the run's devnet with 100 NIL on its prepaid balance, paying
 * through this worker's wallet, and closed when the test finishes (passed or failed). Call it inside a
 * test; for a client shared by several tests use `createTestClient` of `@nillion/devnet-test` and close
 * it in `afterAll`.
 *
 * @param options `key` (a fresh one by default), `fundsUnil` (100 NIL by default; `0n` pays every
 *   operation on chain) and every `VmClient.create` option
 * @throws {Error} outside a running test, or when the config lacks the global setup
 * @throws {InvalidArgumentError} naming a bad option, before anything is paid
 *
 * @example
 * ```ts
 * import { useClient } from "@nillion/devnet-test/vitest";
 * import { SecretInteger } from "@nillion/types";
 * import { expect, test } from "vitest";
 *
 * test("stores and retrieves a secret", async () => {
 *   const client = await useClient();
 *   const id = await client.storeValues({ age: new SecretInteger(42n) }, { ttlDays: 1 }).invoke();
 *   expect(await client.retrieveValues(id).invoke()).toEqual({ age: new SecretInteger(42n) });
 * });
 * ```
 */
export async function useClient(options: TestClientOptions = {}): Promise<VmClient> {
  const devnet = useDevnet();
  const shared = acquirePayer(devnet);
  try {
    onTestFinished(() => releasePayer(shared));
  } catch (error) {
    releasePayer(shared);
    throw new Error("useClient() must be called inside a test: it closes the client when the test ends", {
      cause: error,
    });
  }
  const client = await createTestClient(devnet.network, await shared.payer, options);
  onTestFinished(() => client.close());
  return client;
}
