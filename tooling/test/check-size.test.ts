// The size budget check fails what it must: a bundle over budget, and one holding a forbidden package.
import { describe, expect, it } from "vitest";
import { BUDGETS, measure } from "../scripts/check-size.mjs";

type Measurement = { gzip: number; raw: number; problems: string[] };
const measureEntry = measure as (budget: object) => Promise<Measurement>;

describe("check-size", () => {
  it("passes the budgets as set, and names an overrun", async () => {
    const types = await measureEntry({
      name: "types",
      entry: "browser/size/types.ts",
      budgetGzip: 10 * 1024,
    });
    expect(types.problems).toEqual([]);
    expect(types.gzip).toBeGreaterThan(1024);
    const tight = await measureEntry({ name: "types", entry: "browser/size/types.ts", budgetGzip: 1024 });
    expect(tight.problems).toEqual([expect.stringMatching(/KB gzip is over the budget of 1 KB$/)]);
  });

  it("names a forbidden package found in a bundle", async () => {
    const result = await measureEntry({
      name: "client",
      entry: "browser/size/client.ts",
      budgetGzip: 1024 * 1024,
      forbidden: ["@noble/curves"],
    });
    expect(result.problems).toEqual([expect.stringMatching(/^bundles @noble\/curves/)]);
    expect((BUDGETS as Array<{ forbidden?: string[] }>)[0]?.forbidden).toContain("cosmjs-types");
  });
});
