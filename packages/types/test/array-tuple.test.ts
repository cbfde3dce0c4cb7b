import * as nil from "@nillion/types";
import {
  EcdsaPrivateKey,
  Integer,
  NadaArray,
  NadaBoolean,
  NadaTuple,
  SecretBlob,
  SecretBoolean,
  SecretInteger,
  SecretUnsignedInteger,
  shapeOf,
  UnsignedInteger,
} from "@nillion/types";
import { describe, expect, it } from "vitest";
import { expectValueError, filled } from "./helpers.js";

const si = (n: number) => new SecretInteger(n);

describe("Array", () => {
  it("is exported under the seed's name without replacing the global", () => {
    expect(nil.Array).toBe(NadaArray);
    expect(globalThis.Array).not.toBe(NadaArray);
    expect(nil.Tuple).toBe(NadaTuple);
  });

  it("the seed example: length of Array([SecretInteger(1), SecretInteger(2)]) is 2", () => {
    const array = new nil.Array([si(1), si(2)]);
    expect(array.length).toBe(2);
    expect(array.type).toBe("Array");
    expect(NadaArray.type).toBe("Array");
    expect(array.secret).toBe(true);
    expect(array.value.map(String)).toEqual(["SecretInteger(1)", "SecretInteger(2)"]);
    expect(String(array)).toBe("Array([SecretInteger(1), SecretInteger(2)])");
  });

  it("is public when its elements are", () => {
    expect(new NadaArray([new Integer(1)]).secret).toBe(false);
    expect(new NadaArray([new NadaBoolean(true), new NadaBoolean(false)]).secret).toBe(false);
    expect(new NadaArray([new SecretBoolean(true)]).secret).toBe(true);
  });

  it("copies the list (not the elements) and exposes a frozen one", () => {
    const list = [si(1), si(2)];
    const array = new NadaArray(list);
    list.push(si(3));
    expect(array.length).toBe(2);
    expect(Object.isFrozen(array.value)).toBe(true);
    expect(array.value[0]).toBe(list[0]);
  });

  it("rejects an empty array", () => {
    expectValueError(() => new NadaArray([]), { valueType: "Array", rule: "non-empty", argument: "values" });
  });

  it("rejects a non-array and non-value elements", () => {
    expectValueError(() => new NadaArray(si(1) as unknown as SecretInteger[]), {
      valueType: "Array",
      rule: "type",
    });
    expectValueError(() => new NadaArray([si(1), 2 as unknown as SecretInteger]), {
      valueType: "Array",
      rule: "type",
      argument: "values[1]",
      message: /element 1 is not a value object \(got 2\)/,
    });
    expectValueError(
      () => new NadaArray([{ type: "SecretInteger", value: 1n } as unknown as SecretInteger]),
      {
        valueType: "Array",
        rule: "type",
        argument: "values[0]",
      },
    );
  });

  it("rejects a public element inside a secret array, saying so (the seed's ValueError)", () => {
    const error = expectValueError(
      () => new NadaArray<SecretInteger | Integer>([si(1), si(2), new Integer(3)]),
      {
        valueType: "Array",
        rule: "element-type",
        argument: "values[2]",
        message: /invalid secret type: public element Integer at index 2 inside a secret array/,
      },
    );
    expect(error.details).toEqual({ index: 2, expected: "SecretInteger", got: "Integer" });
    // Also when the public element comes first.
    expectValueError(() => new NadaArray<SecretInteger | Integer>([new Integer(3), si(1)]), {
      valueType: "Array",
      rule: "element-type",
      message: /public element Integer at index 0 inside a secret array \(element 1 is SecretInteger\)/,
    });
  });

  it("rejects elements of different types", () => {
    expectValueError(
      () => new NadaArray<SecretInteger | SecretUnsignedInteger>([si(1), new SecretUnsignedInteger(1)]),
      {
        valueType: "Array",
        rule: "element-type",
        message: /element 1 is SecretUnsignedInteger but element 0 is SecretInteger/,
      },
    );
    expectValueError(
      () => new NadaArray<Integer | UnsignedInteger>([new Integer(1), new UnsignedInteger(1)]),
      {
        valueType: "Array",
        rule: "element-type",
        message: /element 1 is UnsignedInteger but element 0 is Integer/,
      },
    );
  });

  it("requires nested arrays of the same element type and length", () => {
    const ok = new NadaArray([new NadaArray([si(1), si(2)]), new NadaArray([si(3), si(4)])]);
    expect(shapeOf(ok)).toBe("Array<Array<SecretInteger, 2>, 2>");
    expectValueError(() => new NadaArray([new NadaArray([si(1)]), new NadaArray([si(1), si(2)])]), {
      valueType: "Array",
      rule: "element-type",
      message: /element 1 is Array<SecretInteger, 2> but element 0 is Array<SecretInteger, 1>/,
    });
    expectValueError(
      () =>
        new NadaArray<NadaArray<SecretInteger> | NadaArray<SecretUnsignedInteger>>([
          new NadaArray([si(1)]),
          new NadaArray([new SecretUnsignedInteger(1)]),
        ]),
      { valueType: "Array", rule: "element-type" },
    );
  });

  it("requires tuples of the same left and right types", () => {
    const pair = (left: SecretInteger | Integer, right: SecretInteger | Integer) =>
      new NadaTuple(left, right);
    expect(new NadaArray([pair(si(1), new Integer(2)), pair(si(3), new Integer(4))]).length).toBe(2);
    expectValueError(() => new NadaArray([pair(si(1), new Integer(2)), pair(si(3), si(4))]), {
      valueType: "Array",
      rule: "element-type",
      message: /Tuple<SecretInteger, SecretInteger> but element 0 is Tuple<SecretInteger, Integer>/,
    });
  });

  it("allows any other single type, byte values included", () => {
    expect(new NadaArray([new SecretBlob(filled(3, 1)), new SecretBlob(filled(9, 2))]).length).toBe(2);
    expect(new NadaArray([new EcdsaPrivateKey(filled(32, 1))]).secret).toBe(true);
  });

  it("compares deeply", () => {
    const a = new NadaArray([si(1), si(2)]);
    expect(a.equals(new NadaArray([si(1), si(2)]))).toBe(true);
    expect(a.equals(new NadaArray([si(1), si(3)]))).toBe(false);
    expect(a.equals(new NadaArray([si(1)]))).toBe(false);
    expect(a.equals(new NadaArray([si(1), si(2), si(3)]))).toBe(false);
    expect(a.equals(new NadaTuple(si(1), si(2)))).toBe(false);
    expect(a.equals([si(1), si(2)])).toBe(false);
    const nested = () => new NadaArray([new NadaArray([si(1)]), new NadaArray([si(2)])]);
    expect(nested().equals(nested())).toBe(true);
  });
});

describe("Tuple", () => {
  it("holds a pair of any types", () => {
    const pair = new NadaTuple(si(1), new Integer(2));
    expect(pair.type).toBe("Tuple");
    expect(NadaTuple.type).toBe("Tuple");
    expect(pair.left.value).toBe(1n);
    expect(pair.right.value).toBe(2n);
    expect(pair.value).toEqual([pair.left, pair.right]);
    expect(String(pair)).toBe("Tuple(SecretInteger(1), Integer(2))");
    expect(shapeOf(pair)).toBe("Tuple<SecretInteger, Integer>");
  });

  it("is secret when either side is", () => {
    expect(new NadaTuple(si(1), new Integer(2)).secret).toBe(true);
    expect(new NadaTuple(new Integer(1), si(2)).secret).toBe(true);
    expect(new NadaTuple(new Integer(1), new Integer(2)).secret).toBe(false);
  });

  it("rejects non-values", () => {
    expectValueError(() => new NadaTuple(1 as unknown as Integer, new Integer(2)), {
      valueType: "Tuple",
      rule: "type",
      argument: "left",
    });
    expectValueError(() => new NadaTuple(new Integer(2), null as unknown as Integer), {
      valueType: "Tuple",
      rule: "type",
      argument: "right",
    });
  });

  it("compares both sides", () => {
    const pair = new NadaTuple(si(1), new Integer(2));
    expect(pair.equals(new NadaTuple(si(1), new Integer(2)))).toBe(true);
    expect(pair.equals(new NadaTuple(si(1), new Integer(3)))).toBe(false);
    expect(pair.equals(new NadaTuple(new Integer(2), si(1)))).toBe(false);
  });

  it("nests in arrays and arrays nest in it", () => {
    const inner = new NadaArray([si(1), si(2), si(3)]);
    const pair = new NadaTuple(inner, new NadaBoolean(true));
    expect(shapeOf(pair)).toBe("Tuple<Array<SecretInteger, 3>, Boolean>");
    expect(String(pair)).toBe(
      "Tuple(Array([SecretInteger(1), SecretInteger(2), SecretInteger(3)]), Boolean(true))",
    );
  });
});

describe("shapeOf", () => {
  it("is the type for simple values", () => {
    expect(shapeOf(si(1))).toBe("SecretInteger");
    expect(shapeOf(new NadaArray([si(1), si(2), si(3)]))).toBe("Array<SecretInteger, 3>");
  });

  it("rejects non-values", () => {
    expectValueError(() => shapeOf({ type: "Integer" } as unknown as Integer), {
      valueType: "NadaValue",
      rule: "type",
    });
  });
});
