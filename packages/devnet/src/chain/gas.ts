// Gas metering. The SDK charges for tx bytes, signature checks and every store access; the emulator charges
// the same kinds of costs with the SDK's constants, over its own store layout, so the numbers are
// deterministic and of the same order as nilchain's (they are not measured against it).
import { KV_GAS } from "./params.js";

// What an infinite gas meter reports as its limit (Go's `math.MaxUint64`).
const INFINITE_GAS = (1n << 64n) - 1n;

/** Thrown when a metered operation goes past the limit; `descriptor` names the operation, as in the SDK. */
export class OutOfGasError extends Error {
  override name = "OutOfGasError";

  constructor(readonly descriptor: string) {
    super(`out of gas in location: ${descriptor}`);
  }
}

/** Counts gas against a limit (none when simulating or at genesis). */
export class GasMeter {
  #consumed = 0n;

  /** @param limit the tx's gas limit; undefined for an infinite meter */
  constructor(readonly limit: bigint | undefined) {}

  /** The limit as the SDK reports it in `gas_wanted`. */
  get wanted(): bigint {
    return this.limit ?? INFINITE_GAS;
  }

  /** Gas used so far; past the limit once an {@link OutOfGasError} was thrown. */
  get consumed(): bigint {
    return this.#consumed;
  }

  /** Adds `amount`; throws {@link OutOfGasError} when the total passes the limit. */
  consume(amount: bigint, descriptor: string): void {
    this.#consumed += amount;
    if (this.limit !== undefined && this.#consumed > this.limit) throw new OutOfGasError(descriptor);
  }

  /** A store read of a key and its value (`gaskv.Store.Get`). */
  read(keyLength: number, valueLength: number): void {
    this.consume(KV_GAS.readCostFlat, "ReadFlat");
    this.consume(KV_GAS.readCostPerByte * BigInt(keyLength), "ReadPerByte");
    this.consume(KV_GAS.readCostPerByte * BigInt(valueLength), "ReadPerByte");
  }

  /** A store write (`gaskv.Store.Set`). */
  write(keyLength: number, valueLength: number): void {
    this.consume(KV_GAS.writeCostFlat, "WriteFlat");
    this.consume(KV_GAS.writeCostPerByte * BigInt(keyLength), "WritePerByte");
    this.consume(KV_GAS.writeCostPerByte * BigInt(valueLength), "WritePerByte");
  }

  /** A store existence check (`gaskv.Store.Has`). */
  has(): void {
    this.consume(KV_GAS.hasCost, "Has");
  }

  /** A store deletion (`gaskv.Store.Delete`). */
  remove(): void {
    this.consume(KV_GAS.deleteCost, "Delete");
  }
}
