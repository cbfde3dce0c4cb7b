// What each runtime gets by default, chosen by the package's `exports` conditions: Node.js speaks gRPC over
// HTTP/2 to real servers; the browser build speaks gRPC-web over fetch and reads no files.
import { execFileSync } from "node:child_process";
import { readFileSync } from "node:fs";
import http2 from "node:http2";
import type { AddressInfo } from "node:net";
import path from "node:path";
import { connectNodeAdapter } from "@connectrpc/connect-node";
import { PrivateKey } from "@nillion/crypto";
import { SecretInteger } from "@nillion/types";
import { Network, VmClient } from "@nillion/vm-client";
import { describe, expect, it } from "vitest";
import { CHAIN } from "./connect.js";
import { FakeCluster } from "./fake-cluster.js";

const packageDir = path.resolve(import.meta.dirname, "..");

/** Runs an ES module snippet in a fresh Node.js inside the package, with extra conditions. */
function runNode(code: string, conditions: string[] = []): string {
  return execFileSync(
    process.execPath,
    [...conditions.map((c) => `--conditions=${c}`), "--input-type=module", "-e", code],
    { cwd: packageDir, encoding: "utf8" },
  ).trim();
}

/** The bare module specifiers a built file imports. */
function importsOf(file: string): string[] {
  const source = readFileSync(path.join(packageDir, file), "utf8");
  return [...source.matchAll(/^import .* from ['"]([^'"]+)['"];?$/gm)].map((match) => match[1] as string);
}

describe("the Node.js build", () => {
  it("is what Node resolves, and defaults to gRPC over HTTP/2", async () => {
    expect(runNode(`console.log(import.meta.resolve("@nillion/vm-client"))`)).toMatch(/\/dist\/index\.js$/);
    expect(importsOf("dist/index.js")).toContain("@connectrpc/connect-node");
    expect(importsOf("dist/index.js")).not.toContain("@connectrpc/connect-web");

    // Three real HTTP/2 servers; the cluster is built once their ports are known.
    const versions: string[] = [];
    let cluster: FakeCluster | undefined;
    const servers = await Promise.all(
      [0, 1, 2].map(async (index) => {
        let handler: ReturnType<typeof connectNodeAdapter> | undefined;
        const server = http2.createServer((request, response) => {
          versions.push(request.httpVersion);
          const node = cluster?.nodes[index];
          if (!cluster || !node) throw new Error("the cluster is not ready");
          handler ??= connectNodeAdapter({ routes: (router) => cluster?.routes(router, node) });
          handler(request, response);
        });
        await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
        return server;
      }),
    );
    try {
      const endpoints = servers.map((server) => `http://127.0.0.1:${(server.address() as AddressInfo).port}`);
      cluster = new FakeCluster({ endpoints });
      const client = await VmClient.create(
        PrivateKey.fromSeed("alice"),
        Network.devnet(cluster.bootnode, CHAIN),
        cluster.payer,
      );
      const id = await client.storeValues({ a: new SecretInteger(7n) }, { ttlDays: 1 }).invoke();
      expect(await client.retrieveValues(id).invoke()).toEqual({ a: new SecretInteger(7n) });
      client.close();
      expect(new Set(versions)).toEqual(new Set(["2.0"]));
    } finally {
      // Closing waits for every session to end: the client's close() must have ended them.
      await Promise.all(servers.map((server) => new Promise((resolve) => server.close(resolve))));
    }
  });
});

describe("the browser build", () => {
  it("is what the browser condition resolves, with gRPC-web over fetch and nothing from Node.js", () => {
    expect(runNode(`console.log(import.meta.resolve("@nillion/vm-client"))`, ["browser"])).toMatch(
      /\/dist\/browser\/index\.js$/,
    );
    const imports = importsOf("dist/browser/index.js");
    expect(imports).toContain("@connectrpc/connect-web");
    expect(imports.filter((specifier) => /connect-node|^node:|^yaml$/.test(specifier))).toEqual([]);
  });

  it("cannot read network files", () => {
    const output = runNode(
      `import { Network } from "@nillion/vm-client";
       try { Network.fromConfig("devnet"); } catch (error) { console.log(error.name + ": " + error.message); }`,
      ["browser"],
    );
    expect(output).toMatch(
      /^UnavailableError: Network\.fromConfig\("devnet"\) reads files and is not available in browsers/,
    );
  });

  it("exports the same API as the Node.js build", () => {
    const keys = (conditions: string[]) =>
      runNode(`console.log(Object.keys(await import("@nillion/vm-client")).sort().join(","))`, conditions);
    expect(keys(["browser"])).toBe(keys([]));
  });
});
