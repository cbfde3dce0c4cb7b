// The README examples of vm-client, payments and devnet-test, run as written against the run's devnet.
// Each ```ts block becomes a module of a throwaway user project (a temporary directory whose
// node_modules link the workspace packages a user installs), with three changes: the devnet endpoints
// and wallet key the examples assume become this run's; a fragment gets the variables it uses but does
// not declare (`client`, `id`, …) from a prelude; and test-runner calls (`test`, `before`, …) are
// collected and run here, inside this test.
import { execFile } from "node:child_process";
import { mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import http from "node:http";
import type { AddressInfo } from "node:net";
import os from "node:os";
import path from "node:path";
import { useDevnet } from "@nillion/devnet-test/vitest";
import { Integer, SecretInteger } from "@nillion/types";
import { afterAll, describe, expect, it, vi } from "vitest";
import { suiteWalletKey } from "./e2e-session.js";

const PACKAGES = path.resolve(import.meta.dirname, "../..");
const PROGRAM = path.resolve(import.meta.dirname, "../../../../shared/fixtures/nada/arith_basic.nada.bin");

/** What the examples assume (the reference devnet) and what this run has instead. */
function substitutions(): [string, string][] {
  const { network } = useDevnet();
  return [
    ['"http://127.0.0.1:37939"', JSON.stringify(network.nilvmGrpcEndpoint)],
    ['"http://127.0.0.1:26648"', JSON.stringify(network.chainEndpoint)],
    ['"http://127.0.0.1:48102"', JSON.stringify(network.chainEndpoint)],
    [
      '"9a975f567428d054f2bf3092812e6c42f901ce07d9711bc77ee2cd81101f42c5"',
      JSON.stringify(suiteWalletKey("readme")),
    ],
    ['"arith_basic.nada.bin"', JSON.stringify(PROGRAM)],
    ['"my_program.nada.bin"', JSON.stringify(PROGRAM)],
  ];
}

/**
 * A transport to the leader that authenticates as `userId`, and the leader's version. It owns one HTTP/2
 * session with an 'error' listener for the session's whole life: Node emits a failed session's error after
 * its streams have failed with it, and connect-node's Http2SessionManager removes its listener on abort, so
 * that late event would end the test process. The calls still fail with the error.
 */
const LEADER_TRANSPORT = {
  names: ["leaderTransport", "userId", "nodeVersion"],
  needs: ["client"],
  code: [
    "const __key = __crypto.PrivateKey.generate();",
    "const __userId = __crypto.userIdFromPublicKey(__key.publicKey);",
    "const __leader = __client.cluster.leader;",
    "const __session = __http2.connect(__leader.grpcEndpoint);",
    '__session.on("error", () => {});',
    "const __leaderTransport = __connectNode.createGrpcTransport({",
    "  baseUrl: __leader.grpcEndpoint,",
    "  sessionManager: {",
    "    authority: new URL(__leader.grpcEndpoint).origin,",
    '    request: async (method, path, headers, options) => __session.request({ ...headers, ":method": method, ":path": path }, options),',
    "    notifyResponseByteRead: () => {},",
    "  },",
    "  interceptors: [(next) => (request) => {",
    "    const token = __crypto.createSignedToken({ signer: __key, targetNodeId: __leader.id });",
    "    request.header.set(__crypto.TOKEN_HEADER, __crypto.encodeTokenHeader(token));",
    "    return next(request);",
    "  }],",
    "});",
    "const __nodeVersion = await __connect.createClient(__membership.Membership, __leaderTransport).nodeVersion({});",
  ].join("\n"),
  release: "__session.close();",
};

/**
 * The variables README fragments use without declaring, in dependency order: what each needs, how the
 * prelude makes it (as `__<name>`), and how it is released.
 */
const PRELUDE: readonly { names: string[]; needs: string[]; code: string; release?: string }[] = [
  { names: ["network"], needs: [], code: "const __network = __vm.Network.devnet(__bootnode, __chain);" },
  {
    names: ["payer"],
    needs: ["network"],
    code: "const __payer = await __payments.NilChainPayer.connect(__network, __walletKey, { pollIntervalMs: 10 });",
    release: "__payer.disconnect();",
  },
  {
    names: ["client"],
    needs: ["network", "payer"],
    code: "const __client = await __vm.VmClient.create(__crypto.PrivateKey.generate(), __network, __payer);",
    release: "__client.close();",
  },
  {
    names: ["id"],
    needs: ["client"],
    code: "const __id = await __client.storeValues({ age: new __types.SecretInteger(42n) }, { ttlDays: 1 }).invoke();",
  },
  {
    names: ["programId"],
    needs: ["client"],
    code: 'const __programId = await __client.storeProgram("my-program", __fs.readFileSync(__program)).invoke();',
  },
  {
    names: ["otherUser"],
    needs: [],
    code: "const __otherUser = __crypto.userIdFromPublicKey(__crypto.PrivateKey.generate().publicKey);",
  },
  {
    names: ["quote"],
    needs: ["client"],
    code: "const __quote = await __client.requestQuote(__client.poolStatus());",
  },
  LEADER_TRANSPORT,
];

const PRELUDE_IMPORTS = [
  'import * as __fs from "node:fs";',
  'import * as __http2 from "node:http2";',
  'import * as __connect from "@connectrpc/connect";',
  'import * as __connectNode from "@connectrpc/connect-node";',
  'import * as __crypto from "@nillion/crypto";',
  'import * as __payments from "@nillion/payments";',
  'import * as __membership from "@nillion/proto/nillion/membership/v1/service";',
  'import * as __types from "@nillion/types";',
  'import * as __vm from "@nillion/vm-client";',
];

// What the throwaway project installs, as a user following the READMEs would, and where each comes from.
const INSTALLED: readonly [string, string][] = [
  ...["types", "crypto", "proto", "payments", "vm-client", "devnet-test"].map((name): [string, string] => [
    `@nillion/${name}`,
    path.join(PACKAGES, name),
  ]),
  ["@connectrpc/connect", path.join(PACKAGES, "vm-client/node_modules/@connectrpc/connect")],
  ["@connectrpc/connect-node", path.join(PACKAGES, "vm-client/node_modules/@connectrpc/connect-node")],
  ["vitest", path.join(PACKAGES, "devnet-test/node_modules/vitest")],
  ["@cosmjs/proto-signing", path.join(PACKAGES, "payments/node_modules/@cosmjs/proto-signing")],
];

// Stands in for "vitest" and "node:test" in the examples: collects tests and hooks for this test to run.
const RUNNER = `export { expect } from "vitest";
export const collected = { before: [], tests: [], after: [] };
export const test = (name, fn) => { collected.tests.push({ name, fn }); };
export const it = test;
export const before = (fn) => { collected.before.push(fn); };
export const beforeAll = before;
export const after = (fn) => { collected.after.push(fn); };
export const afterAll = after;
`;

interface Example {
  readonly name: string;
  readonly code: string;
}

/** The ```ts blocks of a package's README, named by package and the heading above them. */
function examplesOf(pkg: string): Example[] {
  const text = readFileSync(path.join(PACKAGES, pkg, "README.md"), "utf8");
  const examples: Example[] = [];
  let heading = "";
  for (const [index, chunk] of text.split(/^```ts\n([\s\S]*?)^```$/m).entries()) {
    if (index % 2 === 0) {
      const prose = chunk.replace(/^```[\s\S]*?^```$/gm, "");
      heading = [...prose.matchAll(/^#+ (.+)$/gm)].at(-1)?.[1] ?? heading;
    } else {
      examples.push({ name: `${pkg} › ${heading}`, code: chunk });
    }
  }
  return examples;
}

const IMPORT = /^import\s[^;]*?from\s*"([^"]+)";[ \t]*$/gm;

/** The module that runs `example` here. */
function moduleFor(example: Example): string {
  let code = example.code;
  for (const [from, to] of substitutions()) code = code.replaceAll(from, to);
  const imports = [...code.matchAll(IMPORT)].map(([statement, specifier]) =>
    specifier === "vitest" || specifier === "node:test"
      ? statement.replace(`"${specifier}"`, '"./runner.mts"')
      : statement,
  );
  const body = code.replace(IMPORT, "").trim();

  // Free uses (not after a ".") of names the example does not declare itself.
  const declared = (name: string) => new RegExp(`\\b(?:const|let|var)\\s+${name}\\b`).test(body);
  const used = (name: string) => new RegExp(`(?<![.\\w$])${name}\\b`).test(body);
  const wanted = new Set(PRELUDE.flatMap((item) => item.names).filter((n) => used(n) && !declared(n)));
  if (wanted.size === 0) return [...imports, body].join("\n");

  const needed = new Set<string>();
  const need = (name: string) => {
    const item = PRELUDE.find((entry) => entry.names.includes(name));
    if (item === undefined || needed.has(item.names[0] as string)) return;
    for (const dependency of item.needs) need(dependency);
    needed.add(item.names[0] as string);
  };
  for (const name of wanted) need(name);
  const items = PRELUDE.filter((item) => needed.has(item.names[0] as string));
  const { network } = useDevnet();
  return [
    ...PRELUDE_IMPORTS,
    ...imports,
    `const __bootnode = ${JSON.stringify(network.nilvmGrpcEndpoint)};`,
    `const __chain = ${JSON.stringify(network.chainEndpoint)};`,
    `const __walletKey = ${JSON.stringify(suiteWalletKey("readme"))};`,
    `const __program = ${JSON.stringify(PROGRAM)};`,
    ...items.map((item) => item.code),
    ...[...wanted].map((name) => `const ${name} = __${name};`),
    "try {",
    body,
    "} finally {",
    ...items.flatMap((item) => (item.release ? [item.release] : [])).reverse(),
    "}",
  ].join("\n");
}

const project = mkdtempSync(path.join(os.tmpdir(), "readme-examples-"));
for (const [name, target] of INSTALLED) {
  mkdirSync(path.dirname(path.join(project, "node_modules", name)), { recursive: true });
  symlinkSync(target, path.join(project, "node_modules", name), "dir");
}
writeFileSync(path.join(project, "runner.mts"), RUNNER);
afterAll(() => rmSync(project, { recursive: true, force: true }));

type Runner = {
  collected: {
    before: (() => unknown)[];
    tests: { name: string; fn: () => unknown }[];
    after: (() => unknown)[];
  };
};

/** Runs an example module, then the tests and hooks it registered. */
async function run(example: Example, file: string): Promise<Record<string, unknown>> {
  writeFileSync(path.join(project, file), moduleFor(example));
  const runner = (await import(/* @vite-ignore */ path.join(project, "runner.mts"))) as Runner;
  const { collected } = runner;
  collected.before.length = collected.tests.length = collected.after.length = 0;
  const exports = (await import(/* @vite-ignore */ path.join(project, file))) as Record<string, unknown>;
  expect(collected.tests).toHaveLength(example.code.match(/^test\(/gm)?.length ?? 0);
  try {
    for (const hook of collected.before) await hook();
    for (const { fn } of collected.tests) await fn();
  } finally {
    for (const hook of collected.after) await hook();
  }
  return exports;
}

const ALL = ["vm-client", "payments", "devnet-test"].flatMap((pkg) =>
  examplesOf(pkg).map((example, index) => ({ ...example, file: `${pkg}-${index}.mts` })),
);

/** What an example ran to: its module's exports and what it printed. */
interface Outcome {
  readonly exports: Record<string, unknown>;
  readonly logs: readonly unknown[][];
}

/** What some examples say they print or export, checked beyond running without an error. */
const CHECKS: ReadonlyMap<string, (outcome: Outcome) => Promise<void>> = new Map([
  [
    "vm-client › Quick start",
    async ({ logs }) => {
      expect(logs).toEqual([
        [
          { a: new SecretInteger(5n), c: new Integer(3n) },
          { prod: new SecretInteger(33n), total: new SecretInteger(22n) },
        ],
      ]);
    },
  ],
  [
    "devnet-test › vitest: one config line",
    async ({ exports }) => {
      // The config names a setup module the project can load.
      const setup = (exports["default"] as { test: { globalSetup: string[] } }).test.globalSetup[0];
      expect(setup).toBe("@nillion/devnet-test/vitest-setup");
      writeFileSync(path.join(project, "setup.mts"), `export { default } from ${JSON.stringify(setup)};`);
      const module = await import(/* @vite-ignore */ path.join(project, "setup.mts"));
      expect(typeof module.default).toBe("function");
    },
  ],
]);

describe("README examples", () => {
  it("are all found", () => {
    expect(ALL.length).toBeGreaterThanOrEqual(19);
    for (const name of CHECKS.keys()) expect(ALL.map((example) => example.name)).toContain(name);
  });

  it.each(ALL)("$name", async (example) => {
    const configHome = process.env["XDG_CONFIG_HOME"];
    // `Network.fromConfig("devnet")` reads the file nillion-devnet writes: here, this run's devnet.
    const config = path.join(project, "config");
    const { network } = useDevnet();
    mkdirSync(path.join(config, "nillion/networks"), { recursive: true });
    writeFileSync(
      path.join(config, "nillion/networks/devnet.yaml"),
      [
        `bootnode: ${network.nilvmGrpcEndpoint}`,
        "payments:",
        `  nilchain_chain_id: ${network.chainId}`,
        `  nilchain_rpc_endpoint: ${network.chainEndpoint}`,
        "",
      ].join("\n"),
    );
    process.env["XDG_CONFIG_HOME"] = config;
    const log = vi.spyOn(console, "log").mockImplementation(() => {});
    try {
      const exports = await run(example, example.file);
      await CHECKS.get(example.name)?.({ exports, logs: log.mock.calls });
    } finally {
      log.mockRestore();
      if (configHome === undefined) delete process.env["XDG_CONFIG_HOME"];
      else process.env["XDG_CONFIG_HOME"] = configHome;
    }
  });
});

/** How a Node.js process running `file` from the throwaway project ended; killed after 30 s. */
function runInProject(file: string): Promise<{ exitCode: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      [file],
      { cwd: project, encoding: "utf8", timeout: 30_000, killSignal: "SIGKILL" },
      (error, stdout, stderr) => {
        const exitCode = error === null ? 0 : typeof error.code === "number" ? error.code : null;
        resolve({ exitCode, stdout, stderr });
      },
    );
  });
}

describe("the README prelude", () => {
  // The examples run inside this test process, so a session 'error' event with no listener would end it.
  // In a process of its own, an unhandled one shows as exit code 1; the process ends once its session has.
  it("has a leader transport that survives a leader not speaking HTTP/2: only the call fails", async () => {
    const server = http.createServer((_request, response) => response.end("not gRPC"));
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    const leader = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    // The prelude builds the transport, then asks for the version in its last line.
    const lines = LEADER_TRANSPORT.code.split("\n");
    const call = lines.pop();
    writeFileSync(
      path.join(project, "leader-transport.mjs"),
      [
        ...PRELUDE_IMPORTS,
        `const __client = { cluster: { leader: { grpcEndpoint: ${JSON.stringify(leader)}, id: new Uint8Array(20).fill(1) } } };`,
        ...lines,
        "try {",
        call,
        '  console.log("answered");',
        "} catch (error) {",
        '  console.log("refused: " + error.message);',
        "} finally {",
        LEADER_TRANSPORT.release,
        "}",
      ].join("\n"),
    );
    try {
      const outcome = await runInProject("leader-transport.mjs");
      expect(outcome.stderr).toBe("");
      expect(outcome.stdout).toMatch(/^refused: .+\n$/);
      expect(outcome.exitCode).toBe(0);
    } finally {
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
    }
  });
});
