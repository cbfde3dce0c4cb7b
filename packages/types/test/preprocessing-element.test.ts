import {
  InvalidArgumentError,
  PreprocessingElement,
  preprocessingElementFromName,
  preprocessingElementFromNumber,
  preprocessingElementName,
} from "@nillion/types";
import { describe, expect, it } from "vitest";

const expected = {
  RANDOM_BOOLEAN: 0,
  COMPARE: 2,
  DIVISION_SECRET_DIVISOR: 3,
  EQUALITY_SECRET_OUTPUT: 4,
  EQUALITY_PUBLIC_OUTPUT: 5,
  MODULO: 7,
  TRUNC: 8,
  TRUNC_PR: 9,
  RANDOM_INTEGER: 10,
};

describe("PreprocessingElement", () => {
  it("has the v0.10 numbering and is frozen", () => {
    expect({ ...PreprocessingElement }).toEqual(expected);
    expect(Object.isFrozen(PreprocessingElement)).toBe(true);
  });

  it.each(Object.entries(expected))("%s ⇄ %i", (name, value) => {
    expect(preprocessingElementFromName(name)).toBe(value);
    expect(preprocessingElementFromNumber(value)).toBe(value);
    expect(preprocessingElementName(preprocessingElementFromNumber(value))).toBe(name);
  });

  it.each(["", "compare", "ECDSA_AUX_INFO", "toString", "__proto__", "constructor"])(
    "rejects the name %j",
    (name) => {
      expect(() => preprocessingElementFromName(name)).toThrow(InvalidArgumentError);
      expect(() => preprocessingElementFromName(name)).toThrow(
        /not a preprocessing element.*expected one of RANDOM_BOOLEAN/,
      );
    },
  );

  it.each([1, 6, 11, -1, 2.5, Number.NaN])("rejects the number %o (1 and 6 are reserved)", (value) => {
    expect(() => preprocessingElementFromNumber(value)).toThrow(/not a preprocessing element number/);
    expect(() => preprocessingElementName(value as PreprocessingElement)).toThrow(InvalidArgumentError);
  });
});
