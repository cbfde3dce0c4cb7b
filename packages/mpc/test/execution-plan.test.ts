// planExecution: the protocols it picks agree with @nillion/nada's model of the node compiler, levels
// follow the online dependency depth, unused operations are left out, offsets are handed out in order.
import { programMetadata } from "@nillion/nada";
import { InvalidArgumentError } from "@nillion/types";
import { describe, expect, it } from "vitest";
import { type ExecutionPlan, planExecution } from "../src/index.js";
import { ALSO_RUNNABLE, type FixtureName, fixtureProgram, LATER_TIERS, TIER_A } from "./fixtures.js";
import { ProgramBuilder, T } from "./program-builder.js";

const steps = (plan: ExecutionPlan) => plan.stages.flatMap((stage) => [...stage.local, ...stage.online]);

function protocolCounts(plan: ExecutionPlan): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const { protocol } of steps(plan))
    if (protocol !== undefined) counts[protocol] = (counts[protocol] ?? 0) + 1;
  return counts;
}

describe("protocols and preprocessing agree with the node compiler's metadata", () => {
  it.each([...TIER_A, ...ALSO_RUNNABLE, ...Object.keys(LATER_TIERS)] as FixtureName[])("%s", (name) => {
    const program = fixtureProgram(name);
    const plan = planExecution(program);
    const metadata = programMetadata(program);
    // The node also counts NewArray/NewTuple adapters, which only copy pointers: the engine needs none.
    const { NewArray: _array, NewTuple: _tuple, ...instructions } = metadata.instructions;
    expect(protocolCounts(plan)).toEqual(instructions);
    expect(plan.preprocessing).toEqual(metadata.preprocessing);
  });
});

describe("levels", () => {
  it("puts the online steps of a chain on successive levels and batches independent ones", () => {
    const b = new ProgramBuilder();
    const x = b.input("x", T.SInt);
    const y = b.input("y", T.SInt);
    const z = b.input("z", T.SInt);
    const xy = b.binary("multiplication", x, y); // level 0
    const yz = b.binary("multiplication", y, z); // level 0, same round as xy
    const sum = b.binary("addition", xy, yz); // local, level 1
    const cubic = b.binary("multiplication", sum, x); // level 1
    const opened = b.reveal(cubic); // level 2
    const three = b.literal("3", T.Int); // no operands: level 0
    const scaled = b.binary("multiplication", opened, three); // public, local, level 3
    b.output("out", scaled);
    const plan = planExecution(b.build());
    expect(plan.onlineDepth).toBe(3);
    expect(plan.stages.map((stage) => stage.online.map((step) => step.operation.id))).toEqual([
      [xy, yz],
      [cubic],
      [opened],
      [],
    ]);
    expect(plan.stages.map((stage) => stage.local.map((step) => step.operation.id))).toEqual([
      [x, y, z, three],
      [sum],
      [],
      [scaled],
    ]);
    const byId = new Map(steps(plan).map((step) => [step.operation.id, step]));
    expect(byId.get(cubic)).toMatchObject({
      protocol: "MultiplicationShares",
      online: true,
      level: 1,
      location: "test.py:7",
    });
    expect(byId.get(sum)).toMatchObject({ protocol: "Addition", online: false, level: 1 });
    expect(byId.get(x)).toMatchObject({ protocol: undefined, online: false, level: 0 });
  });

  it("runs local operations on revealed values without another round", () => {
    const b = new ProgramBuilder();
    const a = b.input("a", T.SInt);
    const opened = b.reveal(a);
    b.output("out", b.binary("addition", b.binary("multiplication", opened, opened), b.input("k", T.Int)));
    expect(planExecution(b.build()).onlineDepth).toBe(1);
  });

  it("plans only the operations outputs need, and every input", () => {
    const b = new ProgramBuilder();
    const a = b.input("a", T.SInt);
    const unusedInput = b.input("unused", T.Int);
    const dead = b.binary("multiplication", a, a);
    b.output("out", b.binary("addition", a, a));
    const planned = steps(planExecution(b.build())).map((step) => step.operation.id);
    expect(planned).toContain(unusedInput);
    expect(planned).not.toContain(dead);
    expect(planned).toHaveLength(3);
  });
});

describe("preprocessing offsets", () => {
  it("numbers each element kind's consumers in stage order", () => {
    const plan = planExecution(fixtureProgram("div_mod_public"));
    const offsets = plan.stages.flatMap((stage) =>
      stage.online.map((step) => [step.protocol, step.preprocessing?.element, step.preprocessing?.offset]),
    );
    expect(offsets).toEqual([
      ["DivisionIntegerSecretDividendPublicDivisor", "MODULO", 0],
      ["ModuloIntegerSecretDividendPublicDivisor", "MODULO", 1],
      ["DivisionIntegerSecretDividendPublicDivisor", "MODULO", 2],
    ]);
  });
});

describe("refusals", () => {
  it("refuses a program that is not lowered", () => {
    const b = new ProgramBuilder();
    const a = b.input("a", T.SInt);
    b.output("out", b.binary("greaterThan", a, b.input("b", T.SInt), T.SBool));
    expect(() => planExecution(b.build())).toThrow(InvalidArgumentError);
    expect(() => planExecution(b.build())).toThrow("not lowered");
  });

  it("refuses operations the node never runs", () => {
    const b = new ProgramBuilder();
    const a = b.input("a", T.SInt);
    b.output("out", b.op({ kind: "cast", target: a, castTo: T.SInt, type: T.SInt }));
    expect(() => planExecution(b.build())).toThrow("operation 1 (cast) is not run by the node");
  });
});
