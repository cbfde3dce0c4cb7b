// The channel is instrumented and the whole transcript audited (see transcript-audit.ts): the only values
// ever opened are the program's reveals, and everything else on the wire is one point per peer of a fresh
// random sharing, so no party, and no coalition of T parties, ever holds enough shares of an unrevealed
// secret to reconstruct it. The auditor is shown to catch an engine that opens more.
import { PrimeField } from "@nillion/crypto";
import { Integer, Array as NadaArray, SecretBoolean, SecretInteger } from "@nillion/types";
import { describe, expect, it } from "vitest";
import { InMemoryNetwork } from "../src/in-memory-network.js";
import type { ChannelMessage } from "../src/index.js";
import { PartySharing } from "../src/party-sharing.js";
import { RoundScheduler } from "../src/round-scheduler.js";
import { ProgramBuilder, T } from "./program-builder.js";
import { CLUSTERS, type Cluster, clusterName, runProgram } from "./run-program.js";
import { auditTranscript } from "./transcript-audit.js";

// Products, an inner product and a secret if_else feed one reveal; the other outputs stay secret.
function mixedProgram() {
  const b = new ProgramBuilder();
  const x = b.input("x", T.SInt, "Alice");
  const y = b.input("y", T.SInt, "Bob");
  const c = b.input("c", T.SBool, "Bob");
  const xs = b.input("xs", T.array(T.SInt, 3), "Alice");
  const ys = b.input("ys", T.array(T.SInt, 3), "Bob");
  const k = b.input("k", T.Int, "Alice");
  const xy = b.binary("multiplication", x, y);
  const dot = b.binary("innerProduct", xs, ys);
  const chosen = b.ifElse(c, xy, dot);
  const cubic = b.binary("multiplication", b.binary("multiplication", xy, x), b.binary("addition", dot, k));
  b.output("opened", b.reveal(b.binary("addition", chosen, k)), "Carol");
  b.output("cubic", cubic, "Carol");
  b.output("dot", dot, "Alice");
  return b.build();
}

const inputs = {
  x: new SecretInteger(-3),
  y: new SecretInteger(11),
  c: new SecretBoolean(false),
  xs: new NadaArray([new SecretInteger(2), new SecretInteger(-4), new SecretInteger(5)]),
  ys: new NadaArray([new SecretInteger(7), new SecretInteger(1), new SecretInteger(-1)]),
  k: new Integer(100),
};
// dot = 14 − 4 − 5 = 5; c is false, so the reveal opens dot + k = 105.
const REVEALED = 105n;

describe.each(CLUSTERS.map((cluster) => [clusterName(cluster), cluster] as const))(
  "%s",
  (_, cluster: Cluster) => {
    it("opens only the program's reveal, and reshares everything else freshly", async () => {
      const messages: ChannelMessage[] = [];
      const run = await runProgram(mixedProgram(), inputs, cluster, (message) => messages.push(message));
      expect(run.outputs["Carol"]?.["opened"]).toEqual(new Integer(REVEALED));
      const audit = auditTranscript(messages, cluster, [REVEALED]);
      expect(audit.openings).toEqual([REVEALED]);
      // Round 0: x·y and the inner product; round 1: the if_else and (x·y)·x; round 2: the cubic product
      // and the reveal of chosen + k. Every party deals one fresh polynomial per resharing.
      expect(audit.rounds).toBe(3);
      expect(audit.dealt).toBe(5 * cluster.parties);
    });

    it("opens nothing at all when the program reveals nothing", async () => {
      const b = new ProgramBuilder();
      const x = b.input("x", T.SInt);
      const y = b.input("y", T.SInt);
      b.output(
        "square_product",
        b.binary("multiplication", b.binary("multiplication", x, y), b.binary("multiplication", x, y)),
      );
      const messages: ChannelMessage[] = [];
      await runProgram(b.build(), { x: new SecretInteger(4), y: new SecretInteger(5) }, cluster, (message) =>
        messages.push(message),
      );
      const audit = auditTranscript(messages, cluster, []);
      expect(audit.openings).toEqual([]);
      expect(audit.dealt).toBe(3 * cluster.parties);
    });
  },
);

describe("the auditor", () => {
  const cluster = CLUSTERS[1] as Cluster; // 64-bit prime, n = 5, T = 1

  // Parties that multiply x·y and then (wrongly) open the product, which the program never reveals.
  async function leakyTranscript(): Promise<ChannelMessage[]> {
    const messages: ChannelMessage[] = [];
    const network = new InMemoryNetwork(cluster.parties, { onMessage: (message) => messages.push(message) });
    const field = PrimeField.of(cluster.prime);
    const [x, y] = [6n, 7n];
    const sharesOf = (secret: bigint) =>
      new PartySharing({ ...cluster, party: 0 }).deal([secret]).map(([share]) => share as bigint);
    const xs = sharesOf(x);
    const ys = sharesOf(y);
    await Promise.all(
      Array.from({ length: cluster.parties }, async (_, party) => {
        const scheduler = new RoundScheduler(new PartySharing({ ...cluster, party }), network.channel(party));
        await scheduler.run([
          async (round) => {
            const [product] = await round.reshare([field.mul(xs[party] as bigint, ys[party] as bigint)]);
            return round.open([product as bigint]);
          },
        ]);
      }),
    );
    return messages;
  }

  it("catches an opening the program does not allow", async () => {
    const messages = await leakyTranscript();
    expect(() => auditTranscript(messages, cluster, [])).toThrow("opens 42, which is not allowed");
    expect(auditTranscript(messages, cluster, [42n]).openings).toEqual([42n]);
  });

  it("catches a resharing that reuses randomness", async () => {
    const messages = await leakyTranscript();
    const field = PrimeField.of(cluster.prime);
    // Party 0's slope in the resharing round, from its points at abscissas 2 and 3 (degree 1).
    const point = (to: number) =>
      messages.find((m) => m.round === 0 && m.from === 0 && m.to === to)?.elements[0] as bigint;
    const slope = field.sub(point(2), point(1));
    // Party 1 deals a different secret with party 0's slope.
    const replayed = messages.map((message) =>
      message.round === 0 && message.from === 1
        ? { ...message, elements: [field.add(5n, field.mul(slope, BigInt(message.to + 1)))] }
        : message,
    );
    expect(() => auditTranscript(replayed, cluster, [42n])).toThrow("party 1 reused the randomness");
  });
});
