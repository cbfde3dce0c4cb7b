// The knob reader every suite uses: defaults for unset or empty variables, and a RangeError naming the
// variable, the rule and the value for anything else that breaks the rule.
import { describe, expect, it } from "vitest";
import { envKnobs } from "./env-knobs.js";

describe("envKnobs", () => {
  it("gives the default for an unset or empty variable", () => {
    const knobs = envKnobs({ EMPTY: "" });
    expect(knobs.integer("UNSET", 8, 1)).toBe(8);
    expect(knobs.integer("EMPTY", 8, 1)).toBe(8);
    expect(knobs.choice("EMPTY", ["memory", "sqlite"], "memory")).toBe("memory");
    expect(knobs.choices("UNSET", ["a", "b"], ["a", "b"])).toEqual(["a", "b"]);
  });

  it("reads whole numbers within their range, and refuses anything else by name, rule and value", () => {
    const knobs = envKnobs({ N: "200", LOW: "1", SIGNED: "+5", SPACED: " 5", EXP: "1e2", WORD: "eight" });
    expect(knobs.integer("N", 20, 2, 200)).toBe(200);
    expect(() => knobs.integer("LOW", 20, 2, 200)).toThrow(
      new RangeError('LOW must be a whole number from 2 to 200, got "1"'),
    );
    for (const name of ["SIGNED", "SPACED", "EXP", "WORD"]) {
      expect(() => knobs.integer(name, 8, 1)).toThrow(RangeError);
    }
    expect(() => knobs.integer("WORD", 8, 1)).toThrow(
      'WORD must be a whole number of at least 1, got "eight"',
    );
  });

  it("reads one choice, or a list of them, exactly", () => {
    const knobs = envKnobs({ STORE: "sqlite", MODES: "processes, in-process", TYPO: "in-proces" });
    expect(knobs.choice("STORE", ["memory", "sqlite"], "memory")).toBe("sqlite");
    expect(knobs.choices("MODES", ["in-process", "processes"], [])).toEqual(["processes", "in-process"]);
    expect(() => knobs.choices("TYPO", ["in-process", "processes"], [])).toThrow(
      'TYPO must be a comma-separated list of "in-process", "processes", got "in-proces"',
    );
    expect(() => knobs.choice("MODES", ["memory", "sqlite"], "memory")).toThrow(
      'MODES must be one of "memory", "sqlite", got "processes, in-process"',
    );
  });

  it("reads any other rule through its parser", () => {
    const knobs = envKnobs({ SCALE: "0.5", BAD: "0" });
    const positive = (text: string) => (Number(text) > 0 ? Number(text) : undefined);
    expect(knobs.read("SCALE", 1, "a positive number", positive)).toBe(0.5);
    expect(() => knobs.read("BAD", 1, "a positive number", positive)).toThrow(
      'BAD must be a positive number, got "0"',
    );
  });
});
