// The IPC conversation between `nillion-devnet --processes` and each node process it forks.

/** Parent → node process. */
export type ToNodeProcess =
  | {
      readonly type: "start";
      readonly index: number;
      readonly seed: string;
      readonly clusterId: string;
      readonly bindAddress: string;
      /** Planned ports, all 0 for ephemeral ones. */
      readonly ports: readonly number[];
      readonly primeWire: number;
      readonly polynomialDegree: number;
      readonly chainRpcUrl: string;
      readonly storeDirectory: string | null;
      readonly sweepIntervalMs: number | null;
    }
  | { readonly type: "bind"; readonly ports: readonly number[] }
  | { readonly type: "stop" };

/** Node process → parent. */
export type FromNodeProcess =
  | { readonly type: "listening"; readonly port: number }
  | { readonly type: "bound" }
  | {
      readonly type: "failed";
      readonly message: string;
      readonly details?: Readonly<Record<string, unknown>>;
    }
  | { readonly type: "log"; readonly level: "info" | "debug" | "warn"; readonly message: string };
