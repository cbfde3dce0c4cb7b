// The SDK in a real browser: pages built with Vite, opened in Debian's Chromium (headless, driven by
// playwright-core) against a devnet this suite starts. Chromium must be at /usr/bin/chromium (`.ci/run`
// installs it); without it the suite fails rather than skipping.
import { existsSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import path from "node:path";
import { startDevnet, type TestDevnet } from "@nillion/devnet-test";
import { type Browser, chromium } from "playwright-core";
import { build } from "vite";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

const CHROMIUM = "/usr/bin/chromium";
const pages = path.resolve(import.meta.dirname, "../pages");
const PROGRAM = path.resolve(import.meta.dirname, "../../../shared/fixtures/nada/arith_basic.nada.bin");

let out: string;
let server: Server;
let origin: string;
let browser: Browser;

/** Builds the pages as a web app would ship them: Vite's production build, ESM for browsers. */
async function buildPages(): Promise<{ warnings: string[] }> {
  const warnings: string[] = [];
  await build({
    root: pages,
    logLevel: "silent",
    customLogger: {
      info: () => {},
      warn: (message) => warnings.push(message),
      warnOnce: (message) => warnings.push(message),
      error: (message) => warnings.push(message),
      clearScreen: () => {},
      hasErrorLogged: () => false,
      hasWarned: false,
    },
    build: {
      outDir: out,
      emptyOutDir: true,
      rollupOptions: {
        input: { app: path.join(pages, "app/index.html"), masker: path.join(pages, "masker/index.html") },
      },
    },
  });
  return { warnings };
}

function serve(dir: string): Promise<Server> {
  const types: Record<string, string> = {
    ".html": "text/html",
    ".js": "text/javascript",
    ".bin": "application/octet-stream",
  };
  const httpServer = createServer((request, response) => {
    const url = new URL(request.url ?? "/", "http://localhost");
    const file =
      url.pathname === "/arith_basic.nada.bin" ? PROGRAM : path.join(dir, path.normalize(url.pathname));
    if (!file.startsWith(dir) && file !== PROGRAM) {
      response.writeHead(403).end();
      return;
    }
    if (!existsSync(file)) {
      response.writeHead(404).end();
      return;
    }
    response.writeHead(200, { "content-type": types[path.extname(file)] ?? "application/octet-stream" });
    response.end(readFileSync(file));
  });
  return new Promise((resolve) => httpServer.listen(0, "127.0.0.1", () => resolve(httpServer)));
}

async function outcomeOf(url: string): Promise<{ ok?: Record<string, unknown>; error?: string }> {
  const page = await browser.newPage();
  const logs: string[] = [];
  page.on("console", (message) => logs.push(`${message.type()}: ${message.text()}`));
  page.on("pageerror", (error) => logs.push(`pageerror: ${error.message}`));
  try {
    await page.goto(url);
    await page.waitForFunction(() => window.outcome !== undefined, undefined, { timeout: 150_000 });
    const outcome = (await page.evaluate(() => window.outcome)) as {
      ok?: Record<string, unknown>;
      error?: string;
    };
    if (outcome.error !== undefined) outcome.error += `\n${logs.join("\n")}`;
    return outcome;
  } finally {
    await page.close();
  }
}

declare global {
  interface Window {
    outcome?: unknown;
  }
}

let warnings: string[] = [];

beforeAll(async () => {
  if (!existsSync(CHROMIUM)) {
    throw new Error(`${CHROMIUM} is missing: install Debian's chromium (apt-get install -y chromium)`);
  }
  out = mkdtempSync(path.join(tmpdir(), "nillion-browser-"));
  ({ warnings } = await buildPages());
  server = await serve(out);
  origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  browser = await chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    args: [
      "--no-sandbox",
      "--disable-gpu",
      "--disable-quic",
      "--no-first-run",
      "--disable-background-networking",
      "--disable-component-update",
      "--disable-sync",
    ],
  });
});

afterAll(async () => {
  await browser?.close();
  await new Promise((resolve) => server?.close(resolve));
  if (out) rmSync(out, { recursive: true, force: true });
});

describe("the SDK in Chromium", () => {
  it("Vite builds the pages without a warning", () => {
    expect(warnings).toEqual([]);
  });

  it("masks and unmasks with @nillion/crypto alone", async () => {
    const outcome = await outcomeOf(`${origin}/masker/index.html`);
    expect(outcome).toEqual({ ok: { parties: 3, a: "-42", b: "7", blob: "hello", p: "3" } });
  });

  describe("against a devnet", () => {
    let devnet: TestDevnet;
    beforeAll(async () => {
      devnet = await startDevnet();
    });
    afterAll(() => devnet?.stop());

    it("pays with an extension signer, stores, grants, retrieves as another user and computes", async () => {
      const wallet = devnet.createFundedKey(100_000_000n);
      const query = new URLSearchParams({
        bootnode: devnet.network.nilvmGrpcEndpoint,
        chain: devnet.network.chainEndpoint,
        key: wallet.privateKey,
        program: "/arith_basic.nada.bin",
      });
      const outcome = await outcomeOf(`${origin}/app/index.html?${query}`);
      expect(outcome.error).toBeUndefined();
      expect(outcome.ok).toMatchObject({
        refusal: { name: "PaymentError", details: { reason: "signer-refused" } },
        balanceUnchanged: true,
        retrievedByBob: {
          age: ["SecretInteger", '"42n"'],
          note: ["SecretBlob", JSON.stringify([...new TextEncoder().encode("gm from the browser")])],
          subscribed: ["SecretBoolean", "true"],
          limit: ["Integer", '"100n"'],
        },
        results: { prod: ["SecretInteger", '"33n"'], total: ["SecretInteger", '"22n"'] },
      });
      expect(outcome.ok?.["approved"]).toBeGreaterThanOrEqual(1);
    });
  });
});
