import { mkdir, mkdtemp, readdir, readFile, rm, stat, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { InvalidArgumentError } from "@nillion/types";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { parse } from "yaml";
import { DEVNET_KEYS } from "../src/chain/devnet-keys.js";
import { configDirectory } from "../src/config/config-directory.js";
import { parseDevnetEnv } from "../src/config/devnet-env.js";
import { formatNetworkConfig, readNilauthConfig } from "../src/config/network-config.js";
import { writeFileAtomically } from "../src/config/write-file-atomically.js";
import { type WriteNetworkConfigOptions, writeNetworkConfig } from "../src/config/write-network-config.js";
import { clusterLayout } from "../src/node/cluster-layout.js";

let directory: string;

beforeEach(async () => {
  directory = await mkdtemp(path.join(os.tmpdir(), "devnet-config-"));
});
afterEach(async () => {
  vi.unstubAllEnvs();
  await rm(directory, { recursive: true, force: true });
});

// What the reference devnet reports for its chain, with the default seed's bootnode.
function referenceOptions(overrides: Partial<WriteNetworkConfigOptions> = {}): WriteNetworkConfigOptions {
  const layout = clusterLayout();
  return {
    directory,
    clusterId: layout.clusterId,
    bootnode: layout.bootnode.grpcEndpoint,
    nilchainRpcEndpoint: "http://localhost:26648",
    nilchainJsonRpcEndpoint: "http://127.0.0.1:48102",
    nilchainGrpcEndpoint: "http://localhost:26649",
    nilchainRestEndpoint: "http://localhost:26650",
    ...overrides,
  };
}

// serde_yaml 0.9's rendering of tools-config's NetworkConfig for the reference devnet.
const REFERENCE_YAML = `bootnode: http://127.0.0.1:37939
payments:
  nilchain_chain_id: nillion-chain-devnet
  nilchain_rpc_endpoint: http://localhost:26648
  nilchain_grpc_endpoint: http://localhost:26649
  nilchain_private_key: 9a975f567428d054f2bf3092812e6c42f901ce07d9711bc77ee2cd81101f42c5
  gas_price: null
nilauth: null
`;

function parseEnv(text: string): Map<string, string> {
  const entries = new Map<string, string>();
  for (const line of text.split("\n")) {
    if (line === "" || line.startsWith("#")) continue;
    const separator = line.indexOf("=");
    expect(separator).toBeGreaterThan(0);
    const key = line.slice(0, separator);
    expect(entries.has(key)).toBe(false);
    entries.set(key, line.slice(separator + 1));
  }
  return entries;
}

async function expectRejected(promise: Promise<unknown>, argument: string): Promise<void> {
  const error = await promise.then(
    () => undefined,
    (reason: unknown) => reason,
  );
  expect(error).toBeInstanceOf(InvalidArgumentError);
  expect((error as InvalidArgumentError).argument).toBe(argument);
}

describe("writeNetworkConfig", () => {
  it("writes devnet.yaml as serde_yaml does, and returns both paths", async () => {
    const written = await writeNetworkConfig(referenceOptions());
    expect(written).toEqual({
      networkConfigPath: path.join(directory, "networks", "devnet.yaml"),
      envFilePath: path.join(directory, "nillion-devnet.env"),
    });
    const yaml = await readFile(written.networkConfigPath, "utf8");
    expect(yaml).toBe(REFERENCE_YAML);
    expect(parse(yaml)).toEqual({
      bootnode: "http://127.0.0.1:37939",
      payments: {
        nilchain_chain_id: "nillion-chain-devnet",
        nilchain_rpc_endpoint: "http://localhost:26648",
        nilchain_grpc_endpoint: "http://localhost:26649",
        nilchain_private_key: DEVNET_KEYS[0]?.privateKey,
        gas_price: null,
      },
      nilauth: null,
    });
  });

  it("writes every variable of nillion-devnet.env, the ten funded keys included", async () => {
    const { envFilePath } = await writeNetworkConfig(referenceOptions());
    const text = await readFile(envFilePath, "utf8");
    expect(text.startsWith("# Nillion devnet parameters\n")).toBe(true);
    expect(text.endsWith("\n")).toBe(true);
    const expected = new Map([
      ["NILLION_CLUSTER_ID", "9e68173f-9c23-4acc-ba81-4f079b639964"],
      ["NILLION_NILCHAIN_CHAIN_ID", "nillion-chain-devnet"],
      ["NILLION_NILCHAIN_JSON_RPC", "http://127.0.0.1:48102"],
      ["NILLION_NILCHAIN_REST_API", "http://localhost:26650"],
      ["NILLION_NILCHAIN_GRPC", "http://localhost:26649"],
      ["NILLION_GRPC_ENDPOINT", "http://127.0.0.1:37939"],
      ...DEVNET_KEYS.map((key, index) => [`NILLION_NILCHAIN_PRIVATE_KEY_${index}`, key.privateKey] as const),
    ]);
    expect(parseEnv(text)).toEqual(expected);
    // Same order as the reference file.
    expect([...parseEnv(text).keys()]).toEqual([...expected.keys()]);
  });

  it("takes the chain id, the cluster id spelling and the keys it is given", async () => {
    const keys = ["AB".repeat(32), "cd".repeat(32)];
    const { networkConfigPath, envFilePath } = await writeNetworkConfig(
      referenceOptions({
        chainId: "nillion-chain-other",
        clusterId: "B3B307BDAAFF49F5A73C2E2546DCA320",
        privateKeys: keys,
      }),
    );
    const env = parseEnv(await readFile(envFilePath, "utf8"));
    expect(env.get("NILLION_CLUSTER_ID")).toBe("b3b307bd-aaff-49f5-a73c-2e2546dca320");
    expect(env.get("NILLION_NILCHAIN_CHAIN_ID")).toBe("nillion-chain-other");
    expect(env.get("NILLION_NILCHAIN_PRIVATE_KEY_1")).toBe(keys[1]);
    expect(env.has("NILLION_NILCHAIN_PRIVATE_KEY_2")).toBe(false);
    const yaml = parse(await readFile(networkConfigPath, "utf8"));
    expect(yaml["payments"]).toMatchObject({
      nilchain_chain_id: "nillion-chain-other",
      nilchain_private_key: keys[0],
    });
  });

  it("keeps the nilauth section of an existing devnet.yaml", async () => {
    await mkdir(path.join(directory, "networks"), { recursive: true });
    const existing = `${REFERENCE_YAML.replace("nilauth: null\n", "")}# added by hand
nilauth:
  endpoint: 'http://localhost:30921' # the local nilauth
`;
    await writeFile(path.join(directory, "networks", "devnet.yaml"), existing);
    const { networkConfigPath } = await writeNetworkConfig(
      referenceOptions({ bootnode: "http://127.0.0.1:40000" }),
    );
    const yaml = await readFile(networkConfigPath, "utf8");
    expect(yaml).toBe(
      REFERENCE_YAML.replace("37939", "40000").replace(
        "nilauth: null\n",
        "nilauth:\n  endpoint: http://localhost:30921\n",
      ),
    );
    // And across a second run.
    await writeNetworkConfig(referenceOptions());
    expect(parse(await readFile(networkConfigPath, "utf8"))["nilauth"]).toEqual({
      endpoint: "http://localhost:30921",
    });
  });

  it("drops a nilauth section it cannot use, as the reference does", () => {
    expect(readNilauthConfig("nilauth: null\n")).toBeNull();
    expect(readNilauthConfig("nilauth:\n  url: http://x\n")).toBeNull();
    expect(readNilauthConfig("nilauth: http://x\n")).toBeNull();
    expect(readNilauthConfig("nilauth:\n  - endpoint: http://x\n")).toBeNull();
    expect(readNilauthConfig("not yaml at all: [")).toBeNull();
    expect(readNilauthConfig('nilauth:\n    endpoint: "http://x:1"\n')).toEqual({ endpoint: "http://x:1" });
  });

  it("replaces existing files through a rename, leaving no temporary file behind", async () => {
    const first = await writeNetworkConfig(referenceOptions());
    const before = await Promise.all([stat(first.networkConfigPath), stat(first.envFilePath)]);
    await writeNetworkConfig(referenceOptions({ bootnode: "http://127.0.0.1:40000" }));
    const after = await Promise.all([stat(first.networkConfigPath), stat(first.envFilePath)]);
    // An in-place rewrite would keep the inode; a rename installs the temporary file's, which was created
    // while the old file still held its own.
    expect(after[0]?.ino).not.toBe(before[0]?.ino);
    expect(after[1]?.ino).not.toBe(before[1]?.ino);
    expect(parseEnv(await readFile(first.envFilePath, "utf8")).get("NILLION_GRPC_ENDPOINT")).toBe(
      "http://127.0.0.1:40000",
    );
    expect((await readdir(directory)).sort()).toEqual(["networks", "nillion-devnet.env"]);
    expect(await readdir(path.join(directory, "networks"))).toEqual(["devnet.yaml"]);
  });

  it("leaves the old file in place and cleans up when the replacement fails", async () => {
    const target = path.join(directory, "busy");
    await mkdir(path.join(target, "child"), { recursive: true });
    await expect(writeFileAtomically(target, "new")).rejects.toThrow();
    expect(await readdir(directory)).toEqual(["busy"]);
    expect(await readdir(target)).toEqual(["child"]);

    const file = path.join(directory, "file.txt");
    await writeFile(file, "old");
    await writeFileAtomically(file, "new");
    expect(await readFile(file, "utf8")).toBe("new");
  });

  it("writes under $XDG_CONFIG_HOME/nillion when no directory is given", async () => {
    vi.stubEnv("XDG_CONFIG_HOME", path.join(directory, "xdg"));
    vi.stubEnv("HOME", path.join(directory, "home"));
    const { directory: _, ...options } = referenceOptions();
    const written = await writeNetworkConfig(options);
    expect(written.networkConfigPath).toBe(path.join(directory, "xdg", "nillion", "networks", "devnet.yaml"));
    expect(written.envFilePath).toBe(path.join(directory, "xdg", "nillion", "nillion-devnet.env"));
    expect(await readFile(written.networkConfigPath, "utf8")).toBe(REFERENCE_YAML);
  });

  it("rejects values the files cannot hold, naming the option", async () => {
    await expectRejected(writeNetworkConfig(referenceOptions({ clusterId: "cluster" })), "clusterId");
    await expectRejected(writeNetworkConfig(referenceOptions({ privateKeys: [] })), "privateKeys");
    await expectRejected(
      writeNetworkConfig(referenceOptions({ privateKeys: ["00".repeat(31)] })),
      "privateKeys",
    );
    await expectRejected(writeNetworkConfig(referenceOptions({ bootnode: "http://a b" })), "bootnode");
    await expectRejected(
      writeNetworkConfig(referenceOptions({ nilchainJsonRpcEndpoint: "http://x\nNILLION_GRPC_ENDPOINT=y" })),
      "nilchainJsonRpcEndpoint",
    );
    await expectRejected(
      writeNetworkConfig(referenceOptions({ nilchainRestEndpoint: "" })),
      "nilchainRestEndpoint",
    );
    await expectRejected(
      writeNetworkConfig(referenceOptions({ nilchainRpcEndpoint: "" })),
      "nilchainRpcEndpoint",
    );
    await expectRejected(writeNetworkConfig(referenceOptions({ chainId: "a#b" })), "chainId");
    // Nothing was written by the rejected calls.
    expect(await readdir(directory)).toEqual([]);
  });
});

describe("configDirectory", () => {
  it("prefers $XDG_CONFIG_HOME, then $HOME/.config", () => {
    expect(configDirectory({ XDG_CONFIG_HOME: "/xdg", HOME: "/home/ada" })).toBe(
      path.resolve("/xdg/nillion"),
    );
    expect(configDirectory({ HOME: "/home/ada" })).toBe(path.join("/home/ada", ".config", "nillion"));
    expect(configDirectory({ XDG_CONFIG_HOME: "", HOME: "/home/ada" })).toBe(
      path.join("/home/ada", ".config", "nillion"),
    );
    expect(configDirectory({})).toBe(path.join(os.homedir(), ".config", "nillion"));
  });

  it("reads the process environment by default", () => {
    vi.stubEnv("XDG_CONFIG_HOME", "/from-env");
    expect(configDirectory()).toBe(path.resolve("/from-env/nillion"));
  });
});

describe("formatNetworkConfig", () => {
  const strings = [
    "http://127.0.0.1:37939",
    "http://[::1]:40000",
    "nillion-chain-devnet",
    DEVNET_KEYS[4]?.privateKey ?? "",
    "null",
    "NULL",
    "~",
    "",
    "true",
    "no",
    "123",
    "0123",
    "-7",
    "1e5",
    "1_000",
    "0x1f",
    ".inf",
    "nan",
    "1.5",
    "12:30",
    "2025-03-01",
    "it's",
    'say "hi"',
    "a: b",
    "a #b",
    "trailing:",
    " padded ",
    "- item",
    "[1]",
    "{a: 1}",
    "&anchor",
    "*alias",
    "!tag",
    "@at",
    "%percent",
    "|",
    "héllo",
  ];

  const config = (value: string) => ({
    bootnode: value,
    nilchainChainId: value,
    nilchainRpcEndpoint: value,
    nilchainGrpcEndpoint: value,
    nilchainPrivateKey: value,
    nilauth: { endpoint: value },
  });

  it("writes every string so that YAML 1.1 and 1.2 readers read it back unchanged", () => {
    for (const value of strings) {
      const text = formatNetworkConfig(config(value));
      for (const version of ["1.1", "1.2"] as const) {
        expect(parse(text, { version }), `${JSON.stringify(value)} in YAML ${version}`).toEqual({
          bootnode: value,
          payments: {
            nilchain_chain_id: value,
            nilchain_rpc_endpoint: value,
            nilchain_grpc_endpoint: value,
            nilchain_private_key: value,
            gas_price: null,
          },
          nilauth: { endpoint: value },
        });
      }
      expect(readNilauthConfig(text)).toEqual({ endpoint: value });
    }
  });

  it("writes URLs and keys plain, as serde_yaml does", () => {
    const text = formatNetworkConfig(config("http://[::1]:40000"));
    expect(text).toContain("bootnode: http://[::1]:40000\n");
  });
});

describe("parseDevnetEnv", () => {
  it("reads back what writeNetworkConfig wrote, and the reference's hand-kept variant", async () => {
    const directory = await mkdtemp(path.join(os.tmpdir(), "devnet-env-"));
    const layout = clusterLayout({ seed: "test" });
    const written = await writeNetworkConfig({
      directory,
      clusterId: layout.clusterId,
      bootnode: layout.bootnode.grpcEndpoint,
      nilchainRpcEndpoint: "http://localhost:26648",
      nilchainJsonRpcEndpoint: "http://127.0.0.1:48102",
      nilchainGrpcEndpoint: "http://localhost:26649",
      nilchainRestEndpoint: "http://localhost:26650",
    });
    const env = parseDevnetEnv(await readFile(written.envFilePath, "utf8"));
    expect(env).toEqual({
      clusterId: layout.clusterId,
      nilchainChainId: "nillion-chain-devnet",
      nilchainJsonRpc: "http://127.0.0.1:48102",
      nilchainRestApi: "http://localhost:26650",
      nilchainGrpc: "http://localhost:26649",
      grpcEndpoint: "http://127.0.0.1:43207",
      nilchainPrivateKeys: DEVNET_KEYS.map((key) => key.privateKey),
    });
    await rm(directory, { recursive: true });
    const handKept = `# for --seed test\nexport NILLION_CLUSTER_ID="${layout.clusterId}"\nNILLION_NILCHAIN_CHAIN_ID=nillion-chain-devnet\nNILLION_NILCHAIN_JSON_RPC=http://127.0.0.1:48102\nNILLION_GRPC_ENDPOINT='http://127.0.0.1:43207'\nNILLION_NILCHAIN_PRIVATE_KEY_0=${DEVNET_KEYS[0]?.privateKey}\n`;
    expect(parseDevnetEnv(handKept)).toMatchObject({
      grpcEndpoint: "http://127.0.0.1:43207",
      nilchainGrpc: "",
    });
  });

  it("names the missing variable", () => {
    expect(() => parseDevnetEnv("NILLION_CLUSTER_ID=x\n")).toThrow(
      "NILLION_NILCHAIN_PRIVATE_KEY_0 is missing",
    );
    expect(() => parseDevnetEnv("NILLION_CLUSTER_ID x\n")).toThrow(
      "NILLION_NILCHAIN_PRIVATE_KEY_0 is missing: the env file has no NILLION_NILCHAIN_PRIVATE_KEY_0=<value> line",
    );
  });
});
