// Mailbox and InMemoryNetwork: buffering in any order, one message per sender and round, closing.
import { InvalidArgumentError } from "@nillion/types";
import { describe, expect, it } from "vitest";
import { type ChannelMessage, InMemoryNetwork, Mailbox } from "../src/index.js";

describe("Mailbox", () => {
  it("hands out messages by sender and round, whichever comes first", async () => {
    const inbox = new Mailbox();
    inbox.deliver(2, 1, [21n]);
    const waiting = inbox.receive(1, 0);
    inbox.deliver(1, 0, [10n]);
    expect(await waiting).toEqual([10n]);
    expect(await inbox.receive(2, 1)).toEqual([21n]);
  });

  it("refuses a second message from a sender for the same round, even once the first was received", async () => {
    const inbox = new Mailbox();
    inbox.deliver(1, 0, [1n]);
    await inbox.receive(1, 0);
    expect(() => inbox.deliver(1, 0, [2n])).toThrow(InvalidArgumentError);
    expect(() => inbox.deliver(1, 0, [2n])).toThrow("party 1 sent a second message for round 0");
  });

  it("refuses to wait twice for the same message", async () => {
    const inbox = new Mailbox();
    const first = inbox.receive(1, 3);
    await expect(inbox.receive(1, 3)).rejects.toThrow(
      "the message of party 1 for round 3 is already awaited",
    );
    inbox.deliver(1, 3, []);
    expect(await first).toEqual([]);
  });

  it("fails pending and later receives once closed, and drops later messages", async () => {
    const inbox = new Mailbox();
    inbox.deliver(0, 0, [1n]);
    const pending = inbox.receive(2, 0);
    const reason = new Error("compute timed out");
    inbox.close(reason);
    await expect(pending).rejects.toBe(reason);
    await expect(inbox.receive(0, 0)).rejects.toBe(reason);
    expect(() => inbox.deliver(2, 0, [5n])).not.toThrow();
    inbox.close(new Error("again"));
    await expect(inbox.receive(2, 0)).rejects.toBe(reason);
  });
});

describe("InMemoryNetwork", () => {
  it("delivers copies between parties and shows every message to the observer", async () => {
    const seen: ChannelMessage[] = [];
    const network = new InMemoryNetwork(3, { onMessage: (message) => seen.push(message) });
    const elements = [1n, 2n];
    await network.channel(0).send({ from: 0, to: 2, round: 0, elements });
    elements.push(3n);
    expect(await network.channel(2).receive(0, 0)).toEqual([1n, 2n]);
    expect(seen).toEqual([{ from: 0, to: 2, round: 0, elements: [1n, 2n] }]);
  });

  it("refuses impersonation, messages to oneself and unknown parties", async () => {
    const network = new InMemoryNetwork(3);
    const channel = network.channel(1);
    await expect(channel.send({ from: 0, to: 2, round: 0, elements: [] })).rejects.toThrow(
      "party 1 cannot send as party 0",
    );
    await expect(channel.send({ from: 1, to: 1, round: 0, elements: [] })).rejects.toThrow(
      "cannot send a message to itself",
    );
    await expect(channel.send({ from: 1, to: 3, round: 0, elements: [] })).rejects.toThrow(
      "no party 3 in a network of 3",
    );
    expect(() => network.channel(5)).toThrow(InvalidArgumentError);
    expect(() => new InMemoryNetwork(0)).toThrow("a network needs a positive whole number of parties, got 0");
  });

  it("close fails every party's receives", async () => {
    const network = new InMemoryNetwork(2);
    const pending = network.channel(1).receive(0, 0);
    network.close(new Error("stop"));
    await expect(pending).rejects.toThrow("stop");
    await expect(network.channel(0).receive(1, 0)).rejects.toThrow("stop");
  });
});
