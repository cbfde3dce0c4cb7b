/** One transaction a wallet paid the fee of, as the chain's own tx index reports it. */
export interface WalletTx {
  /** Uppercase hex. */
  readonly hash: string;
  readonly height: number;
  /** 0 when its messages succeeded; the fee is charged either way. */
  readonly code: number;
  /** unil the wallet spent in it: the fee, plus the payment when it succeeded. */
  readonly spentUnil: bigint;
  readonly feeUnil: bigint;
  /** unil burned by it: what a `MsgPayFor` paid. */
  readonly burnedUnil: bigint;
}

/** A wallet's transactions and their sums, from the chain's index. */
export interface WalletBooks {
  readonly txs: readonly WalletTx[];
  readonly spentUnil: bigint;
  readonly burnedUnil: bigint;
  readonly feeUnil: bigint;
}

interface RpcTx {
  readonly hash: string;
  readonly height: string;
  readonly tx_result: {
    readonly code?: number;
    readonly events?: readonly {
      readonly type: string;
      readonly attributes: readonly { readonly key: string; readonly value: string }[];
    }[];
  };
}

const PER_PAGE = 100;

/**
 * Every transaction whose fee `address` paid — all its transactions that reached a block — read through
 * CometBFT's `tx_search`, with what each spent and burned according to its events. The suites compare the
 * wallet's balance and sequence with these books: a payment made twice, or a balance that disagrees with
 * the chain's own log after a restart, shows up here.
 *
 * @example
 * ```ts
 * const books = await walletBooks(devnet.chain.urls.rpc, wallet.address);
 * expect(devnet.chain.balance(wallet.address)).toBe(funded - books.spentUnil);
 * ```
 */
export async function walletBooks(rpcUrl: string, address: string): Promise<WalletBooks> {
  const txs: WalletTx[] = [];
  for (let page = 1; ; page += 1) {
    const result = (await rpc(rpcUrl, "tx_search", {
      query: `tx.fee_payer='${address}'`,
      page: String(page),
      per_page: String(PER_PAGE),
      order_by: "asc",
    })) as { txs: RpcTx[]; total_count: string };
    txs.push(...result.txs.map((tx) => walletTx(tx, address)));
    if (txs.length >= Number(result.total_count) || result.txs.length === 0) break;
  }
  const sum = (pick: (tx: WalletTx) => bigint) => txs.reduce((total, tx) => total + pick(tx), 0n);
  return {
    txs,
    spentUnil: sum((tx) => tx.spentUnil),
    burnedUnil: sum((tx) => tx.burnedUnil),
    feeUnil: sum((tx) => tx.feeUnil),
  };
}

function walletTx(tx: RpcTx, address: string): WalletTx {
  let spentUnil = 0n;
  let feeUnil = 0n;
  let burnedUnil = 0n;
  for (const event of tx.tx_result.events ?? []) {
    const attribute = (key: string) => event.attributes.find((a) => a.key === key)?.value;
    if (event.type === "coin_spent" && attribute("spender") === address) {
      spentUnil += unil(attribute("amount"));
    } else if (event.type === "tx" && attribute("fee") !== undefined) {
      feeUnil += unil(attribute("fee"));
    } else if (event.type === "burn") {
      burnedUnil += unil(attribute("amount"));
    }
  }
  return {
    hash: tx.hash,
    height: Number(tx.height),
    code: tx.tx_result.code ?? 0,
    spentUnil,
    feeUnil,
    burnedUnil,
  };
}

/** The unil in a Cosmos coins string such as `"1000000unil"` (empty for none). */
function unil(coins: string | undefined): bigint {
  let total = 0n;
  for (const coin of (coins ?? "").split(",")) {
    if (coin === "") continue;
    const match = /^(\d+)unil$/.exec(coin);
    if (!match?.[1]) throw new Error(`unexpected coins in a tx event: ${coins}`);
    total += BigInt(match[1]);
  }
  return total;
}

async function rpc(url: string, method: string, params: Record<string, string>): Promise<unknown> {
  const response = await fetch(url, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ jsonrpc: "2.0", id: 1, method, params }),
  });
  const body = (await response.json()) as { result?: unknown; error?: { message: string; data: string } };
  if (body.error) throw new Error(`${method} failed: ${body.error.message}: ${body.error.data}`);
  return body.result;
}
