// The dual-package hazard: an app can load this package's ESM build and its CommonJS build at the same
// time (e.g. one dependency `require`s it, another `import`s it). Errors and values made by one copy must
// still be recognised by the other. Needs `pnpm --filter @nillion/types build` first.
import { createRequire } from "node:module";
import { beforeAll, describe, expect, it } from "vitest";

type Types = typeof import("@nillion/types");

let cjs: Types;
let esm: Types;

beforeAll(async () => {
  const require = createRequire(import.meta.url);
  cjs = require("../dist/index.cjs") as Types;
  esm = (await import("../dist/index.js")) as Types;
});

describe("two copies of the package (CJS and ESM builds)", () => {
  it("really are two copies", () => {
    expect(cjs.NotFoundError).not.toBe(esm.NotFoundError);
    expect(cjs.NillionError).not.toBe(esm.NillionError);
    expect(cjs.SecretInteger).not.toBe(esm.SecretInteger);
  });

  it.each([
    ["CJS", "ESM"],
    ["ESM", "CJS"],
  ] as const)("errors made by the %s copy are instances of the %s copy's classes", (from, to) => {
    const made = from === "CJS" ? cjs : esm;
    const other = to === "CJS" ? cjs : esm;

    const notFound = new made.NotFoundError("gone");
    expect(notFound instanceof other.NotFoundError).toBe(true);
    expect(notFound instanceof other.NillionError).toBe(true);
    expect(notFound instanceof other.PermissionDeniedError).toBe(false);
    expect(notFound instanceof other.InvalidArgumentError).toBe(false);
    expect(other.isNillionError(notFound)).toBe(true);

    const invalid = new made.ValueValidationError("bad", { valueType: "SecretInteger", rule: "integer" });
    expect(invalid instanceof other.ValueValidationError).toBe(true);
    expect(invalid instanceof other.InvalidArgumentError).toBe(true);
    expect(invalid instanceof other.NillionError).toBe(true);
    expect(invalid instanceof other.NotFoundError).toBe(false);

    const argument = new made.InvalidArgumentError("bad", { argument: "x" });
    expect(argument instanceof other.InvalidArgumentError).toBe(true);
    expect(argument instanceof other.ValueValidationError).toBe(false);

    for (const name of [
      "PermissionDeniedError",
      "UnauthenticatedError",
      "InternalError",
      "PaymentError",
      "ResourceExhaustedError",
      "UnavailableError",
    ] as const) {
      const error = new made[name]("x");
      expect(error instanceof other[name]).toBe(true);
      expect(error instanceof other.NillionError).toBe(true);
      expect(error instanceof other.NotFoundError).toBe(false);
    }

    expect(new Error("plain") instanceof other.NillionError).toBe(false);
  });

  it("errors thrown by one copy's validation are caught by the other copy's classes", () => {
    expect(() => new cjs.SecretUnsignedInteger(-1)).toThrow(esm.ValueValidationError);
    expect(() => esm.UserId.parse("nope")).toThrow(cjs.InvalidArgumentError);
  });

  it("values and user ids from the other copy are accepted", () => {
    const element = new cjs.SecretInteger(1);
    expect(esm.isNadaValue(element)).toBe(true);
    const array = new esm.NadaArray([element, new esm.SecretInteger(2)]);
    expect(array.length).toBe(2);
    expect(new esm.SecretInteger(1).equals(element)).toBe(true);

    const user = cjs.UserId.parse("3113a1170de795e4b725b84d1e0b4cfd9ec58ce9");
    expect(esm.isUserId(user)).toBe(true);
    const permissions = esm.Permissions.defaultsForUser(user);
    expect(permissions.canRetrieve(esm.UserId.parse(user.toHex()))).toBe(true);
    expect(esm.UserId.parse(user.toHex()).equals(user)).toBe(true);
  });
});
