import { mkdirSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { InvalidArgumentError, NotFoundError } from "@nillion/types";
import { Network } from "@nillion/vm-client";
import { afterEach, describe, expect, it, vi } from "vitest";

/** A config home with `networks/<name>.yaml` holding `text`. */
function configHome(files: Record<string, string>): string {
  const home = mkdtempSync(path.join(tmpdir(), "vm-client-network-"));
  mkdirSync(path.join(home, "nillion", "networks"), { recursive: true });
  for (const [name, text] of Object.entries(files)) {
    writeFileSync(path.join(home, "nillion", "networks", `${name}.yaml`), text);
  }
  return home;
}

// What nillion-devnet (and @nillion/devnet) writes.
const DEVNET_YAML = `bootnode: http://127.0.0.1:37939
payments:
  nilchain_chain_id: nillion-chain-devnet
  nilchain_rpc_endpoint: http://localhost:26648
  nilchain_grpc_endpoint: http://localhost:26649
  nilchain_private_key: 1111111111111111111111111111111111111111111111111111111111111111
  gas_price: null
nilauth: null
`;

afterEach(() => {
  vi.unstubAllEnvs();
});

describe("Network", () => {
  it("describes a devnet and the public testnet", () => {
    expect({ ...Network.devnet("http://127.0.0.1:37939", "http://127.0.0.1:48102") }).toEqual({
      nilvmGrpcEndpoint: "http://127.0.0.1:37939",
      chainId: "nillion-chain-devnet",
      chainEndpoint: "http://127.0.0.1:48102",
    });
    const testnet = Network.testnet();
    expect(testnet.chainId).toBe("nillion-chain-testnet-1");
    expect(testnet.nilvmGrpcEndpoint).toMatch(/^https:\/\/.*:14311$/);
    expect(testnet.chainEndpoint).toMatch(/^https:\/\//);
  });

  it("refuses endpoints that are not URLs and an empty chain id", () => {
    const cases: [() => unknown, string][] = [
      [() => Network.devnet("127.0.0.1:37939", "http://x"), "nilvmGrpcEndpoint"],
      [() => Network.devnet("http://x", ""), "chainEndpoint"],
      [
        () => new Network({ nilvmGrpcEndpoint: "http://x", chainEndpoint: "http://y", chainId: "" }),
        "chainId",
      ],
      [() => new Network(null as never), "init"],
    ];
    for (const [make, argument] of cases) {
      expect(make).toThrow(InvalidArgumentError);
      try {
        make();
      } catch (error) {
        expect((error as InvalidArgumentError).argument).toBe(argument);
      }
    }
  });

  it("loads <name>.yaml from $XDG_CONFIG_HOME/nillion/networks", () => {
    vi.stubEnv("XDG_CONFIG_HOME", configHome({ devnet: DEVNET_YAML }));
    expect({ ...Network.fromConfig("devnet") }).toEqual({
      nilvmGrpcEndpoint: "http://127.0.0.1:37939",
      chainId: "nillion-chain-devnet",
      chainEndpoint: "http://localhost:26648",
    });
  });

  it("falls back to ~/.config/nillion/networks without XDG_CONFIG_HOME", () => {
    const home = mkdtempSync(path.join(tmpdir(), "vm-client-home-"));
    const config = path.join(home, ".config");
    mkdirSync(path.join(config, "nillion", "networks"), { recursive: true });
    writeFileSync(path.join(config, "nillion", "networks", "devnet.yaml"), DEVNET_YAML);
    vi.stubEnv("XDG_CONFIG_HOME", "");
    vi.stubEnv("HOME", home);
    expect(Network.fromConfig("devnet").nilvmGrpcEndpoint).toBe("http://127.0.0.1:37939");
  });

  it("names the file when it is missing, not YAML, or lacks a key", () => {
    const home = configHome({
      broken: "bootnode: [unclosed\n",
      partial: "bootnode: http://127.0.0.1:1\npayments:\n  nilchain_chain_id: x\n",
      list: "- a\n- b\n",
    });
    vi.stubEnv("XDG_CONFIG_HOME", home);
    const failure = (name: string) => {
      try {
        Network.fromConfig(name);
      } catch (error) {
        return error as Error;
      }
      throw new Error(`${name} loaded`);
    };
    const missing = failure("absent");
    expect(missing).toBeInstanceOf(NotFoundError);
    expect(missing.message).toContain(path.join(home, "nillion", "networks", "absent.yaml"));

    expect(failure("broken")).toBeInstanceOf(InvalidArgumentError);
    expect(failure("broken").message).toContain("is not valid YAML");
    expect(failure("partial").message).toMatch(/partial\.yaml has no "payments\.nilchain_rpc_endpoint"/);
    expect(failure("list").message).toMatch(/list\.yaml has no "bootnode"/);
    expect((failure("../etc/passwd") as InvalidArgumentError).argument).toBe("name");
    expect((failure("devnet.yaml") as InvalidArgumentError).argument).toBe("name");
  });
});
