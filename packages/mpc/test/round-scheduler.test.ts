// The round scheduler: concurrent protocol instances share rounds, requests are laid out the same way on
// every party, and a failure ends the level instead of leaving anyone waiting.
import { PrimeField } from "@nillion/crypto";
import { InternalError } from "@nillion/types";
import { describe, expect, it } from "vitest";
import { InMemoryNetwork } from "../src/in-memory-network.js";
import type { Channel, ChannelMessage } from "../src/index.js";
import { PartySharing } from "../src/party-sharing.js";
import { onlyElement, type RoundContext, RoundScheduler } from "../src/round-scheduler.js";

const prime = "SAFE_128_BITS";
const field = PrimeField.of(prime);
const n = 3;

/** Shares of `secret` for parties 0…n−1 (degree 1). */
const shares = (secret: bigint) =>
  new PartySharing({ prime, parties: n, degree: 1, party: 0 }).deal([secret]).map(([s]) => s as bigint);

async function runAll<T>(
  instances: (party: number) => ((round: RoundContext) => Promise<T>)[],
  channelFor?: (party: number, network: InMemoryNetwork) => Channel,
) {
  const messages: ChannelMessage[] = [];
  const network = new InMemoryNetwork(n, { onMessage: (message) => messages.push(message) });
  const schedulers = Array.from(
    { length: n },
    (_, party) =>
      new RoundScheduler(
        new PartySharing({ prime, parties: n, degree: 1, party }),
        channelFor?.(party, network) ?? network.channel(party),
      ),
  );
  const results = await Promise.all(schedulers.map((scheduler, party) => scheduler.run(instances(party))));
  return { results, messages, traffic: schedulers.map((scheduler) => scheduler.traffic) };
}

describe("RoundScheduler", () => {
  it("runs instances that need different numbers of rounds side by side, one message per peer and round", async () => {
    const a = shares(6n);
    const b = shares(7n);
    const c = shares(-2n + field.modulus);
    const { results, messages, traffic } = await runAll((party) => [
      // Two rounds: a product, then its opening.
      async (round) =>
        round.open([onlyElement(await round.reshare([field.mul(a[party] as bigint, b[party] as bigint)]))]),
      // One round: two openings at once.
      (round) => round.open([a[party] as bigint, c[party] as bigint]),
      // No round at all.
      async () => [99n],
      // Two requests in the same tick travel together in round 0.
      async (round) => {
        const [x, y] = await Promise.all([
          round.open([b[party] as bigint]),
          round.open([a[party] as bigint]),
        ]);
        return [...x, ...y];
      },
    ]);
    for (const result of results) expect(result).toEqual([[42n], [6n, field.modulus - 2n], [99n], [7n, 6n]]);
    expect(traffic).toEqual(Array(n).fill({ rounds: 2, messages: 4, elements: 2 * 5 + 2 * 1 }));
    // Round 0: the resharing, the two openings, then the two single openings; round 1: one opening.
    expect(messages.filter((m) => m.round === 0).map((m) => m.elements.length)).toEqual(Array(6).fill(5));
    expect(messages.filter((m) => m.round === 1).map((m) => m.elements.length)).toEqual(Array(6).fill(1));
    // An opening sends this party's own share, the same to every peer.
    const opened = messages.filter((m) => m.round === 0 && m.from === 0).map((m) => m.elements[1]);
    expect(opened).toEqual([a[0], a[0]]);
  });

  it("delivers plain exchanges, each party's own entry included, in the rounds other requests use", async () => {
    const a = shares(6n);
    const { results, messages } = await runAll<unknown>((party) => [
      // Party i sends party j the pair [10i + j, 100]; its own entry comes back unsent.
      (round) => round.exchange(Array.from({ length: n }, (_, j) => [BigInt(10 * party + j), 100n])),
      (round) => round.open([a[party] as bigint]),
    ]);
    for (const [party, [exchanged, opened]] of results.entries()) {
      expect(exchanged).toEqual(Array.from({ length: n }, (_, i) => [BigInt(10 * i + party), 100n]));
      expect(opened).toEqual([6n]);
    }
    // One round: the exchange's two elements, then the opening's one.
    expect(messages.map((m) => m.elements.length)).toEqual(Array(n * (n - 1)).fill(3));
    expect(messages.find((m) => m.from === 2 && m.to === 1)?.elements).toEqual([21n, 100n, a[2]]);
  });

  it("refuses an exchange that does not send every party the same number of elements", async () => {
    const uneven = runAll(() => [(round) => round.exchange([[1n], [2n, 3n], [4n]])]);
    await expect(uneven).rejects.toThrow(InternalError);
    await expect(uneven).rejects.toThrow(
      "an exchange must send every one of 3 parties the same number of elements",
    );
  });

  it("fails the level with the first error and rejects the other instances' requests", async () => {
    const failing = runAll(() => [
      (round) => round.open([1n]),
      async () => {
        throw new RangeError("boom");
      },
    ]);
    await expect(failing).rejects.toThrow("boom");
  });

  it("rejects a message of the wrong length from a peer", async () => {
    const lying = (party: number, network: InMemoryNetwork): Channel => {
      const channel = network.channel(party);
      if (party !== 2) return channel;
      return {
        ...channel,
        send: (message) => channel.send({ ...message, elements: [...message.elements, 1n] }),
      };
    };
    const run = runAll(() => [(round) => round.open([5n])], lying);
    await expect(run).rejects.toThrow(InternalError);
    await expect(run).rejects.toThrow("protocol violation: party 2 sent 2 elements in round 0, expected 1");
  });

  it("rejects elements that are not canonical field elements", async () => {
    const lying = (party: number, network: InMemoryNetwork): Channel => {
      const channel = network.channel(party);
      if (party !== 1) return channel;
      return { ...channel, send: (message) => channel.send({ ...message, elements: [field.modulus] }) };
    };
    await expect(runAll(() => [(round) => round.open([5n])], lying)).rejects.toThrow(
      "party 1 sent a value that is not a field element in round 0",
    );
  });

  it("fails every waiting instance when the channel fails", async () => {
    const closing = (party: number, network: InMemoryNetwork): Channel => {
      const channel = network.channel(party);
      return {
        ...channel,
        receive: () => Promise.reject(new InternalError("peer lost")),
      };
    };
    await expect(
      runAll(() => [(round) => round.open([1n]), (round) => round.reshare([2n])], closing),
    ).rejects.toThrow("peer lost");
  });

  it("onlyElement refuses anything but one element", () => {
    expect(onlyElement([3n])).toBe(3n);
    expect(() => onlyElement([])).toThrow(InternalError);
    expect(() => onlyElement([1n, 2n])).toThrow("expected one element from the round, got 2");
  });
});
