#!/usr/bin/env node
// The main job until the devnet and client land: print the wire API this SDK speaks (every nilvm v0.10
// service, method and streaming kind), read from the generated descriptors of @nillion/proto.
import fs from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");
const dist = path.join(root, "packages/proto/dist");
/** @type {Record<string, string>} */
const kinds = {
  unary: "unary",
  server_streaming: "server stream",
  client_streaming: "client stream",
  bidi_streaming: "bidi stream",
};

/** @type {import("@bufbuild/protobuf").DescService[]} */
const services = [];
for (const file of fs.readdirSync(dist, { recursive: true })) {
  if (!String(file).endsWith("service_pb.js")) continue;
  const module = await import(path.join(dist, String(file)));
  for (const value of Object.values(module)) {
    if (value?.kind === "service") services.push(value);
  }
}
services.sort((a, b) => a.typeName.localeCompare(b.typeName));
console.log(`nilvm v0.10 wire API: ${services.length} services\n`);
for (const service of services) {
  console.log(service.typeName);
  for (const method of service.methods) {
    const kind = kinds[method.methodKind] ?? method.methodKind;
    console.log(
      `  ${method.name.padEnd(26)} ${method.input.typeName} -> ${method.output.typeName} (${kind})`,
    );
  }
}
