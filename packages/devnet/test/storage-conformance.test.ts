// One behaviour for every NodeStore: the same suite runs against the in-memory store and the SQLite store,
// including the atomicity a node relies on when requests race (updates, claims, balance deductions).
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { InvalidArgumentError, PermissionDeniedError, UnavailableError } from "@nillion/types";
import { afterAll, afterEach, describe, expect, it } from "vitest";
import { MemoryStore } from "../src/storage/memory-store.js";
import type { JsonValue, NodeStore, ValuesRecord } from "../src/storage/node-store.js";
import { SqliteStore } from "../src/storage/sqlite-store.js";

const directories: string[] = [];

afterAll(() => {
  for (const directory of directories) fs.rmSync(directory, { recursive: true, force: true });
});

const kinds: Array<[string, () => Promise<NodeStore>]> = [
  ["MemoryStore", async () => new MemoryStore()],
  [
    "SqliteStore",
    async () => {
      const directory = fs.mkdtempSync(path.join(os.tmpdir(), "node-store-"));
      directories.push(directory);
      return SqliteStore.open(directory);
    },
  ],
];

const DAY = 86_400_000;
const T0 = new Date("2030-01-01T00:00:00Z");
const at = (ms: number) => new Date(T0.getTime() + ms);

function values(id: string, overrides: Partial<ValuesRecord> = {}): ValuesRecord {
  return {
    id,
    valuesBytes: [Uint8Array.of(1, 2, 3), new Uint8Array(0), Uint8Array.of(255)],
    permissionsBytes: Uint8Array.of(10, 20),
    expiresAt: at(DAY),
    prime: 2,
    ...overrides,
  };
}

describe.each(kinds)("%s", (_name, open) => {
  let store: NodeStore;
  afterEach(async () => {
    await store.close();
  });
  const fresh = async () => {
    store = await open();
    return store;
  };

  describe("values", () => {
    it("creates a value set once and reads it back as stored", async () => {
      const s = await fresh();
      expect(await s.getValues("a")).toBeUndefined();
      expect(await s.createValues(values("a"))).toBe(true);
      expect(await s.getValues("a")).toEqual(values("a"));
      expect(await s.createValues(values("a", { prime: 7, valuesBytes: [] }))).toBe(false);
      expect(await s.getValues("a")).toEqual(values("a"));
      expect(await s.createValues(values("b", { valuesBytes: [] }))).toBe(true);
      expect((await s.getValues("b"))?.valuesBytes).toEqual([]);
    });

    it("copies bytes in and out", async () => {
      const s = await fresh();
      const record = values("a");
      await s.createValues(record);
      (record.valuesBytes[0] as Uint8Array)[0] = 99;
      record.permissionsBytes[0] = 99;
      const read = await s.getValues("a");
      expect(read).toEqual(values("a"));
      (read?.valuesBytes[0] as Uint8Array)[0] = 42;
      expect(await s.getValues("a")).toEqual(values("a"));
      expect(read?.permissionsBytes.constructor).toBe(Uint8Array);
    });

    it("updates atomically with the function's result, or not at all when it throws", async () => {
      const s = await fresh();
      let called = false;
      expect(
        await s.updateValues("missing", (current) => {
          called = true;
          return current;
        }),
      ).toBeUndefined();
      expect(called).toBe(false);

      await s.createValues(values("a"));
      const updated = await s.updateValues("a", (current) => ({
        ...current,
        valuesBytes: [Uint8Array.of(9)],
        expiresAt: at(2 * DAY),
      }));
      const expected = values("a", { valuesBytes: [Uint8Array.of(9)], expiresAt: at(2 * DAY) });
      expect(updated).toEqual(expected);
      expect(await s.getValues("a")).toEqual(expected);

      const refusal = new PermissionDeniedError("user does not have permissions for action");
      await expect(
        s.updateValues("a", () => {
          throw refusal;
        }),
      ).rejects.toBe(refusal);
      await expect(s.updateValues("a", (current) => ({ ...current, id: "b" }))).rejects.toBeInstanceOf(
        InvalidArgumentError,
      );
      await expect(
        s.updateValues("a", (current) => ({ ...current, expiresAt: new Date(Number.NaN) })),
      ).rejects.toBeInstanceOf(InvalidArgumentError);
      expect(await s.getValues("a")).toEqual(expected);
      expect(await s.getValues("b")).toBeUndefined();
    });

    it("applies every one of 100 concurrent updates of one record", async () => {
      const s = await fresh();
      await s.createValues(values("a", { valuesBytes: [] }));
      await Promise.all(
        Array.from({ length: 100 }, (_, i) =>
          s.updateValues("a", (current) => ({
            ...current,
            valuesBytes: [...current.valuesBytes, Uint8Array.of(i)],
          })),
        ),
      );
      const read = await s.getValues("a");
      expect(read?.valuesBytes.map((bytes) => bytes[0])).toEqual(Array.from({ length: 100 }, (_, i) => i));
      expect(read?.permissionsBytes).toEqual(values("a").permissionsBytes);
    });

    it("deletes, asking the authorizer first", async () => {
      const s = await fresh();
      expect(await s.deleteValues("a")).toBe(false);
      await s.createValues(values("a"));
      const refusal = new PermissionDeniedError("user does not have permissions for action");
      await expect(
        s.deleteValues("a", () => {
          throw refusal;
        }),
      ).rejects.toBe(refusal);
      expect(await s.getValues("a")).toEqual(values("a"));
      const seen: ValuesRecord[] = [];
      expect(await s.deleteValues("a", (current) => void seen.push(current))).toBe(true);
      expect(seen).toEqual([values("a")]);
      expect(await s.getValues("a")).toBeUndefined();
      expect(await s.deleteValues("a", () => {})).toBe(false);
    });

    it("refuses malformed records", async () => {
      const s = await fresh();
      const bad: ValuesRecord[] = [
        values("a", { expiresAt: new Date(Number.NaN) }),
        values("a", { prime: -1 }),
        values("a", { prime: 1.5 }),
        values("a", { valuesBytes: ["x" as unknown as Uint8Array] }),
        values("a", { permissionsBytes: [1] as unknown as Uint8Array }),
      ];
      for (const record of bad)
        await expect(s.createValues(record)).rejects.toBeInstanceOf(InvalidArgumentError);
      expect(await s.getValues("a")).toBeUndefined();
    });
  });

  describe("programs", () => {
    it("stores a program under its id once and returns a copy", async () => {
      const s = await fresh();
      const id = "3f2a/prog/sha256/abcd";
      expect(await s.getProgram(id)).toBeUndefined();
      expect(await s.createProgram(id, Uint8Array.of(1, 2))).toBe(true);
      expect(await s.createProgram(id, Uint8Array.of(3))).toBe(false);
      await expect(s.createProgram("other", [1] as unknown as Uint8Array)).rejects.toBeInstanceOf(
        InvalidArgumentError,
      );
      expect(await s.getProgram("other")).toBeUndefined();
      const read = await s.getProgram(id);
      expect(read).toEqual(Uint8Array.of(1, 2));
      (read as Uint8Array)[0] = 7;
      expect(await s.getProgram(id)).toEqual(Uint8Array.of(1, 2));
    });
  });

  describe("compute results", () => {
    it("puts, replaces, reads and deletes results", async () => {
      const s = await fresh();
      expect(await s.getResult("c")).toBeUndefined();
      await s.putResult({ id: "c", result: Uint8Array.of(1), expiresAt: at(DAY) });
      expect(await s.getResult("c")).toEqual({ id: "c", result: Uint8Array.of(1), expiresAt: at(DAY) });
      await s.putResult({ id: "c", result: Uint8Array.of(2, 3), expiresAt: at(2 * DAY) });
      expect(await s.getResult("c")).toEqual({
        id: "c",
        result: Uint8Array.of(2, 3),
        expiresAt: at(2 * DAY),
      });
      await expect(
        s.putResult({ id: "c", result: Uint8Array.of(9), expiresAt: new Date(Number.NaN) }),
      ).rejects.toBeInstanceOf(InvalidArgumentError);
      expect((await s.getResult("c"))?.result).toEqual(Uint8Array.of(2, 3));
      expect(await s.deleteResult("c")).toBe(true);
      expect(await s.deleteResult("c")).toBe(false);
      expect(await s.getResult("c")).toBeUndefined();
    });
  });

  describe("claims", () => {
    it("lets a key be claimed once per namespace", async () => {
      const s = await fresh();
      expect(await s.claim("receipt", "r1", at(DAY))).toBe(true);
      expect(await s.claim("receipt", "r1", at(2 * DAY))).toBe(false);
      expect(await s.claim("quote-nonce", "r1", at(DAY))).toBe(true);
      expect(await s.claim("receipt", "R1", at(DAY))).toBe(true);
      await expect(s.claim("receipt", "r2", new Date("never"))).rejects.toBeInstanceOf(InvalidArgumentError);
      expect(await s.claim("receipt", "r2", at(DAY))).toBe(true);
    });

    it("gives exactly one of 50 concurrent claims the key", async () => {
      const s = await fresh();
      const wins = await Promise.all(Array.from({ length: 50 }, () => s.claim("receipt", "r", at(DAY))));
      expect(wins.filter(Boolean)).toHaveLength(1);
    });
  });

  describe("balances", () => {
    const change = (ms: number) => ({ now: at(ms), expiresAt: at(ms + 30 * DAY) });

    it("adds credits, creating the balance, and stamps every change", async () => {
      const s = await fresh();
      expect(await s.getBalance("u")).toBeUndefined();
      expect(await s.addCredits("u", 5n, change(0))).toEqual({ credits: 5n, ...stamps(0) });
      expect(await s.addCredits("u", 2n, change(10))).toEqual({ credits: 7n, ...stamps(10) });
      expect(await s.getBalance("u")).toEqual({ credits: 7n, ...stamps(10) });
      expect(await s.getBalance("v")).toBeUndefined();
    });

    it("deducts only what is there, never going below zero", async () => {
      const s = await fresh();
      expect(await s.deductCredits("u", 1n, change(0))).toBe("insufficient-funds");
      await s.addCredits("u", 100n, change(0));
      expect(await s.deductCredits("u", 101n, change(5))).toBe("insufficient-funds");
      expect(await s.getBalance("u")).toEqual({ credits: 100n, ...stamps(0) });
      expect(await s.deductCredits("u", 100n, change(5))).toEqual({ credits: 0n, ...stamps(5) });
      expect(await s.deductCredits("u", 1n, change(6))).toBe("insufficient-funds");
    });

    it("deducts 50 concurrent payments without overdrawing", async () => {
      const s = await fresh();
      await s.addCredits("u", 1000n, change(0));
      const outcomes = await Promise.all(
        Array.from({ length: 50 }, () => s.deductCredits("u", 30n, change(1))),
      );
      expect(outcomes.filter((outcome) => typeof outcome === "object")).toHaveLength(33);
      expect(outcomes.filter((outcome) => outcome === "insufficient-funds")).toHaveLength(17);
      expect((await s.getBalance("u"))?.credits).toBe(10n);
    });

    it("claims a marker together with a credit, once", async () => {
      const s = await fresh();
      const claim = { namespace: "add-funds-tx", key: "abcd", expiresAt: at(DAY) };
      expect(await s.addCredits("u", 2n, { ...change(0), claim })).toEqual({ credits: 2n, ...stamps(0) });
      expect(await s.addCredits("u", 2n, { ...change(1), claim })).toBe("already-claimed");
      expect(await s.getBalance("u")).toEqual({ credits: 2n, ...stamps(0) });
      expect(await s.claim("add-funds-tx", "abcd", at(DAY))).toBe(false);
    });

    it("leaves the marker free when a deduction is refused", async () => {
      const s = await fresh();
      const claim = { namespace: "quote-nonce", key: "n1", expiresAt: at(DAY) };
      await s.addCredits("u", 50n, change(0));
      expect(await s.deductCredits("u", 100n, { ...change(1), claim })).toBe("insufficient-funds");
      await s.addCredits("u", 50n, change(2));
      expect(await s.deductCredits("u", 100n, { ...change(3), claim })).toEqual({
        credits: 0n,
        ...stamps(3),
      });
      await s.addCredits("u", 100n, change(4));
      expect(await s.deductCredits("u", 100n, { ...change(5), claim })).toBe("already-claimed");
      expect((await s.getBalance("u"))?.credits).toBe(100n);
    });

    it("gives a refused payment back: the credits and the marker together, so the marker can pay again", async () => {
      const s = await fresh();
      const claim = { namespace: "quote-nonce", key: "n1", expiresAt: at(DAY) };
      await s.addCredits("u", 150n, change(0));
      await s.deductCredits("u", 100n, { ...change(1), claim });
      expect(await s.releaseClaim("quote-nonce", "n1", { user: "u", amount: 100n, ...change(2) })).toEqual({
        credits: 150n,
        ...stamps(2),
      });
      expect(await s.getBalance("u")).toEqual({ credits: 150n, ...stamps(2) });
      expect(await s.deductCredits("u", 100n, { ...change(3), claim })).toEqual({
        credits: 50n,
        ...stamps(3),
      });
      expect(await s.deductCredits("u", 10n, { ...change(4), claim })).toBe("already-claimed");
    });

    it("releases a marker without a refund, claimed or not, leaving other markers and balances alone", async () => {
      const s = await fresh();
      await s.addCredits("u", 7n, change(0));
      expect(await s.claim("quote-nonce", "n1", at(DAY))).toBe(true);
      expect(await s.claim("quote-nonce", "n2", at(DAY))).toBe(true);
      expect(await s.claim("receipt", "n1", at(DAY))).toBe(true);
      expect(await s.releaseClaim("quote-nonce", "n1")).toBeUndefined();
      expect(await s.releaseClaim("quote-nonce", "never claimed")).toBeUndefined();
      expect(await s.claim("quote-nonce", "n1", at(DAY))).toBe(true);
      expect(await s.claim("quote-nonce", "n2", at(DAY))).toBe(false);
      expect(await s.claim("receipt", "n1", at(DAY))).toBe(false);
      expect(await s.getBalance("u")).toEqual({ credits: 7n, ...stamps(0) });
    });

    it("refunds into a fresh balance when the old one expired, and on none at all", async () => {
      const s = await fresh();
      await s.addCredits("u", 100n, { now: at(0), expiresAt: at(10) });
      const refund = (user: string) => ({ user, amount: 5n, now: at(20), expiresAt: at(30) });
      expect(await s.releaseClaim("quote-nonce", "n", refund("u"))).toEqual({
        credits: 5n,
        lastUpdated: at(20),
        expiresAt: at(30),
      });
      expect(await s.releaseClaim("quote-nonce", "n", refund("v"))).toEqual({
        credits: 5n,
        lastUpdated: at(20),
        expiresAt: at(30),
      });
    });

    it("changes nothing when a refund is refused: malformed, or past the balance limit", async () => {
      const s = await fresh();
      await s.addCredits("u", 2n ** 63n - 1n, {
        ...change(0),
        claim: { namespace: "quote-nonce", key: "n", expiresAt: at(DAY) },
      });
      const refused = async (refund: Parameters<NodeStore["releaseClaim"]>[2], argument: string) => {
        const error = await s.releaseClaim("quote-nonce", "n", refund).then(
          () => undefined,
          (thrown: unknown) => thrown,
        );
        expect(error).toBeInstanceOf(InvalidArgumentError);
        expect((error as InvalidArgumentError).argument).toBe(argument);
      };
      await refused({ user: "u", amount: 1n, ...change(1) }, "refund.amount");
      for (const amount of [0n, -1n, 2n ** 63n]) {
        await refused({ user: "v", amount, ...change(1) }, "refund.amount");
      }
      await refused({ user: "v", amount: 1n, now: new Date(Number.NaN), expiresAt: at(1) }, "refund.now");
      await refused({ user: 7 as unknown as string, amount: 1n, ...change(1) }, "refund.user");
      await expect(s.releaseClaim(7 as unknown as string, "n")).rejects.toMatchObject({
        argument: "namespace",
      });
      await expect(s.releaseClaim("quote-nonce", 7 as unknown as string)).rejects.toMatchObject({
        argument: "key",
      });
      expect(await s.claim("quote-nonce", "n", at(DAY))).toBe(false);
      expect(await s.getBalance("u")).toEqual({ credits: 2n ** 63n - 1n, ...stamps(0) });
      expect(await s.getBalance("v")).toBeUndefined();
    });

    it("gives back 50 concurrent charges, each exactly once, among 50 concurrent ones that stay", async () => {
      const s = await fresh();
      await s.addCredits("u", 10_000n, change(0));
      const claim = (i: number) => ({ namespace: "quote-nonce", key: `n${i}`, expiresAt: at(DAY) });
      await Promise.all(
        Array.from({ length: 100 }, (_, i) => s.deductCredits("u", 100n, { ...change(1), claim: claim(i) })),
      );
      expect((await s.getBalance("u"))?.credits).toBe(0n);
      const outcomes = await Promise.all(
        Array.from({ length: 100 }, (_, i) =>
          i % 2 === 0
            ? s.releaseClaim("quote-nonce", `n${i}`, { user: "u", amount: 100n, ...change(2) })
            : s.deductCredits("u", 1n, change(2)),
        ),
      );
      // Every refund landed, and so did every deduction that saw enough credits: none was lost.
      const deducted = outcomes.filter((outcome, i) => i % 2 === 1 && typeof outcome === "object").length;
      expect((await s.getBalance("u"))?.credits).toBe(5_000n - BigInt(deducted));
      const claimsFree = await Promise.all(
        Array.from({ length: 100 }, (_, i) => s.claim("quote-nonce", `n${i}`, at(DAY))),
      );
      expect(claimsFree).toEqual(Array.from({ length: 100 }, (_, i) => i % 2 === 0));
    });

    it("counts an expired balance as none, swept or not", async () => {
      const s = await fresh();
      await s.addCredits("u", 100n, { now: at(0), expiresAt: at(10) });
      expect(await s.deductCredits("u", 1n, { now: at(9), expiresAt: at(20) })).toEqual({
        credits: 99n,
        lastUpdated: at(9),
        expiresAt: at(20),
      });
      expect(await s.deductCredits("u", 1n, { now: at(20), expiresAt: at(30) })).toBe("insufficient-funds");
      expect((await s.getBalance("u"))?.credits).toBe(99n);
      expect(await s.addCredits("u", 5n, { now: at(21), expiresAt: at(30) })).toEqual({
        credits: 5n,
        lastUpdated: at(21),
        expiresAt: at(30),
      });
    });

    it("refuses amounts that are not positive or would overflow", async () => {
      const s = await fresh();
      for (const amount of [0n, -1n, 2n ** 63n]) {
        await expect(s.addCredits("u", amount, change(0))).rejects.toBeInstanceOf(InvalidArgumentError);
        await expect(s.deductCredits("u", amount, change(0))).rejects.toBeInstanceOf(InvalidArgumentError);
      }
      await expect(
        s.addCredits("u", 1n, { now: new Date(Number.NaN), expiresAt: at(0) }),
      ).rejects.toBeInstanceOf(InvalidArgumentError);
      await s.addCredits("u", 2n ** 63n - 1n, change(0));
      await expect(s.addCredits("u", 1n, change(1))).rejects.toBeInstanceOf(InvalidArgumentError);
      expect((await s.getBalance("u"))?.credits).toBe(2n ** 63n - 1n);
    });
  });

  describe("records", () => {
    it("keeps small JSON records", async () => {
      const s = await fresh();
      const offsets: JsonValue = {
        latest: 1024,
        committed: 96,
        deleted: -1,
        ranges: [[0, 32]],
        active: true,
        n: null,
      };
      expect(await s.getRecord("prep/compare")).toBeUndefined();
      await s.putRecord("prep/compare", offsets);
      expect(await s.getRecord("prep/compare")).toEqual(offsets);
      const read = (await s.getRecord("prep/compare")) as { latest: number };
      read.latest = 0;
      expect(await s.getRecord("prep/compare")).toEqual(offsets);
      await s.putRecord("prep/compare", "replaced");
      expect(await s.getRecord("prep/compare")).toBe("replaced");
    });

    it("refuses what JSON would not keep as it is", async () => {
      const s = await fresh();
      const bad = [{ a: 1n }, { a: Number.NaN }, [Number.POSITIVE_INFINITY], { a: undefined }, new Date(0)];
      for (const value of bad) {
        await expect(s.putRecord("k", value as unknown as JsonValue)).rejects.toBeInstanceOf(
          InvalidArgumentError,
        );
      }
      expect(await s.getRecord("k")).toBeUndefined();
    });

    it("updates atomically: 100 concurrent increments all count, a throw changes nothing", async () => {
      const s = await fresh();
      const bump = (current: JsonValue | undefined) => ({
        committed: ((current as { committed?: number })?.committed ?? 0) + 1,
      });
      await Promise.all(Array.from({ length: 100 }, () => s.updateRecord("prep/trunc", bump)));
      expect(await s.getRecord("prep/trunc")).toEqual({ committed: 100 });
      await expect(
        s.updateRecord("prep/trunc", () => {
          throw new InvalidArgumentError("not enough trunc elements", { argument: "count" });
        }),
      ).rejects.toBeInstanceOf(InvalidArgumentError);
      expect(await s.updateRecord("prep/trunc", bump)).toEqual({ committed: 101 });
    });
  });

  describe("sweeping", () => {
    it("removes exactly what expired at or before now, and frees swept markers", async () => {
      const s = await fresh();
      await s.createValues(values("old", { expiresAt: at(0) }));
      await s.createValues(values("new", { expiresAt: at(1) }));
      await s.putResult({ id: "old", result: Uint8Array.of(1), expiresAt: at(-5) });
      await s.putResult({ id: "new", result: Uint8Array.of(1), expiresAt: at(DAY) });
      await s.claim("receipt", "old", at(0));
      await s.claim("receipt", "new", at(1));
      await s.addCredits("old", 1n, { now: at(-DAY), expiresAt: at(-1) });
      await s.addCredits("new", 1n, { now: at(0), expiresAt: at(DAY) });
      await s.putRecord("prep/compare", { latest: 1 });

      // Until swept, expired records are still there for the node to answer "entity expired".
      expect((await s.getValues("old"))?.id).toBe("old");
      expect(await s.sweepExpired(at(0))).toEqual({ values: 1, results: 1, markers: 1, balances: 1 });
      expect(await s.getValues("old")).toBeUndefined();
      expect(await s.getValues("new")).toEqual(values("new", { expiresAt: at(1) }));
      expect(await s.getResult("old")).toBeUndefined();
      expect((await s.getResult("new"))?.id).toBe("new");
      expect(await s.claim("receipt", "old", at(DAY))).toBe(true);
      expect(await s.claim("receipt", "new", at(DAY))).toBe(false);
      expect(await s.getBalance("old")).toBeUndefined();
      expect((await s.getBalance("new"))?.credits).toBe(1n);
      expect(await s.getRecord("prep/compare")).toEqual({ latest: 1 });
      expect(await s.sweepExpired(at(0))).toEqual({ values: 0, results: 0, markers: 0, balances: 0 });
      await expect(s.sweepExpired(new Date(Number.NaN))).rejects.toBeInstanceOf(InvalidArgumentError);
    });
  });

  it("refuses every call once closed, and closes twice without complaint", async () => {
    const s = await fresh();
    await s.close();
    await s.close();
    const calls: Array<() => Promise<unknown>> = [
      () => s.getValues("a"),
      () => s.createValues(values("a")),
      () => s.updateValues("a", (current) => current),
      () => s.deleteValues("a"),
      () => s.getProgram("p"),
      () => s.createProgram("p", Uint8Array.of(1)),
      () => s.getResult("c"),
      () => s.putResult({ id: "c", result: Uint8Array.of(1), expiresAt: at(0) }),
      () => s.deleteResult("c"),
      () => s.claim("n", "k", at(0)),
      () => s.getBalance("u"),
      () => s.addCredits("u", 1n, { now: at(0), expiresAt: at(1) }),
      () => s.deductCredits("u", 1n, { now: at(0), expiresAt: at(1) }),
      () => s.releaseClaim("n", "k", { user: "u", amount: 1n, now: at(0), expiresAt: at(1) }),
      () => s.getRecord("k"),
      () => s.putRecord("k", 1),
      () => s.updateRecord("k", () => 1),
      () => s.sweepExpired(at(0)),
    ];
    for (const call of calls) await expect(call()).rejects.toBeInstanceOf(UnavailableError);
  });
});

function stamps(ms: number) {
  return { lastUpdated: at(ms), expiresAt: at(ms + 30 * DAY) };
}
