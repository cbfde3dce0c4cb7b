// The tier-B protocols open values, unlike the arithmetic ones: this test records what the dealer drew and
// audits the whole transcript (transcript-audit.ts) to show that every opening is a secret hidden by a
// mask drawn for it and used once — a uniform r < p for less-than and equality, a mask of κ more bits
// than the value for truncation, public-divisor division and the secret division's comparisons, bit
// decomposition and fused truncations (opened from degree-2T points plus a dealt zero sharing), a random
// non-zero factor for public_equals and for each zero test's (x + 1)·ρ (x a count of differing digits,
// bits or blocks, so x + 1 ≠ 0) — or one of the program's explicit reveals. Everything else on the wire is
// fresh resharings.
import { PrimeField, SecretMasker } from "@nillion/crypto";
import type { PreprocessingElementName } from "@nillion/types";
import { Integer, SecretInteger } from "@nillion/types";
import { describe, expect, it } from "vitest";
import {
  type ChannelMessage,
  integerSize,
  KAPPA,
  type PreprocessingSource,
  planExecution,
  sampleElements,
  secretDivisionBits,
  simulateProgram,
} from "../src/index.js";
import { fieldBits } from "../src/integer-sizes.js";
import { PartySharing } from "../src/party-sharing.js";
import {
  comparisonBlocks,
  divisionComparisonSizes,
  reciprocalTruncations,
  zeroSharingCount,
} from "../src/preprocessing-layouts.js";
import { ProgramBuilder, T } from "./program-builder.js";
import { CLUSTERS, type Cluster, clusterName, partyIds } from "./run-program.js";
import { auditTranscript } from "./transcript-audit.js";

/** A dealer that deals like `dealPreprocessing` and keeps the values it drew in the clear. */
function recordingDealer(
  counts: Readonly<Partial<Record<PreprocessingElementName, number>>>,
  cluster: Cluster,
) {
  const dealer = new PartySharing({ ...cluster, party: 0 });
  const drawn = new Map<PreprocessingElementName, bigint[][]>();
  const dealt = Array.from(
    { length: cluster.parties },
    () => new Map<PreprocessingElementName, bigint[][]>(),
  );
  for (const [element, count] of Object.entries(counts) as [PreprocessingElementName, number][]) {
    const values = sampleElements(element, cluster.prime, count);
    drawn.set(element, values);
    for (const party of dealt) party.set(element, []);
    const zeros = zeroSharingCount(element, cluster.prime);
    for (const element_ of values) {
      const split = element_.length - zeros;
      const shares = dealer.deal(element_.slice(0, split));
      const zeroShares = dealer.deal(element_.slice(split), 2 * cluster.degree);
      for (const [k, party] of dealt.entries()) {
        party.get(element)?.push([...(shares[k] as bigint[]), ...(zeroShares[k] as bigint[])]);
      }
    }
  }
  const sources: PreprocessingSource[] = dealt.map((materials) => ({
    draw: async (element, offset, count) => (materials.get(element) ?? []).slice(offset, offset + count),
  }));
  return { drawn, sources };
}

const merge = (bits: readonly bigint[]) => bits.reduceRight((sum, bit) => (sum << 1n) | bit, 0n);
// Base-16 digits of 15 monomials each; the single-bit monomials (subsets 1, 2, 4, 8) are the bits.
const digitsValue = (values: readonly bigint[], digits: number) => {
  let r = 0n;
  for (let at = 15 * (digits - 1); at >= 0; at -= 15) {
    const bit = (subset: number) => values[at + subset - 1] as bigint;
    r = (r << 4n) + bit(1) + 2n * bit(2) + 4n * bit(4) + 8n * bit(8);
  }
  return r;
};

/** A mask, what it hides, and whether it has been used. */
interface Mask {
  readonly kind: string;
  readonly matches: (opened: bigint) => boolean;
  used: boolean;
}

describe.each(
  [CLUSTERS[0], CLUSTERS[2], CLUSTERS[6]].map(
    (cluster) => [clusterName(cluster as Cluster), cluster as Cluster] as const,
  ),
)("%s", (_, cluster) => {
  it("opens nothing but masked values, each behind its own fresh mask, and the explicit reveal", async () => {
    const field = PrimeField.of(cluster.prime);
    const k = integerSize(field);
    const [a, b, d] = [-37n, 5n, 6n];
    const builder = new ProgramBuilder();
    const x = builder.input("a", T.SInt);
    const y = builder.input("b", T.SInt);
    const divisor = builder.input("d", T.Int);
    const three = builder.literal("3", T.UInt);
    builder.output("lt", builder.binary("lessThan", x, y));
    builder.output("eq", builder.binary("equals", x, y));
    builder.output("peq", builder.binary("publicOutputEquality", x, y));
    builder.output("shr", builder.binary("rightShift", x, three));
    builder.output("tpr", builder.binary("truncPr", x, three));
    builder.output("q", builder.binary("division", x, divisor));
    builder.output("m", builder.binary("modulo", x, divisor));
    builder.output("qs", builder.binary("division", x, y));
    builder.output("sum", builder.reveal(builder.binary("addition", x, y)));
    const plan = planExecution(builder.build());
    const { drawn, sources } = recordingDealer(plan.preprocessing, cluster);

    // What each opening may be: the masked secret, given the mask the dealer drew.
    const masks: Mask[] = [];
    const near = (mask: bigint, bits: number) => (opened: bigint) =>
      field.sub(opened, mask) < 1n << BigInt(bits);
    const digits = fieldBits(field) / 4;
    // A zero test of degree d at `at`: its opening is (x + 1)·ρ for some x in [0, d].
    const zeroTest = (values: readonly bigint[], at: number, degree: number, kind: string) => {
      const inverse = field.inv(values[at] as bigint);
      masks.push({
        kind,
        matches: (m) => field.sub(field.mul(m, inverse), 1n) <= BigInt(degree),
        used: false,
      });
      return at + 1 + degree;
    };
    const blocks = comparisonBlocks(field);
    const testDegrees = [
      ...blocks.flatMap(([start, end]) =>
        Array.from({ length: end - start - 1 }, (_, i) => end - 1 - start - i),
      ),
      ...blocks.slice(1).map(([start, end]) => end - start),
      ...blocks.slice(0, -1).map((_, b) => blocks.length - 1 - b),
    ];
    for (const values of drawn.get("COMPARE") ?? []) {
      const r = digitsValue(values, digits);
      masks.push({
        kind: "COMPARE",
        matches: (c) => c === field.add(field.mul(2n, field.reduce(a - b)), r),
        used: false,
      });
      let at = 15 * digits;
      for (const degree of testDegrees) at = zeroTest(values, at, degree, "COMPARE zero test");
    }
    for (const values of drawn.get("EQUALITY_SECRET_OUTPUT") ?? []) {
      const r = merge(values.slice(0, fieldBits(field)));
      masks.push({ kind: "EQUALITY", matches: (c) => c === field.add(field.reduce(a - b), r), used: false });
      zeroTest(values, fieldBits(field), fieldBits(field), "EQUALITY zero test");
    }
    for (const [r] of drawn.get("EQUALITY_PUBLIC_OUTPUT") ?? []) {
      masks.push({
        kind: "PUBLIC EQUALITY",
        matches: (c) => c === field.mul(field.reduce(a - b), r as bigint),
        used: false,
      });
    }
    for (const element of ["TRUNC", "TRUNC_PR"] as const) {
      for (const values of drawn.get(element) ?? []) {
        masks.push({ kind: element, matches: near(merge(values.slice(0, k + KAPPA)), k + 1), used: false });
      }
    }
    const width = d.toString(2).length;
    for (const values of drawn.get("MODULO") ?? []) {
      const bits = values.slice(0, k + KAPPA);
      const mask = merge(bits.slice(0, width)) + d * merge(bits.slice(width));
      masks.push({ kind: "MODULO", matches: near(mask, k + 2), used: false });
    }
    const truncations = reciprocalTruncations(field);
    const ell = secretDivisionBits(field);
    for (const values of drawn.get("DIVISION_SECRET_DIVISOR") ?? []) {
      let at = 0;
      const comparison = (size: number) => {
        const bits = values.slice(at, at + size - 1);
        at += size - 1 + Math.floor((size - 1) / 2);
        const high = values[at] as bigint;
        at += 1;
        masks.push({
          kind: `DIVISION (K = ${size})`,
          matches: near(merge(bits) + (high << BigInt(size - 1)), size),
          used: false,
        });
      };
      if (truncations.length === 0) {
        for (const size of divisionComparisonSizes(field)) comparison(size);
        continue;
      }
      // The reciprocal division: signs, the divisor's bits, fused truncations, corrections.
      comparison(ell + 1);
      comparison(ell + 1);
      const bits = values.slice(at, at + ell);
      const high = values[at + ell] as bigint;
      at += ell + 1;
      masks.push({
        kind: "DIVISION bits",
        matches: near(merge(bits) + (high << BigInt(ell)), ell),
        used: false,
      });
      for (const { valueBits } of truncations) {
        masks.push({
          kind: "DIVISION truncation",
          matches: near(values[at] as bigint, valueBits),
          used: false,
        });
        at += 2;
      }
      for (let i = 0; i < 5; i++) comparison(ell + 3);
    }
    const reveals = new Set([field.reduce(a + b)]);
    const opened: string[] = [];
    const allowed = (value: bigint) => {
      if (reveals.has(value)) {
        opened.push("reveal");
        return true;
      }
      const mask = masks.find((candidate) => !candidate.used && candidate.matches(value));
      if (mask === undefined) return false;
      mask.used = true;
      opened.push(mask.kind);
      return true;
    };

    const masker = new SecretMasker({
      prime: cluster.prime,
      degree: cluster.degree,
      parties: partyIds(cluster.parties),
    });
    const shares = masker.mask({ a: new SecretInteger(a), b: new SecretInteger(b), d: new Integer(d) });
    const messages: ChannelMessage[] = [];
    const results = await simulateProgram(plan, {
      prime: cluster.prime,
      degree: cluster.degree,
      inputs: shares.map((party) => party.values),
      preprocessing: sources,
      onMessage: (message) => messages.push(message),
    });
    const outputs = masker.unmask(
      results.map((result, j) => ({ party: shares[j]?.party ?? "", values: result.outputs.get("P") ?? [] })),
    );
    expect(outputs["qs"]).toEqual(new SecretInteger(-8n));
    expect(outputs["sum"]).toEqual(new Integer(-32n));

    auditTranscript(messages, cluster, allowed);
    // One opening per comparison-like protocol, per comparison, bit decomposition or truncation of the
    // secret division, and the reveal.
    const comparisons =
      truncations.length === 0 ? divisionComparisonSizes(field).length : 2 + 1 + truncations.length + 5;
    expect(opened.filter((kind) => kind.startsWith("DIVISION"))).toHaveLength(comparisons);
    expect(opened.filter((kind) => kind === "COMPARE zero test")).toHaveLength(testDegrees.length);
    for (const kind of [
      "COMPARE",
      "EQUALITY",
      "EQUALITY zero test",
      "PUBLIC EQUALITY",
      "TRUNC",
      "TRUNC_PR",
      "reveal",
    ]) {
      expect(
        opened.filter((entry) => entry === kind),
        kind,
      ).toHaveLength(1);
    }
    expect(opened.filter((kind) => kind === "MODULO")).toHaveLength(2);
    expect(masks.every((mask) => mask.used)).toBe(true);
  });

  it("is not vacuous: with no opening allowed, a comparison's transcript fails the audit", async () => {
    const builder = new ProgramBuilder();
    builder.output("lt", builder.binary("lessThan", builder.input("a", T.SInt), builder.input("b", T.SInt)));
    const plan = planExecution(builder.build());
    const { sources } = recordingDealer(plan.preprocessing, cluster);
    const masker = new SecretMasker({
      prime: cluster.prime,
      degree: cluster.degree,
      parties: partyIds(cluster.parties),
    });
    const shares = masker.mask({ a: new SecretInteger(1n), b: new SecretInteger(2n) });
    const messages: ChannelMessage[] = [];
    await simulateProgram(plan, {
      prime: cluster.prime,
      degree: cluster.degree,
      inputs: shares.map((party) => party.values),
      preprocessing: sources,
      onMessage: (message) => messages.push(message),
    });
    expect(() => auditTranscript(messages, cluster, () => false)).toThrow("which is not allowed");
  });
});
