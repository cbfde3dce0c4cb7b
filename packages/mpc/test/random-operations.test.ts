// SecretInteger.random(), SecretUnsignedInteger.random() and SecretBoolean.random() in the simulator, on
// each prime with n = 3 (T = 1) and n = 5 (T = 1 and 2): every draw is a fresh uniform value (unlike the
// stock devnet, which repeats one element), each consumes one RANDOM_INTEGER or RANDOM_BOOLEAN element,
// and drawing sends no message.
import { PrimeField } from "@nillion/crypto";
import type { NadaType } from "@nillion/nada";
import { Integer, SecretBoolean, SecretInteger, SecretUnsignedInteger } from "@nillion/types";
import { describe, expect, it } from "vitest";
import type { ChannelMessage } from "../src/index.js";
import { ProgramBuilder, T } from "./program-builder.js";
import { CLUSTERS, type Cluster, clusterName, runProgram } from "./run-program.js";

/** A program that only draws `count` values of each type and outputs them as `<kind><i>`. */
function draws(count: number, types: Readonly<Record<string, NadaType>>) {
  const builder = new ProgramBuilder();
  for (const [name, type] of Object.entries(types)) {
    for (let i = 0; i < count; i++) builder.output(`${name}${i}`, builder.random(type));
  }
  return builder.build();
}

const valuesOf = (
  outputs: Readonly<Record<string, { readonly value: unknown }>>,
  name: string,
  count: number,
) => Array.from({ length: count }, (_, i) => outputs[`${name}${i}`]?.value);

describe.each(CLUSTERS.map((cluster) => [clusterName(cluster), cluster] as const))(
  "%s",
  (_, cluster: Cluster) => {
    const field = PrimeField.of(cluster.prime);
    const p = field.modulus;
    const max = field.maxSigned;
    // 64 draws each: the checks below fail for uniform draws with probability below 2^−60.
    const count = 64;

    it("draws distinct uniform values over the whole field, without sending anything", async () => {
      const sent: ChannelMessage[] = [];
      const run = await runProgram(
        draws(count, { signed: T.SInt, unsigned: T.SUInt, bit: T.SBool }),
        {},
        cluster,
        (message) => sent.push(message),
      );
      const outputs = run.outputs["P"] ?? {};
      const signed = valuesOf(outputs, "signed", count) as bigint[];
      const unsigned = valuesOf(outputs, "unsigned", count) as bigint[];
      const bits = valuesOf(outputs, "bit", count) as boolean[];
      expect(outputs["signed0"]).toBeInstanceOf(SecretInteger);
      expect(outputs["unsigned0"]).toBeInstanceOf(SecretUnsignedInteger);
      expect(outputs["bit0"]).toBeInstanceOf(SecretBoolean);
      // Two uniform elements of Z_p collide with probability 1/p.
      expect(new Set([...signed, ...unsigned.map((value) => field.toSigned(value))]).size).toBe(2 * count);
      // Both signs, both halves of the residues, and magnitudes beyond p/8 (a quarter of the draws).
      expect(signed.some((value) => value < 0n) && signed.some((value) => value > 0n)).toBe(true);
      expect(signed.some((value) => value > max / 4n || value < -max / 4n)).toBe(true);
      expect(signed.every((value) => -max <= value && value <= max)).toBe(true);
      expect(unsigned.some((value) => value > max) && unsigned.some((value) => value <= max)).toBe(true);
      expect(unsigned.every((value) => 0n <= value && value < p)).toBe(true);
      expect(new Set(bits)).toEqual(new Set([true, false]));
      expect(run.plan.preprocessing).toEqual({ RANDOM_INTEGER: 2 * count, RANDOM_BOOLEAN: count });
      expect(sent).toEqual([]);
      for (const result of run.results) expect(result.traffic.rounds).toBe(0);
    });

    it("draws afresh in every computation", async () => {
      const program = draws(1, { signed: T.SInt, unsigned: T.SUInt });
      const first = (await runProgram(program, {}, cluster)).outputs["P"];
      const second = (await runProgram(program, {}, cluster)).outputs["P"];
      expect(first?.["signed0"]).not.toEqual(second?.["signed0"]);
      expect(first?.["unsigned0"]).not.toEqual(second?.["unsigned0"]);
    });

    it("computes with random values like any share: a + r − r = a, and a random bit selects a branch", async () => {
      // random_values.py: two draws in one program are different elements, used consistently.
      const builder = new ProgramBuilder();
      const a = builder.input("a", T.SInt);
      const r = builder.random(T.SInt);
      const s = builder.random(T.SInt);
      builder.output("masked", builder.binary("subtraction", builder.binary("addition", a, r), r));
      builder.output("difference", builder.binary("subtraction", r, s));
      const bit = builder.random(T.SBool);
      const one = builder.literal("1", T.Int);
      const zero = builder.literal("0", T.Int);
      builder.output("branch", builder.ifElse(bit, one, zero));
      builder.output("bit", bit);
      for (const value of [0n, 77n, -3n, max, -max]) {
        const run = await runProgram(builder.build(), { a: new SecretInteger(value) }, cluster);
        const outputs = run.outputs["P"] ?? {};
        expect(outputs["masked"]).toEqual(new SecretInteger(value));
        expect(outputs["difference"]).not.toEqual(new SecretInteger(0));
        expect(outputs["branch"]).toEqual(new SecretInteger(outputs["bit"]?.value === true ? 1 : 0));
        expect(run.plan.preprocessing).toEqual({ RANDOM_INTEGER: 2, RANDOM_BOOLEAN: 1 });
      }
    });

    it("opens a random value to its public type", async () => {
      const builder = new ProgramBuilder();
      const r = builder.random(T.SInt);
      builder.output("secret", r);
      builder.output("opened", builder.reveal(r));
      const run = await runProgram(builder.build(), {}, cluster);
      const outputs = run.outputs["P"] ?? {};
      expect(outputs["opened"]).toEqual(new Integer(outputs["secret"]?.value as bigint));
      for (const result of run.results) expect(result.traffic.rounds).toBe(1);
    });
  },
);
