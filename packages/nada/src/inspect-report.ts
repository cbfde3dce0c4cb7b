// The text `nada inspect` prints: what a program expects, produces and costs.

import { bytesToHex } from "@nillion/types";
import { sha256 } from "@noble/hashes/sha2.js";
import { isLowered, lowerProgram } from "./lower-program.js";
import type { NadaProgram } from "./nada-program.js";
import { formatNadaType } from "./nada-type.js";
import { HIGH_LEVEL_OPERATION_KINDS, type Operation } from "./operation.js";
import { programContract } from "./program-contract.js";
import { programMetadata } from "./program-metadata.js";
import { validateProgram } from "./validate-program.js";

/** The `nada inspect` report of `program`, decoded from `bytes` read from `file`, and whether it is valid. */
export function inspectReport(
  file: string,
  bytes: Uint8Array,
  program: NadaProgram,
): { readonly text: string; readonly valid: boolean } {
  const contract = programContract(program);
  const lines = [
    row("file", `${file} (${bytes.length} bytes, sha256 ${bytesToHex(sha256(bytes))})`),
    row("parties", contract.parties.join(", ") || "none"),
    ...block(
      "inputs",
      contract.inputs.map((input) => `${input.name}: ${formatNadaType(input.type)} from ${input.party}`),
    ),
    ...block(
      "outputs",
      contract.outputs.map((output) => `${output.name}: ${formatNadaType(output.type)} to ${output.party}`),
    ),
    row("operations", `${program.operations.length} (${formatCounts(tally(program.operations))})`),
  ];
  const issues = validateProgram(program);
  const lowered = isLowered(program);
  if (!lowered) {
    const highLevel = program.operations.filter((operation) =>
      HIGH_LEVEL_OPERATION_KINDS.has(operation.kind),
    );
    lines.push(row("lowered", `no: ${formatCounts(tally(highLevel))} to rewrite`));
  } else {
    lines.push(row("lowered", "yes"));
  }
  if (issues.length > 0) {
    lines.push(row("valid", `no, ${issues.length} ${issues.length === 1 ? "issue" : "issues"}:`));
    lines.push(...issues.map((issue) => `  ${issue.message}`));
    return { text: `${lines.join("\n")}\n`, valid: false };
  }
  const metadata = programMetadata(lowerProgram(program));
  const scope = lowered ? "" : " (after lowering)";
  lines.push(
    row("valid", "yes"),
    row("memory", `${metadata.memorySize} slots${scope}`),
    row("protocols", `${metadata.totalInstructions} (${formatCounts(metadata.instructions)})${scope}`),
    row("preprocessing", formatCounts(metadata.preprocessing) || "none"),
    row("auxiliary", formatCounts(metadata.auxiliaryMaterial) || "none"),
  );
  return { text: `${lines.join("\n")}\n`, valid: true };
}

function row(label: string, text: string): string {
  return `${label.padEnd(15)}${text}`;
}

// A labelled list, one entry per line.
function block(label: string, entries: readonly string[]): string[] {
  if (entries.length === 0) return [row(label, "none")];
  return entries.map((entry, i) => row(i === 0 ? label : "", entry));
}

// Operations per kind.
function tally(operations: readonly Operation[]): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const { kind } of operations) counts[kind] = (counts[kind] ?? 0) + 1;
  return counts;
}

// "addition 3, inputReference 3", sorted by name.
function formatCounts(counts: Readonly<Partial<Record<string, number>>>): string {
  return Object.entries(counts)
    .sort(([a], [b]) => (a < b ? -1 : 1))
    .map(([name, count]) => `${name} ${count}`)
    .join(", ");
}
