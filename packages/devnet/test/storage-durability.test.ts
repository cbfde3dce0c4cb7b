// The SQLite store keeps what it acknowledged: across close and reopen, across `kill -9` in the middle of
// a burst of writes, and across a torn log tail. Damage it cannot repair is reported with a clear error,
// never answered with an empty or partial store.
import { spawn } from "node:child_process";
import { createHash } from "node:crypto";
import fs from "node:fs";
import { createRequire } from "node:module";
import os from "node:os";
import path from "node:path";
import { pathToFileURL } from "node:url";
import { InternalError, InvalidArgumentError } from "@nillion/types";
import Database from "libsql";
import { afterAll, describe, expect, it } from "vitest";
import type { NodeStore, ValuesRecord } from "../src/storage/node-store.js";
import { SqliteStore, type SqliteStoreOptions } from "../src/storage/sqlite-store.js";

type Durability = NonNullable<SqliteStoreOptions["survives"]>;

const directories: string[] = [];

afterAll(() => {
  for (const directory of directories) fs.rmSync(directory, { recursive: true, force: true });
});

function scratch(): string {
  const directory = fs.mkdtempSync(path.join(os.tmpdir(), "node-store-durable-"));
  directories.push(directory);
  return directory;
}

const DAY = 86_400_000;
const T0 = new Date("2030-01-01T00:00:00Z").getTime();

/** Deterministic, index-dependent bytes, so a record read back can be checked byte for byte. */
function payload(i: number, length = 1000 + (i % 97)): Uint8Array {
  return Uint8Array.from({ length }, (_, k) => (i * 31 + k * 7) & 0xff);
}

function values(i: number): ValuesRecord {
  return {
    id: `values-${i}`,
    valuesBytes: [payload(i), payload(i + 1, 3)],
    permissionsBytes: payload(i, 40),
    expiresAt: new Date(T0 + i),
    prime: i % 3,
  };
}

/** One of everything a node keeps. */
async function fill(store: NodeStore): Promise<void> {
  for (let i = 0; i < 20; i += 1) await store.createValues(values(i));
  await store.updateValues("values-3", (current) => ({ ...current, valuesBytes: [payload(333)] }));
  await store.deleteValues("values-4");
  await store.createProgram("u/p/sha256/00", payload(7, 5000));
  await store.putResult({ id: "compute-1", result: payload(8), expiresAt: new Date(T0 + DAY) });
  await store.claim("receipt", "r-1", new Date(T0 + DAY));
  await store.addCredits("user-1", 2n ** 62n + 1n, { now: new Date(T0), expiresAt: new Date(T0 + DAY) });
  await store.deductCredits("user-1", 1n, { now: new Date(T0 + 1), expiresAt: new Date(T0 + DAY) });
  await store.putRecord("prep/compare", { latest: 1024, committed: 96 });
}

async function expectFilled(store: NodeStore): Promise<void> {
  for (let i = 0; i < 20; i += 1) {
    if (i === 3)
      expect(await store.getValues("values-3")).toEqual({ ...values(3), valuesBytes: [payload(333)] });
    else if (i === 4) expect(await store.getValues("values-4")).toBeUndefined();
    else expect(await store.getValues(`values-${i}`)).toEqual(values(i));
  }
  expect(await store.getProgram("u/p/sha256/00")).toEqual(payload(7, 5000));
  expect(await store.getResult("compute-1")).toEqual({
    id: "compute-1",
    result: payload(8),
    expiresAt: new Date(T0 + DAY),
  });
  expect(await store.claim("receipt", "r-1", new Date(T0 + DAY))).toBe(false);
  expect(await store.getBalance("user-1")).toEqual({
    credits: 2n ** 62n,
    lastUpdated: new Date(T0 + 1),
    expiresAt: new Date(T0 + DAY),
  });
  expect(await store.getRecord("prep/compare")).toEqual({ latest: 1024, committed: 96 });
}

describe.each<Durability>(["process-crash", "power-loss"])("survives %s", (survives) => {
  it("keeps everything across close and reopen", async () => {
    const directory = scratch();
    const first = await SqliteStore.open(directory, { survives });
    await fill(first);
    await first.close();
    const second = await SqliteStore.open(directory, { survives });
    await expectFilled(second);
    // The reopened store carries on.
    expect(await second.createValues(values(4))).toBe(true);
    await second.close();
  });
});

it("refuses an unknown durability option", async () => {
  await expect(SqliteStore.open(scratch(), { survives: "never" as Durability })).rejects.toBeInstanceOf(
    InvalidArgumentError,
  );
});

describe("kill -9", () => {
  // The child runs the store's TypeScript sources through a tiny loader (Node 20 cannot strip types), so it
  // exercises exactly the code under test, in a process of its own that can be killed.
  function writeChild(directory: string): { register: string; child: string } {
    const typescript = pathToFileURL(createRequire(import.meta.url).resolve("typescript")).href;
    const store = pathToFileURL(path.resolve(import.meta.dirname, "../src/storage/sqlite-store.ts")).href;
    const hooks = path.join(directory, "hooks.mjs");
    const register = path.join(directory, "register.mjs");
    const child = path.join(directory, "child.mjs");
    fs.writeFileSync(
      hooks,
      `import { readFile } from "node:fs/promises";
import { fileURLToPath } from "node:url";
let ts;
export async function initialize() { ts = (await import(${JSON.stringify(typescript)})).default; }
export async function resolve(specifier, context, next) {
  if (context.parentURL?.endsWith(".ts") && specifier.startsWith(".") && specifier.endsWith(".js")) {
    return next(specifier.slice(0, -3) + ".ts", context);
  }
  return next(specifier, context);
}
export async function load(url, context, next) {
  if (!url.endsWith(".ts")) return next(url, context);
  const source = await readFile(fileURLToPath(url), "utf8");
  const options = { module: ts.ModuleKind.ESNext, target: ts.ScriptTarget.ES2022 };
  return { format: "module", source: ts.transpileModule(source, { compilerOptions: options }).outputText, shortCircuit: true };
}
`,
    );
    fs.writeFileSync(
      register,
      `import { register } from "node:module";\nregister("./hooks.mjs", import.meta.url);\n`,
    );
    fs.writeFileSync(
      child,
      `const { SqliteStore } = await import(${JSON.stringify(store)});
const T0 = ${T0};
const payload = ${payload.toString()};
const store = await SqliteStore.open(process.argv[2]);
async function write(i) {
  await store.createValues({
    id: "values-" + i,
    valuesBytes: [payload(i), payload(i + 1, 3)],
    permissionsBytes: payload(i, 40),
    expiresAt: new Date(T0 + i),
    prime: i % 3,
  });
  await store.claim("receipt", "r-" + i, new Date(T0 + i));
  await store.addCredits("user", 1n, { now: new Date(T0 + i), expiresAt: new Date(T0 + 1e12) });
  await store.updateRecord("count", (current) => ({ n: (current?.n ?? 0) + 1 }));
  process.stdout.write(i + "\\n");
}
// Several writes in flight at once, so the kill lands in the middle of some of them.
for (let i = 0; ; i += 4) await Promise.all([write(i), write(i + 1), write(i + 2), write(i + 3)]);
`,
    );
    return { register, child };
  }

  it("loses nothing the store acknowledged before the process was killed", async () => {
    const directory = scratch();
    const data = path.join(directory, "store");
    const { register, child } = writeChild(directory);
    const writer = spawn(process.execPath, ["--import", pathToFileURL(register).href, child, data], {
      stdio: ["ignore", "pipe", "pipe"],
    });
    const acknowledged: number[] = [];
    let stderr = "";
    writer.stderr.on("data", (chunk: Buffer) => {
      stderr += chunk.toString();
    });
    const exited = new Promise<NodeJS.Signals | null>((resolve) =>
      writer.on("exit", (_code, signal) => resolve(signal)),
    );
    let buffered = "";
    writer.stdout.on("data", (chunk: Buffer) => {
      buffered += chunk.toString();
      const lines = buffered.split("\n");
      buffered = lines.pop() ?? "";
      for (const line of lines) acknowledged.push(Number(line));
      // Killed the moment it reports its 400th acknowledgement, with more writes in flight.
      if (acknowledged.length >= 400) writer.kill("SIGKILL");
    });
    // A writer that stalls must not outlive the test.
    const stall = setTimeout(() => writer.kill("SIGKILL"), 10_000);
    const signal = await exited.finally(() => clearTimeout(stall));
    expect(acknowledged.length, stderr).toBeGreaterThanOrEqual(400);
    expect(signal, stderr).toBe("SIGKILL");

    const store = await SqliteStore.open(data);
    for (const i of acknowledged) {
      expect(await store.getValues(`values-${i}`)).toEqual(values(i));
      expect(await store.claim("receipt", `r-${i}`, new Date(T0 + i))).toBe(false);
    }
    const balance = await store.getBalance("user");
    const count = (await store.getRecord("count")) as { n: number };
    expect(balance?.credits).toBeGreaterThanOrEqual(BigInt(acknowledged.length));
    expect(count.n).toBeGreaterThanOrEqual(acknowledged.length);
    // Writes that were in flight are either whole or absent, never half there.
    const highest = Math.max(...acknowledged);
    for (let i = highest + 1; i < highest + 64; i += 1) {
      const record = await store.getValues(`values-${i}`);
      if (record !== undefined) expect(record).toEqual(values(i));
    }
    await store.close();
  });
});

describe("damage", () => {
  const databaseFile = (directory: string) => path.join(directory, "node.sqlite");

  async function filledStore(): Promise<string> {
    const directory = scratch();
    const store = await SqliteStore.open(directory);
    await fill(store);
    for (let i = 100; i < 300; i += 1) await store.createValues(values(i));
    await store.close();
    return directory;
  }

  function overwrite(file: string, offset: number, length: number): void {
    const fd = fs.openSync(file, "r+");
    fs.writeSync(fd, new Uint8Array(length).fill(0x5a), 0, length, offset);
    fs.closeSync(fd);
  }

  /** The file's SHA-256, or undefined when it is gone (comparing hashes is far quicker than bytes). */
  function digest(file: string): string | undefined {
    return fs.existsSync(file) ? createHash("sha256").update(fs.readFileSync(file)).digest("hex") : undefined;
  }

  /** Opening fails with InternalError naming the directory, and leaves the damaged file as it was. */
  async function expectRefused(directory: string, reason: RegExp): Promise<void> {
    const file = databaseFile(directory);
    const before = digest(file);
    const error = await SqliteStore.open(directory).then(
      () => undefined,
      (thrown: unknown) => thrown,
    );
    expect(error).toBeInstanceOf(InternalError);
    expect((error as Error).message).toContain(directory);
    expect((error as Error).message).toMatch(reason);
    expect(digest(file)).toBe(before);
  }

  it("reports a file that is not a database", async () => {
    const directory = await filledStore();
    overwrite(databaseFile(directory), 0, 100);
    await expectRefused(directory, /damaged.*not a database/);
  });

  it("reports a database cut in half", async () => {
    const directory = await filledStore();
    fs.truncateSync(databaseFile(directory), Math.floor(fs.statSync(databaseFile(directory)).size / 2));
    await expectRefused(directory, /damaged/);
  });

  it("reports pages overwritten in the middle of the file", async () => {
    const directory = await filledStore();
    const size = fs.statSync(databaseFile(directory)).size;
    overwrite(databaseFile(directory), 4096 * 4, Math.min(4096 * 16, size - 4096 * 5));
    await expectRefused(directory, /damaged/);
  });

  it("reports a database emptied or deleted after the store was created, instead of starting empty", async () => {
    const emptied = await filledStore();
    fs.truncateSync(databaseFile(emptied), 0);
    await expectRefused(emptied, /damaged: node\.sqlite is missing or empty/);
    const deleted = await filledStore();
    fs.rmSync(databaseFile(deleted));
    await expectRefused(deleted, /damaged: node\.sqlite is missing or empty/);
  });

  it("reports a record whose bytes are cut short, and still serves the others", async () => {
    const directory = await filledStore();
    const db = new Database(databaseFile(directory));
    db.prepare("UPDATE user_values SET values_bytes = ? WHERE id = ?").run([
      Uint8Array.of(2, 0, 0, 0, 1),
      "values-5",
    ]);
    db.close();
    const store = await SqliteStore.open(directory);
    await expect(store.getValues("values-5")).rejects.toThrow(/damaged: the values values-5 are cut short/);
    await expect(store.updateValues("values-5", (current) => current)).rejects.toBeInstanceOf(InternalError);
    expect(await store.getValues("values-6")).toEqual(values(6));
    await store.close();
  });

  it("refuses a directory holding another SQLite database, a newer store or a damaged marker", async () => {
    const foreign = scratch();
    const db = new Database(databaseFile(foreign));
    db.exec("CREATE TABLE something (x INTEGER)");
    db.close();
    await expectRefused(foreign, /not a node store/);

    const newer = await filledStore();
    fs.writeFileSync(path.join(newer, "store.json"), '{"format":2}\n');
    await expectRefused(newer, /has format 2/);

    const garbled = await filledStore();
    fs.writeFileSync(path.join(garbled, "store.json"), "{");
    await expectRefused(garbled, /damaged: store\.json is not JSON/);
  });

  it("drops a torn transaction at the end of the log whole, keeping every earlier one", async () => {
    const directory = scratch();
    const store = await SqliteStore.open(directory);
    await store.createValues(values(1));
    await store.addCredits("user", 5n, { now: new Date(T0), expiresAt: new Date(T0 + DAY) });
    await store.createValues(values(2));
    // A snapshot of the files as a power loss could leave them: the last commit only partly on disk.
    const copy = scratch();
    for (const name of ["node.sqlite", "node.sqlite-wal", "store.json"]) {
      fs.copyFileSync(path.join(directory, name), path.join(copy, name));
    }
    await store.close();
    const wal = path.join(copy, "node.sqlite-wal");
    fs.truncateSync(wal, fs.statSync(wal).size - 100);

    const reopened = await SqliteStore.open(copy);
    expect(await reopened.getValues("values-1")).toEqual(values(1));
    expect((await reopened.getBalance("user"))?.credits).toBe(5n);
    expect(await reopened.getValues("values-2")).toBeUndefined();
    await reopened.close();
  });
});
