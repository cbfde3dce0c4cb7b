// CometBFT's event query language, as `tx_search` accepts it: conditions `<tag> <op> <operand>` joined by
// AND, where a tag is `tx.hash`, `tx.height` or `<event type>.<attribute key>`. Parse errors keep
// CometBFT's wording, since `tx_search` returns them to the caller.

type Operator = "=" | "<" | "<=" | ">" | ">=" | "CONTAINS" | "EXISTS";

type Operand =
  | { readonly kind: "string"; readonly text: string }
  | { readonly kind: "number"; readonly value: number }
  | { readonly kind: "time"; readonly value: number };

/** One condition of a query. */
export interface Condition {
  readonly tag: string;
  readonly op: Operator;
  readonly operand: Operand | undefined;
}

/** The attributes a tx is searched by: its hash, height and indexed event attributes. */
export interface Searchable {
  readonly hash: string;
  readonly height: number;
  /** Values by composite key `<type>.<key>`. */
  readonly attributes: ReadonlyMap<string, readonly string[]>;
}

/** A query CometBFT would reject; `message` is its parser's text. */
export class QuerySyntaxError extends Error {
  override name = "QuerySyntaxError";
}

type TokenKind = "tag" | "string" | "number" | "time" | "date" | "and" | "op";
interface Token {
  readonly kind: TokenKind;
  readonly text: string;
  readonly start: number;
}

const TOKEN_NAMES: Readonly<Record<string, string>> = {
  tag: "tag",
  string: "string",
  number: "number",
  time: "timestamp",
  date: "datestamp",
  and: "AND operator",
  "=": "= operator",
  "<": "< operator",
  "<=": "<= operator",
  ">": "> operator",
  ">=": ">= operator",
  CONTAINS: "CONTAINS operator",
  EXISTS: "EXISTS operator",
};

const isTagStart = (ch: string) => /[\p{L}\p{Nd}_]/u.test(ch);
const isTagChar = (ch: string) => /[\p{L}\p{Nd}_.-]/u.test(ch);

function tokenize(query: string): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  while (i < query.length) {
    const ch = query[i] as string;
    const start = i;
    if (/\s/.test(ch)) {
      i++;
    } else if (/[0-9]/.test(ch)) {
      const match = /^[0-9]+(\.[0-9]*)?/.exec(query.slice(i)) as RegExpExecArray;
      tokens.push({ kind: "number", text: match[0], start });
      i += match[0].length;
    } else if (isTagStart(ch)) {
      let end = i + 1;
      while (end < query.length && isTagChar(query[end] as string)) end++;
      const text = query.slice(i, end);
      i = end;
      if ((text === "TIME" || text === "DATE") && query[end] === " ") {
        const pattern = text === "TIME" ? /^[0-9TZ:+-]*/ : /^[0-9-]*/;
        const stamp = (pattern.exec(query.slice(end + 1)) as RegExpExecArray)[0];
        i = end + 1 + stamp.length;
        tokens.push({ kind: text === "TIME" ? "time" : "date", text: stamp, start });
        if (Number.isNaN(parseStamp(text === "TIME" ? "time" : "date", stamp))) {
          throw new QuerySyntaxError(`offset ${start}: invalid ${text} value: ${JSON.stringify(stamp)}`);
        }
      } else if (text === "AND") tokens.push({ kind: "and", text, start });
      else if (text === "EXISTS" || text === "CONTAINS") tokens.push({ kind: "op", text, start });
      else tokens.push({ kind: "tag", text, start });
    } else if (ch === "'") {
      const end = query.indexOf("'", i + 1);
      if (end < 0) throw new QuerySyntaxError(`offset ${start}: EOF`);
      tokens.push({ kind: "string", text: query.slice(i + 1, end), start });
      i = end + 1;
    } else if (ch === "=" || ch === "<" || ch === ">") {
      const text = ch !== "=" && query[i + 1] === "=" ? `${ch}=` : ch;
      tokens.push({ kind: "op", text, start });
      i += text.length;
    } else {
      throw new QuerySyntaxError(`offset ${start}: invalid input ${ch} at offset ${i + 1}`);
    }
  }
  return tokens;
}

function parseStamp(kind: "time" | "date", text: string): number {
  const pattern =
    kind === "time"
      ? /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$/
      : /^\d{4}-\d{2}-\d{2}$/;
  return pattern.test(text) ? Date.parse(kind === "time" ? text : `${text}T00:00:00Z`) : Number.NaN;
}

/**
 * Parses a `tx_search` query.
 *
 * @throws {QuerySyntaxError} with CometBFT's message for anything its parser rejects
 */
export function parseQuery(query: string): Condition[] {
  const tokens = tokenize(query);
  let position = 0;
  const describe = (token: Token) => TOKEN_NAMES[token.kind === "op" ? token.text : token.kind] ?? token.kind;
  const next = (wanted: readonly string[]): Token => {
    const token = tokens[position++];
    if (token === undefined) throw new QuerySyntaxError(`offset ${query.length}: EOF`);
    const name = describe(token);
    if (!wanted.includes(name)) {
      const label = wanted.length === 1 ? wanted[0] : `${wanted.slice(0, -1).join(", ")} or ${wanted.at(-1)}`;
      throw new QuerySyntaxError(`offset ${token.start}: got ${name}, wanted ${label}`);
    }
    return token;
  };
  const conditions: Condition[] = [];
  for (;;) {
    const tag = next(["tag"]).text;
    const op = next([
      "<= operator",
      ">= operator",
      "< operator",
      "> operator",
      "= operator",
      "CONTAINS operator",
      "EXISTS operator",
    ]).text as Operator;
    if (op === "EXISTS") conditions.push({ tag, op, operand: undefined });
    else {
      const allowed =
        op === "="
          ? ["number", "timestamp", "datestamp", "string"]
          : op === "CONTAINS"
            ? ["string"]
            : ["number", "timestamp", "datestamp"];
      const token = next(allowed);
      const operand: Operand =
        token.kind === "string"
          ? { kind: "string", text: token.text }
          : token.kind === "number"
            ? { kind: "number", value: Number(token.text) }
            : { kind: "time", value: parseStamp(token.kind === "time" ? "time" : "date", token.text) };
      conditions.push({ tag, op, operand });
    }
    const separator = tokens[position++];
    if (separator === undefined) return conditions;
    if (separator.kind !== "and") {
      throw new QuerySyntaxError(`offset ${separator.start}: got ${describe(separator)}, want AND operator`);
    }
  }
}

/** Whether `tx` satisfies every condition. */
export function matches(conditions: readonly Condition[], tx: Searchable): boolean {
  return conditions.every((condition) => {
    if (condition.tag === "tx.hash") {
      return condition.operand?.kind === "string" && condition.operand.text.toUpperCase() === tx.hash;
    }
    const values =
      condition.tag === "tx.height" ? [String(tx.height)] : (tx.attributes.get(condition.tag) ?? []);
    return values.some((value) => satisfies(condition, value));
  });
}

function satisfies({ op, operand }: Condition, value: string): boolean {
  if (operand === undefined) return true;
  if (operand.kind === "string")
    return op === "CONTAINS" ? value.includes(operand.text) : value === operand.text;
  const actual = operand.kind === "number" ? Number(value) : Date.parse(value);
  if (Number.isNaN(actual)) return false;
  switch (op) {
    case "<":
      return actual < operand.value;
    case "<=":
      return actual <= operand.value;
    case ">":
      return actual > operand.value;
    case ">=":
      return actual >= operand.value;
    default:
      return actual === operand.value;
  }
}
