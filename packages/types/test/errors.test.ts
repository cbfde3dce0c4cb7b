import {
  InternalError,
  InvalidArgumentError,
  isNillionError,
  NillionError,
  NotFoundError,
  PaymentError,
  PermissionDeniedError,
  ResourceExhaustedError,
  UnauthenticatedError,
  UnavailableError,
  ValueValidationError,
} from "@nillion/types";
import { describe, expect, it } from "vitest";

const simple = [
  [NotFoundError, "NotFoundError", "NOT_FOUND"],
  [PermissionDeniedError, "PermissionDeniedError", "PERMISSION_DENIED"],
  [UnauthenticatedError, "UnauthenticatedError", "UNAUTHENTICATED"],
  [InternalError, "InternalError", "INTERNAL"],
  [PaymentError, "PaymentError", "PAYMENT"],
  [ResourceExhaustedError, "ResourceExhaustedError", "RESOURCE_EXHAUSTED"],
  [UnavailableError, "UnavailableError", "UNAVAILABLE"],
] as const;

describe("error classes", () => {
  it.each(simple)("%o has its name and code, and is a NillionError and an Error", (Class, name, code) => {
    const error = new Class("it broke");
    expect(error.name).toBe(name);
    expect(error.code).toBe(code);
    expect(error.message).toBe("it broke");
    expect(error).toBeInstanceOf(Class);
    expect(error).toBeInstanceOf(NillionError);
    expect(error).toBeInstanceOf(Error);
    expect(isNillionError(error)).toBe(true);
    expect(String(error)).toBe(`${name}: it broke`);
    expect(error.stack?.split("\n")[0]).toBe(`${name}: it broke`);
  });

  it("does not confuse sibling classes", () => {
    for (const [Class] of simple) {
      const error = new Class("x");
      for (const [Other] of simple) expect(error instanceof Other).toBe(Other === Class);
      expect(error).not.toBeInstanceOf(InvalidArgumentError);
    }
  });

  it("passes cause through as the standard Error.cause, and leaves it absent when not given", () => {
    const cause = new Error("socket closed");
    const error = new UnavailableError("node unreachable", { cause });
    expect(error.cause).toBe(cause);
    expect("cause" in new UnavailableError("no cause")).toBe(false);
    // An explicit undefined cause is still a cause the caller chose to record.
    expect("cause" in new UnavailableError("x", { cause: undefined })).toBe(true);
  });

  it("freezes a copy of details", () => {
    const details = { node: "node-1" };
    const error = new NotFoundError("gone", { details });
    details.node = "changed";
    expect(error.details).toEqual({ node: "node-1" });
    expect(Object.isFrozen(error.details)).toBe(true);
    expect(new NotFoundError("gone").details).toBeUndefined();
  });

  it("NillionError defaults to INTERNAL and accepts a code", () => {
    expect(new NillionError("x").code).toBe("INTERNAL");
    expect(new NillionError("x", { code: "UNAVAILABLE" }).code).toBe("UNAVAILABLE");
    expect(new NillionError("x").name).toBe("NillionError");
  });

  it("InvalidArgumentError carries the argument name", () => {
    const error = new InvalidArgumentError("bad ttl", { argument: "ttlDays", details: { got: 0 } });
    expect(error.name).toBe("InvalidArgumentError");
    expect(error.code).toBe("INVALID_ARGUMENT");
    expect(error.argument).toBe("ttlDays");
    expect(error.details).toEqual({ got: 0 });
    expect(error).toBeInstanceOf(NillionError);
  });

  it("ValueValidationError is an InvalidArgumentError with its own code, value type and rule", () => {
    const cause = new RangeError("inner");
    const error = new ValueValidationError("nope", {
      valueType: "SecretUnsignedInteger",
      rule: "unsigned",
      cause,
    });
    expect(error.name).toBe("ValueValidationError");
    expect(error.code).toBe("VALUE_INVALID");
    expect(error.valueType).toBe("SecretUnsignedInteger");
    expect(error.rule).toBe("unsigned");
    expect(error.argument).toBe("value");
    expect(error.cause).toBe(cause);
    expect(error).toBeInstanceOf(ValueValidationError);
    expect(error).toBeInstanceOf(InvalidArgumentError);
    expect(error).toBeInstanceOf(NillionError);
    expect(new InvalidArgumentError("x", { argument: "a" })).not.toBeInstanceOf(ValueValidationError);
    expect(new ValueValidationError("x", { valueType: "T", rule: "r", argument: "bytes" }).argument).toBe(
      "bytes",
    );
  });

  it("can be caught by class and by code", () => {
    const attempt = (): never => {
      throw new PermissionDeniedError("user does not have permissions for action");
    };
    expect(attempt).toThrow(PermissionDeniedError);
    try {
      attempt();
    } catch (error) {
      expect(isNillionError(error) && error.code).toBe("PERMISSION_DENIED");
    }
  });

  it("isNillionError rejects everything else", () => {
    for (const value of [
      new Error("x"),
      new TypeError("x"),
      { code: "NOT_FOUND", message: "x" },
      null,
      "x",
      1,
    ]) {
      expect(isNillionError(value)).toBe(false);
    }
  });

  it("walk follows the cause chain", () => {
    const root = new TypeError("root");
    const middle = new InvalidArgumentError("middle", { argument: "a", cause: root });
    const top = new UnavailableError("top", { cause: middle });
    expect(top.walk()).toBe(root);
    expect(top.walk((e) => e instanceof InvalidArgumentError)).toBe(middle);
    expect(top.walk((e) => e instanceof PaymentError)).toBeUndefined();
    expect(new NotFoundError("alone").walk()).toBeInstanceOf(NotFoundError);
  });

  it("walk stops on a cause cycle", () => {
    const a = new InternalError("a");
    const b = new InternalError("b", { cause: a });
    Object.defineProperty(a, "cause", { value: b });
    expect(a.walk()).toBe(b);
    expect(a.walk(() => false)).toBeUndefined();
  });

  it("a subclass defined elsewhere with its own brand gets branded instanceof", () => {
    class QuoteExpiredError extends PaymentError {
      static override readonly brand = "@example/QuoteExpiredError";
      override name = "QuoteExpiredError";
    }
    const error = new QuoteExpiredError("quote expired");
    expect(error).toBeInstanceOf(QuoteExpiredError);
    expect(error).toBeInstanceOf(PaymentError);
    expect(error.code).toBe("PAYMENT");
    expect(new PaymentError("x")).not.toBeInstanceOf(QuoteExpiredError);
  });

  it("a subclass without a brand falls back to ordinary instanceof instead of matching its parent", () => {
    class Unbranded extends NotFoundError {}
    expect(new NotFoundError("x")).not.toBeInstanceOf(Unbranded);
    expect(new Unbranded("x")).toBeInstanceOf(Unbranded);
    expect(new Unbranded("x")).toBeInstanceOf(NotFoundError);
  });
});
