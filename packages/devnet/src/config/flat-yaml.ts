// Network configs are tiny, fixed-shape YAML documents (nested mappings of strings), written by Rust's
// serde_yaml and read by the Rust, Python and TS tools. A full YAML library would be a dependency for
// eight keys, so this module writes exactly the shape serde_yaml writes and reads back that shape plus
// the usual hand edits (comments, quoting, blank lines); anything else is reported, not guessed at.
import { InvalidArgumentError } from "@nillion/types";

/** A scalar as read: its string form, or `null` for `null`, `~` and an empty value. */
export type FlatYamlScalar = string | null;

/** A block mapping as read: keys in file order, scalar or nested-mapping values. */
export interface FlatYamlMapping {
  readonly [key: string]: FlatYamlScalar | FlatYamlMapping;
}

// What serde_yaml (via libyaml) would write unquoted and every YAML reader reads back as that same string.
const PLAIN_SAFE = /^[A-Za-z0-9_./][A-Za-z0-9_./:@%+=~?&-]*$/;
// Strings a YAML 1.1 or 1.2 resolver would turn into null, a boolean, a number or a date; serde_yaml
// quotes the 1.2 ones, and quoting the 1.1 ones too keeps PyYAML readers on the same value.
const RESERVED_WORDS = /^(?:~|null|true|false|yes|no|on|off|y|n|[-+]?\.?(?:inf|infinity|nan))$/i;
const NUMBER_LIKE =
  /^(?=[^0-9]*[0-9])[-+]?(?:0x[0-9a-f_]+|0o[0-7_]+|0b[01_]+|[0-9][0-9_]*(?::[0-5]?[0-9])+(?:\.[0-9_]*)?|(?:[0-9][0-9_]*)?\.?[0-9_]*(?:e[-+]?[0-9]+)?)$/i;
const DATE_LIKE = /^[0-9]{4}-[0-9]{1,2}-[0-9]{1,2}/;

/**
 * `value` as a YAML scalar: plain when that reads back as the same string (as serde_yaml writes URLs,
 * hex keys and chain ids), single-quoted otherwise.
 *
 * @example
 * ```ts
 * formatYamlString("http://127.0.0.1:37939"); // "http://127.0.0.1:37939"
 * formatYamlString("null"); // "'null'"
 * ```
 */
export function formatYamlString(value: string): string {
  const plain =
    PLAIN_SAFE.test(value) &&
    !value.endsWith(":") &&
    !RESERVED_WORDS.test(value) &&
    !NUMBER_LIKE.test(value) &&
    !DATE_LIKE.test(value);
  return plain ? value : `'${value.replaceAll("'", "''")}'`;
}

/**
 * Reads a YAML document made of block mappings whose values are scalars (plain, single- or
 * double-quoted) or further block mappings, with comments and blank lines anywhere.
 *
 * @throws {InvalidArgumentError} (`argument: "text"`, `details.line`) for sequences, flow collections,
 *   block scalars, anchors, tags, tabs, duplicate keys or inconsistent indentation
 *
 * @example
 * ```ts
 * parseFlatYaml("nilauth:\n  endpoint: http://localhost:30921\n"); // { nilauth: { endpoint: "http://localhost:30921" } }
 * ```
 */
export function parseFlatYaml(text: string): FlatYamlMapping {
  // Null-prototype mappings: a `__proto__` key is data, not a prototype switch.
  const root: Record<string, FlatYamlScalar | FlatYamlMapping> = Object.create(null);
  // Open mappings, innermost last; `indent` is undefined until the mapping's first key fixes it.
  const stack: { indent: number | undefined; mapping: Record<string, FlatYamlScalar | FlatYamlMapping> }[] = [
    { indent: undefined, mapping: root },
  ];
  // The key whose value is still open (written as `key:` with nothing after it).
  let pending: { parent: Record<string, FlatYamlScalar | FlatYamlMapping>; key: string } | undefined;

  for (const [lineIndex, rawLine] of text.split(/\r?\n/).entries()) {
    const line = lineIndex + 1;
    const fail = (reason: string): never => {
      throw new InvalidArgumentError(`unsupported YAML at line ${line}: ${reason}`, {
        argument: "text",
        details: { line },
      });
    };
    const indent = rawLine.length - rawLine.trimStart().length;
    const content = rawLine.trim();
    if (content === "" || content.startsWith("#") || (line === 1 && content === "---")) continue;
    if (rawLine.slice(0, indent).includes("\t")) fail("tab indentation");

    let frame = stack[stack.length - 1] as (typeof stack)[number];
    if (pending !== undefined && indent > (frame.indent ?? -1)) {
      const child: Record<string, FlatYamlScalar | FlatYamlMapping> = Object.create(null);
      pending.parent[pending.key] = child;
      frame = { indent, mapping: child };
      stack.push(frame);
    } else {
      while (frame.indent !== undefined && indent < frame.indent && stack.length > 1) {
        stack.pop();
        frame = stack[stack.length - 1] as (typeof stack)[number];
      }
      frame.indent ??= indent;
      if (indent !== frame.indent) fail("inconsistent indentation");
    }
    pending = undefined;

    const entry = splitEntry(content) ?? fail("expected `key: value`");
    if (Object.hasOwn(frame.mapping, entry.key)) fail(`duplicate key ${JSON.stringify(entry.key)}`);
    if (entry.rest === "") {
      frame.mapping[entry.key] = null;
      pending = { parent: frame.mapping, key: entry.key };
    } else {
      const value = parseScalar(entry.rest);
      frame.mapping[entry.key] = value === undefined ? fail("unsupported value syntax") : value;
    }
  }
  return root;
}

// `key: rest` with an optional quoted key; `rest` has no trailing comment when it is plain.
function splitEntry(content: string): { key: string; rest: string } | undefined {
  const quoted = /^('(?:[^']|'')*'|"(?:[^"\\]|\\.)*")\s*:(?:\s+|$)/.exec(content);
  const match = quoted ?? /^([^\s'"#:?&*!|>%@`{}[\],-][^:#]*?)\s*:(?:\s+|$)/.exec(content);
  if (match === null) return undefined;
  const keyText = match[1] as string;
  const key = quoted === null ? keyText : parseScalar(keyText);
  return typeof key === "string" ? { key, rest: content.slice(match[0].length).trim() } : undefined;
}

// A scalar value, `null` for YAML null, or undefined when the syntax is outside this subset.
function parseScalar(rest: string): FlatYamlScalar | undefined {
  if (rest.startsWith("'")) {
    const match = /^'((?:[^']|'')*)'\s*(?:#.*)?$/.exec(rest);
    return match === null ? undefined : (match[1] as string).replaceAll("''", "'");
  }
  if (rest.startsWith('"')) {
    const match = /^"((?:[^"\\]|\\.)*)"\s*(?:#.*)?$/.exec(rest);
    return match === null ? undefined : unescapeDoubleQuoted(match[1] as string);
  }
  if (/^[[{&*!|>%@`]/.test(rest)) return undefined;
  // A plain scalar ends where a comment (` #`) begins.
  const value = rest.replace(/\s+#.*$/, "");
  return /^(?:~|null|Null|NULL)$/.test(value) ? null : value;
}

const ESCAPES: Readonly<Record<string, string>> = {
  "0": "\0",
  a: "\x07",
  b: "\b",
  t: "\t",
  n: "\n",
  v: "\v",
  f: "\f",
  r: "\r",
  e: "\x1b",
  " ": " ",
  '"': '"',
  "/": "/",
  "\\": "\\",
};

function unescapeDoubleQuoted(body: string): string | undefined {
  let invalid = false;
  const result = body.replace(
    /\\(x[0-9a-fA-F]{2}|u[0-9a-fA-F]{4}|U[0-9a-fA-F]{8}|.)/g,
    (_, sequence: string) => {
      if (sequence.length > 1) {
        const codePoint = Number.parseInt(sequence.slice(1), 16);
        if (codePoint <= 0x10ffff) return String.fromCodePoint(codePoint);
        invalid = true;
        return "";
      }
      const replacement = ESCAPES[sequence];
      if (replacement === undefined) invalid = true;
      return replacement ?? "";
    },
  );
  return invalid ? undefined : result;
}
