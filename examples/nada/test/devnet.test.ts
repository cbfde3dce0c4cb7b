// Every case of every fixture, run on a real devnet with the program written in TypeScript: uploaded as a
// program value (VmClient.storeProgram compiles, lowers and checks it), its inputs given at compute time
// by one user bound to every party, and each output party's outputs (or the case's error) compared with
// the case. ecdsa_sign's key is stored first, as a signing key is (with the compute right on the program),
// and its signature, random by nature, is checked the way its cases say: it verifies under the output
// public key, which is the input key's.
import { PrivateKey } from "@nillion/crypto";
import { useDevnet } from "@nillion/devnet-test/vitest";
import { programContract } from "@nillion/nada";
import { NilChainPayer } from "@nillion/payments";
import {
  EcdsaDigestMessage,
  EcdsaPrivateKey,
  type EcdsaPublicKey,
  type EcdsaSignature,
  hexToBytes,
  InputPartyBinding,
  Integer,
  InternalError,
  Array as NadaArray,
  Boolean as NadaBoolean,
  type NadaValue,
  type NadaValues,
  OutputPartyBinding,
  Permissions,
  type ProgramId,
  SecretBoolean,
  SecretInteger,
  SecretUnsignedInteger,
  Tuple,
  UnsignedInteger,
} from "@nillion/types";
import { VmClient } from "@nillion/vm-client";
import { secp256k1 } from "@noble/curves/secp256k1.js";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { FIXTURES, type FixtureCase, fixtureCases, type JsonValue, PROGRAMS } from "./fixtures.js";

// Their outputs are fixed by their inputs; ecdsa_sign's signature is not.
const DETERMINISTIC = FIXTURES.filter((name) => name !== "ecdsa_sign");

function nadaValue(json: JsonValue): NadaValue {
  const { type, value } = json;
  switch (type) {
    case "Integer":
      return new Integer(value as string);
    case "UnsignedInteger":
      return new UnsignedInteger(value as string);
    case "SecretInteger":
      return new SecretInteger(value as string);
    case "SecretUnsignedInteger":
      return new SecretUnsignedInteger(value as string);
    case "Boolean":
      return new NadaBoolean(value as boolean);
    case "SecretBoolean":
      return new SecretBoolean(value as boolean);
    case "Array":
      return new NadaArray((value as JsonValue[]).map(nadaValue));
    case "Tuple": {
      const [left, right] = value as JsonValue[];
      return new Tuple(nadaValue(left as JsonValue), nadaValue(right as JsonValue));
    }
    case "EcdsaPrivateKey":
      return new EcdsaPrivateKey(hexToBytes(value as string));
    case "EcdsaDigestMessage":
      return new EcdsaDigestMessage(hexToBytes(value as string));
    default:
      throw new Error(`no value type ${type} in the fixtures run here`);
  }
}

const nadaValues = (json: Readonly<Record<string, JsonValue>>): NadaValues =>
  Object.fromEntries(Object.entries(json).map(([name, value]) => [name, nadaValue(value)]));

/** What `testCase` expects of the `actual` outputs: an output with `one_of` must be one of them. */
function expectedFor(testCase: FixtureCase, actual: NadaValues): NadaValues {
  const outputs: Record<string, JsonValue> = Object.assign({}, ...Object.values(testCase.outputs ?? {}));
  return Object.fromEntries(
    Object.entries(outputs).map(([name, json]) => {
      if (json.one_of === undefined) return [name, nadaValue(json)];
      const computed = actual[name];
      expect(computed?.type).toBe(json.type);
      expect(json.one_of).toContain(String(computed?.value));
      return [name, computed as NadaValue];
    }),
  );
}

let client: VmClient;
let payer: NilChainPayer;
const programIds = new Map<string, ProgramId>();

beforeAll(async () => {
  const { network, walletKey } = useDevnet();
  payer = await NilChainPayer.connect(network, walletKey.privateKey, { pollIntervalMs: 10 });
  client = await VmClient.create(PrivateKey.generate(), network, payer);
  await client.addFunds(100_000_000n);
  for (const name of FIXTURES) {
    programIds.set(name, await client.storeProgram(name, PROGRAMS[name]).invoke());
  }
});

afterAll(() => {
  client?.close();
  payer?.disconnect();
});

describe.each(DETERMINISTIC)("%s.ts on the devnet", (name) => {
  const contract = programContract(PROGRAMS[name].toNadaProgram());

  it.each(fixtureCases(name).map((testCase) => [testCase.name, testCase] as const))(
    "%s",
    async (_, testCase) => {
      const run = async () => {
        const computeId = await client
          .compute(
            programIds.get(name) as ProgramId,
            contract.inputParties.map((party) => new InputPartyBinding(party, client.userId)),
            contract.outputParties.map((party) => new OutputPartyBinding(party, [client.userId])),
            nadaValues(testCase.inputs),
            [],
          )
          .invoke();
        return client.retrieveComputeResults(computeId).invoke();
      };
      if (testCase.error !== null) {
        const error = await run().then(
          () => expect.fail("expected the computation to fail"),
          (reason: unknown) => reason,
        );
        expect(error).toBeInstanceOf(InternalError);
        expect((error as InternalError).message).toContain(testCase.error);
        return;
      }
      const actual = await run();
      expect(actual).toEqual(expectedFor(testCase, actual));
    },
  );
});

describe("ecdsa_sign.ts on the devnet", () => {
  it.each(fixtureCases("ecdsa_sign").map((testCase) => [testCase.name, testCase] as const))(
    "%s: the signature verifies under the output public key, which is the input key's",
    async (_, testCase) => {
      const programId = programIds.get("ecdsa_sign") as ProgramId;
      const { key, digest } = nadaValues(testCase.inputs);
      const keyId = await client
        .storeValues(
          { key: key as EcdsaPrivateKey },
          {
            ttlDays: 1,
            permissions: Permissions.defaultsForUser(client.userId).allowCompute(client.userId, programId),
          },
        )
        .invoke();
      const computeId = await client
        .compute(
          programId,
          [
            new InputPartyBinding("KeyParty", client.userId),
            new InputPartyBinding("MsgParty", client.userId),
          ],
          [new OutputPartyBinding("OutParty", [client.userId])],
          { digest: digest as EcdsaDigestMessage },
          [keyId],
        )
        .invoke();
      const outputs = await client.retrieveComputeResults(computeId).invoke();
      expect(Object.keys(outputs).sort()).toEqual(["public_key", "signature"]);
      const publicKey = (outputs["public_key"] as EcdsaPublicKey).value;
      expect(publicKey).toEqual(secp256k1.getPublicKey((key as EcdsaPrivateKey).value, true));
      const { r, s } = (outputs["signature"] as EcdsaSignature).value;
      const signature = new Uint8Array([...r, ...s]);
      const message = (digest as EcdsaDigestMessage).value;
      const verifies = (signed: Uint8Array) =>
        secp256k1.verify(signature, signed, publicKey, { prehash: false, lowS: true });
      expect(verifies(message)).toBe(true);
      expect(verifies(message.map((byte) => byte ^ 1))).toBe(false);
    },
  );
});
