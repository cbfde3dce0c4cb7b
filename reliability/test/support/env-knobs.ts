/** The variables a suite reads its knobs from: `process.env`, or a copy a caller edited. */
export type KnobEnv = Readonly<Record<string, string | undefined>>;

/**
 * Reads a suite's knobs from `env`. An unset or empty variable gives the default; any other value must
 * follow the knob's rule, or the run stops at once: a typo in a knob must not quietly run the defaults.
 * Each refusal is a RangeError naming the variable, the rule and the value, e.g.
 * `CRASH_ACKS must be a whole number of at least 1, got "eight"`.
 */
export interface EnvKnobs {
  /** A whole number written in decimal digits, from `min` to `max`. */
  integer(name: string, fallback: number, min: number, max?: number): number;
  /** One of `choices`, written exactly. */
  choice<T extends string>(name: string, choices: readonly T[], fallback: T): T;
  /** A comma-separated list of `choices`, spaces around each allowed. */
  choices<T extends string>(name: string, choices: readonly T[], fallback: readonly T[]): T[];
  /** Any other rule: `parse` returns the value, or undefined for text that breaks `rule`. */
  read<T>(name: string, fallback: T, rule: string, parse: (text: string) => T | undefined): T;
}

/**
 * @example
 * ```ts
 * const knobs = envKnobs(process.env);
 * knobs.integer("ABUSE_CONCURRENCY", 20, 2, 200); // 20 when unset; RangeError for "2O" or "500"
 * knobs.choice("ABUSE_STORE", ["memory", "sqlite"], "memory");
 * ```
 */
export function envKnobs(env: KnobEnv): EnvKnobs {
  const read = <T>(name: string, fallback: T, rule: string, parse: (text: string) => T | undefined): T => {
    const text = env[name];
    if (text === undefined || text === "") return fallback;
    const value = parse(text);
    if (value === undefined) throw new RangeError(`${name} must be ${rule}, got ${JSON.stringify(text)}`);
    return value;
  };
  const quoted = (choices: readonly string[]) => choices.map((choice) => JSON.stringify(choice)).join(", ");
  return {
    read,
    integer(name, fallback, min, max = Number.MAX_SAFE_INTEGER) {
      const rule =
        max === Number.MAX_SAFE_INTEGER
          ? `a whole number of at least ${min}`
          : `a whole number from ${min} to ${max}`;
      return read(name, fallback, rule, (text) => {
        const value = Number(text);
        return /^\d+$/.test(text) && Number.isSafeInteger(value) && value >= min && value <= max
          ? value
          : undefined;
      });
    },
    choice(name, choices, fallback) {
      return read(name, fallback, `one of ${quoted(choices)}`, (text) =>
        choices.find((choice) => choice === text),
      );
    },
    choices(name, choices, fallback) {
      return read(name, [...fallback], `a comma-separated list of ${quoted(choices)}`, (text) => {
        const listed = text.split(",").map((item) => item.trim());
        const known = listed.flatMap((item) => choices.filter((choice) => choice === item));
        return known.length === listed.length ? known : undefined;
      });
    },
  };
}
