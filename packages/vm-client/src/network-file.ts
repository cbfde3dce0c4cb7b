// Reading network config files (`~/.config/nillion/networks/<name>.yaml`): Node.js only. The browser
// build swaps in network-file.browser.ts.
import { readFileSync } from "node:fs";
import { homedir } from "node:os";
import path from "node:path";
import { InvalidArgumentError, NotFoundError } from "@nillion/types";
import { parse } from "yaml";
import type { NetworkInit } from "./network-init.js";

/**
 * The network in `<config dir>/nillion/networks/<name>.yaml`, where the config dir is
 * `$XDG_CONFIG_HOME`, else `~/.config` (the lookup of the Python client and the Rust tools).
 */
export function readNetworkFile(name: string): NetworkInit {
  if (typeof name !== "string" || name.length === 0 || /[/\\.]/.test(name)) {
    throw new InvalidArgumentError(
      `"name" must be a network name without "/" or "." (e.g. "devnet"), got ${JSON.stringify(name)}`,
      { argument: "name" },
    );
  }
  const configHome = process.env["XDG_CONFIG_HOME"] || path.join(homedir(), ".config");
  const file = path.join(configHome, "nillion", "networks", `${name}.yaml`);
  let text: string;
  try {
    text = readFileSync(file, "utf8");
  } catch (cause) {
    if ((cause as { code?: unknown }).code === "ENOENT") {
      throw new NotFoundError(
        `no network "${name}": ${file} does not exist (nillion-devnet writes devnet.yaml when it starts)`,
        { cause, details: { path: file } },
      );
    }
    throw new InvalidArgumentError(`network "${name}": cannot read ${file}: ${(cause as Error).message}`, {
      argument: "name",
      cause,
      details: { path: file },
    });
  }
  const invalid = (problem: string, cause?: unknown): InvalidArgumentError =>
    new InvalidArgumentError(`network "${name}": ${file} ${problem}`, {
      argument: "name",
      details: { path: file },
      ...(cause === undefined ? {} : { cause }),
    });
  let document: unknown;
  try {
    document = parse(text);
  } catch (cause) {
    throw invalid(`is not valid YAML: ${(cause as Error).message}`, cause);
  }
  const entry = (owner: unknown, key: string): unknown =>
    typeof owner === "object" && owner !== null && !Array.isArray(owner)
      ? (owner as Record<string, unknown>)[key]
      : undefined;
  const required = (owner: unknown, key: string, label = key): string => {
    const value = entry(owner, key);
    if (typeof value !== "string" || value.length === 0) {
      throw invalid(`has no "${label}" (a non-empty string)`);
    }
    return value;
  };
  const payments = entry(document, "payments");
  return {
    nilvmGrpcEndpoint: required(document, "bootnode"),
    chainId: required(payments, "nilchain_chain_id", "payments.nilchain_chain_id"),
    chainEndpoint: required(payments, "nilchain_rpc_endpoint", "payments.nilchain_rpc_endpoint"),
  };
}
