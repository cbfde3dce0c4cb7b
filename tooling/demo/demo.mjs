#!/usr/bin/env node
// The main job: the seed's workflow on an embedded devnet, with two users. It starts a devnet in this
// process (chain emulator + 3 nodes on ephemeral ports), then walks keys, funding, storing secrets of several
// types, granting and revoking permissions, retrieving as the other user, updating, deleting, uploading a
// program, pool status and balances, a computation with inputs from both users, and a threshold ECDSA key
// the nodes generate together that signs a message's digest; then another such key, as the cosmjs signer
// of a NilChainPayer, pays on chain for a third user's store. One line per step with its timing; exit code 0 only if every
// step checked out. The program is written in TypeScript (examples/nada/three_parties.ts) and compiled
// when the demo loads it: no Python, no build step.
import path from "node:path";
import { fileURLToPath } from "node:url";
import { isDeepStrictEqual } from "node:util";
import { PrivateKey } from "@nillion/crypto";
import { Devnet } from "@nillion/devnet";
import { loadProgram } from "@nillion/nada/build";
import { NilChainPayer } from "@nillion/payments";
import { ThresholdCosmosSigner } from "@nillion/signers";
import {
  InputPartyBinding,
  Integer,
  NotFoundError,
  OutputPartyBinding,
  PermissionDeniedError,
  PermissionsDelta,
  SecretBlob,
  SecretBoolean,
  SecretInteger,
  SecretUnsignedInteger,
} from "@nillion/types";
import { Network, VmClient } from "@nillion/vm-client";
import { secp256k1 } from "@noble/curves/secp256k1.js";
import { sha256 } from "@noble/hashes/sha2.js";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");

const say = (line) => process.stdout.write(`${line}\n`);

let failed = false;
let number = 0;
const started = performance.now();

/** Runs one step, prints its line and timing; a step that throws fails the demo (later steps still run). */
async function step(title, run) {
  number += 1;
  const begin = performance.now();
  try {
    const detail = await run();
    const ms = (performance.now() - begin).toFixed(0).padStart(5);
    say(`✔ ${String(number).padStart(2)}. ${title.padEnd(58)} ${ms} ms${detail ? `  ${detail}` : ""}`);
  } catch (error) {
    failed = true;
    say(
      `✘ ${String(number).padStart(2)}. ${title}: ${error instanceof Error ? error.message : String(error)}`,
    );
  }
}

function check(condition, message) {
  if (!condition) throw new Error(message);
}

async function rejectsWith(promise, ErrorClass) {
  try {
    await promise;
  } catch (error) {
    if (error instanceof ErrorClass) return error;
    throw error;
  }
  throw new Error(`expected ${ErrorClass.name}, but the call succeeded`);
}

const short = (id) => String(id).slice(0, 8);

let devnet;
const clients = [];
const payers = [];
try {
  await step("start the devnet (nilchain emulator + 3 nodes)", async () => {
    devnet = await Devnet.start({ portBase: 0, chain: { blockIntervalMs: 10 } });
    return `bootnode ${devnet.bootnodeUrl}, leader node ${devnet.layout.leaderIndex}`;
  });
  if (!devnet) throw new Error("the devnet did not start");
  const network = {
    nilvmGrpcEndpoint: devnet.bootnodeUrl,
    chainEndpoint: devnet.chain.urls.proxy,
    chainId: devnet.chain.chainId,
  };

  let alice;
  let bob;
  await step("create two users and connect their wallets", async () => {
    const net = new Network(network);
    for (const [index, seed] of [
      [0, "demo alice"],
      [1, "demo bob"],
    ]) {
      const payer = await NilChainPayer.connect(net, devnet.fundedKeys[index].privateKey);
      payers.push(payer);
      // Alice pays from a prepaid balance (the default); Bob pays each operation on chain.
      const paymentMode = index === 0 ? "balance" : "per-operation";
      clients.push(await VmClient.create(PrivateKey.fromSeed(seed), net, payer, { paymentMode }));
    }
    [alice, bob] = clients;
    check(alice.cluster.members.length === 3, "the cluster should have 3 members");
    return `alice ${short(alice.userId)}…, bob ${short(bob.userId)}…`;
  });

  await step("fund alice's balance (add funds), bob pays per operation", async () => {
    await alice.addFunds(50_000_000n); // 50 NIL = 5,000 credits
    const balance = await alice.balance();
    check(balance.balance >= 5_000n, `alice's balance should hold 5,000 credits, has ${balance.balance}`);
    return `alice: ${balance.balance} credits; bob: ${(await payers[1].balance()) / 1_000_000n} NIL on chain`;
  });

  const secrets = {
    age: new SecretInteger(42n),
    savings: new SecretUnsignedInteger(1_500n),
    vip: new SecretBoolean(true),
    note: new SecretBlob(new TextEncoder().encode("gm, nillion")),
    year: new Integer(2026n),
  };
  let valuesId;
  await step("alice stores 5 values (4 secret types + public)", async () => {
    valuesId = await alice.storeValues(secrets, { ttlDays: 1 }).invoke();
    const back = await alice.retrieveValues(valuesId).invoke();
    check(isDeepStrictEqual(back, secrets), "retrieved values differ from the stored ones");
    return `values ${short(valuesId)}…`;
  });

  await step("bob cannot read them", async () => {
    const error = await rejectsWith(bob.retrieveValues(valuesId).invoke(), PermissionDeniedError);
    return `PermissionDeniedError: ${error.details?.rawMessage ?? error.message}`;
  });

  await step("alice grants bob retrieve; bob reads the secrets", async () => {
    await alice.updatePermissions(valuesId, new PermissionsDelta().grantRetrieve(bob.userId)).invoke();
    const back = await bob.retrieveValues(valuesId).invoke();
    check(isDeepStrictEqual(back, secrets), "bob read different values");
    return "bob sees age 42, savings 1500, vip true, a 11-byte note";
  });

  await step("alice updates the values; bob reads the update", async () => {
    await alice
      .storeValues({ age: new SecretInteger(43n) }, { ttlDays: 1, updateIdentifier: valuesId })
      .invoke();
    const back = await bob.retrieveValues(valuesId).invoke();
    check(isDeepStrictEqual(back, { age: new SecretInteger(43n) }), "the update is not what bob reads");
    return "age is now 43";
  });

  await step("alice revokes bob's access", async () => {
    await alice.updatePermissions(valuesId, new PermissionsDelta().revokeRetrieve(bob.userId)).invoke();
    await rejectsWith(bob.retrieveValues(valuesId).invoke(), PermissionDeniedError);
    return "bob is refused again";
  });

  await step("alice deletes the values", async () => {
    await alice.deleteValues(valuesId).invoke();
    await rejectsWith(alice.retrieveValues(valuesId).invoke(), NotFoundError);
    return "gone: NotFoundError";
  });

  let programId;
  await step("alice compiles three_parties.ts and uploads it", async () => {
    const program = await loadProgram(path.join(root, "examples/nada/three_parties.ts"));
    programId = await alice.storeProgram("three-parties", program).invoke();
    return programId
      .toString()
      .replace(/^(.{12}).*\/(three-parties)\/sha256\/(.{8}).*$/, "$1…/$2/sha256/$3…");
  });

  await step("pool status and balances", async () => {
    const status = await alice.poolStatus().invoke();
    const balance = await alice.balance();
    const bobNil = Number(await payers[1].balance()) / 1e6;
    return `${status.offsets.length} preprocessing pools; alice ${balance.balance} credits, bob ${bobNil.toFixed(0)} NIL`;
  });

  await step("compute (x + y)·w and x·y on inputs from both users", async () => {
    // Alice is parties Alice and Carol, Bob is party Bob; bob's input is stored and lent to the program.
    const bobsInput = await bob.storeValues({ y: new SecretInteger(7n) }, { ttlDays: 1 }).invoke();
    await bob
      .updatePermissions(bobsInput, new PermissionsDelta().grantCompute(alice.userId, programId))
      .invoke();
    const computeId = await alice
      .compute(
        programId,
        [
          new InputPartyBinding("Alice", alice.userId),
          new InputPartyBinding("Bob", bob.userId),
          new InputPartyBinding("Carol", alice.userId),
        ],
        [new OutputPartyBinding("Carol", [alice.userId]), new OutputPartyBinding("Alice", [alice.userId])],
        { x: new SecretInteger(5n), w: new SecretInteger(3n) },
        [bobsInput],
      )
      .invoke();
    const results = await alice.retrieveComputeResults(computeId).invoke();
    check(
      isDeepStrictEqual(results, { weighted: new SecretInteger(36n), xy: new SecretInteger(35n) }),
      `unexpected results ${JSON.stringify(results, (_, v) => (typeof v === "bigint" ? String(v) : v))}`,
    );
    return "weighted = (5 + 7)·3 = 36, xy = 35";
  });

  await step("alice generates a threshold ECDSA key and signs with it", async () => {
    // No node, and not alice, ever holds the private key: the nodes generate it together and sign together.
    const { keyId, publicKey } = await alice.generateThresholdKey({ curve: "ecdsa" }).invoke();
    const digest = sha256(new TextEncoder().encode("gm from a key nobody holds"));
    const signature = await alice.signDigest({ keyId, digest }).invoke();
    const compact = new Uint8Array([...signature.r, ...signature.s]);
    const ok = secp256k1.verify(compact, digest, publicKey.value, { prehash: false, lowS: true });
    check(ok, "the signature does not verify under the generated public key");
    // Anyone who may sign with the key can find its public key again, from signatures of fixed labels.
    const derived = await alice.thresholdPublicKey({ keyId, curve: "ecdsa" }).invoke();
    check(
      Buffer.from(derived.value).equals(publicKey.value),
      "the derived public key is not the generated one",
    );
    return `public key ${Buffer.from(publicKey.value).toString("hex")}, signature ok, derived key matches`;
  });
  await step("a threshold key pays for a store on nilchain", async () => {
    // The paying wallet's key is itself held by the nodes: NilChainPayer takes any cosmjs signer, and this
    // one signs each MsgPayFor with builtin/tecdsa_sign, a computation alice pays for from her balance.
    const key = await alice.generateThresholdKey({ curve: "ecdsa" }).invoke();
    const signer = new ThresholdCosmosSigner(alice, key);
    devnet.chain.fund(signer.address, 10_000_000n); // the devnet's faucet: 10 NIL
    const payer = await NilChainPayer.connectWithSigner(network, signer);
    payers.push(payer);
    const carol = await VmClient.create(PrivateKey.fromSeed("demo carol"), new Network(network), payer, {
      paymentMode: "per-operation",
    });
    clients.push(carol);
    const id = await carol.storeValues({ note: new SecretInteger(2026n) }, { ttlDays: 1 }).invoke();
    const balance = await payer.balance();
    check(balance === 9_000_000n, `the threshold key's address holds ${balance} unil, not 10 NIL − 1 NIL`);
    return `${signer.address} paid 1 NIL for carol's store ${short(id)} with a signature made by the nodes`;
  });
} catch (error) {
  failed = true;
  say(`✘ ${error instanceof Error ? error.message : String(error)}`);
} finally {
  for (const client of clients) client.close();
  for (const payer of payers) payer.disconnect();
  await devnet?.stop();
}
const total = ((performance.now() - started) / 1000).toFixed(1);
say(failed ? `\ndemo failed after ${total} s` : `\ndemo passed: ${number} steps in ${total} s`);
process.exitCode = failed ? 1 : 0;
