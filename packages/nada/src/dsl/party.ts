// Parties, and the inputs they provide and outputs they receive (Python's Party, Input and Output).
import { apiCallSite, type CallSite } from "./call-site.js";
import { typeArgument, valueArgument } from "./dsl-argument.js";
import { type DslType, type DslValue, describeArgument, EXPRESSION, WRAP } from "./dsl-value.js";
import { expression, type InputDeclaration, type PartyDeclaration } from "./expression.js";
import { ProgramSourceError } from "./program-source-error.js";

/**
 * A party of the program: a name that compute bindings map to users. Two parties of one name are the
 * same party, as in Python.
 *
 * @example
 * ```ts
 * import { Party, program, SecretInteger } from "@nillion/nada/dsl";
 *
 * export default program(() => {
 *   const dealer = new Party("Dealer");
 *   const a = dealer.input("a", SecretInteger);
 *   return [dealer.output("double", a.add(a))];
 * });
 * ```
 */
export class Party {
  /** The party's name. */
  readonly name: string;
  readonly #declaration: PartyDeclaration;

  constructor(name: string) {
    const site = apiCallSite();
    this.name = checkName(name, "new Party", "name", site);
    this.#declaration = { name: this.name, site, inputs: [] };
  }

  /**
   * Declares an input this party provides and returns its value (Python's `SecretInteger(Input(name,
   * party))`). An input no output depends on is refused when the program is built.
   *
   * @param name the input's name, unique in the program
   * @param type a value class (`SecretInteger`, `PublicBoolean`, `EcdsaPrivateKey`…) or a compound type
   * (`Array.type(SecretInteger, 3)`, `Tuple.type(…)`)
   * @param options `doc`: a description kept in the program
   */
  input<V extends DslValue>(name: string, type: DslType<V>, options: { readonly doc?: string } = {}): V {
    const site = apiCallSite();
    const checked = checkName(name, "input", "name", site);
    const declared = typeArgument(type, "input", "type", site) as DslType<V>;
    const doc = options.doc ?? "";
    if (typeof doc !== "string") {
      throw new ProgramSourceError(
        site,
        "name",
        "options.doc",
        `input: "options.doc" must be a string, got ${describeArgument(doc)}`,
      );
    }
    const declaration: InputDeclaration = {
      name: checked,
      party: this.#declaration,
      type: declared.nadaType,
      doc,
      site,
      // Set right below: the reference and the declaration point at each other.
      reference: undefined as never,
    };
    const reference = expression(declared.nadaType, site, { kind: "input", input: declaration });
    Object.assign(declaration, { reference });
    this.#declaration.inputs.push(Object.freeze(declaration));
    return declared[WRAP](reference);
  }

  /**
   * An output of the program: `value`, delivered to this party under `name` (Python's `Output(value,
   * name, party)`). Return it from the program function.
   */
  output(name: string, value: DslValue): Output {
    const site = apiCallSite();
    return new Output(
      checkName(name, "output", "name", site),
      valueArgument(value, "output", "value", site, "output"),
      this.#declaration,
      site,
    );
  }
}

/** An output of a program, made by {@link Party.output}. */
export class Output {
  /** The output's name. */
  readonly name: string;
  /** The party that receives it. */
  readonly party: string;
  /** @internal */
  readonly declaration: {
    readonly value: DslValue;
    readonly party: PartyDeclaration;
    readonly site: CallSite;
  };

  /** @internal */
  constructor(name: string, value: DslValue, party: PartyDeclaration, site: CallSite) {
    this.name = name;
    this.party = party.name;
    this.declaration = Object.freeze({ value, party, site });
  }

  /** The value output. */
  get value(): DslValue {
    return this.declaration.value;
  }
}

function checkName(name: unknown, method: string, argument: string, site: CallSite): string {
  if (typeof name === "string" && name !== "") return name;
  throw new ProgramSourceError(
    site,
    "name",
    argument,
    `${method}: "${argument}" must be a non-empty string, got ${describeArgument(name)}`,
  );
}

/** The expression of an output's value. */
export function outputExpression(output: Output) {
  return output.declaration.value[EXPRESSION];
}
