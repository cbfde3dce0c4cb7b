// The node VM's protocol for each operation (node-mpc.md §2.2): its name as instruction counts and
// quotes spell it, whether it communicates, and the preprocessing element one run consumes.
import { isSecretType, type NadaType, type Operation, operandsOf } from "@nillion/nada";
import { InvalidArgumentError, type PreprocessingElementName } from "@nillion/types";

/** The protocol an operation runs as. */
export interface ProtocolChoice {
  /** The VM protocol name, e.g. `MultiplicationShares`. */
  readonly name: string;
  /** Whether it exchanges messages (the catalogue's "O"); local protocols run without communication. */
  readonly online: boolean;
  /** The preprocessing element one run consumes, if any. */
  readonly element: PreprocessingElementName | undefined;
}

const local = (name: string): ProtocolChoice => ({ name, online: false, element: undefined });
const online = (name: string, element?: PreprocessingElementName): ProtocolChoice => ({
  name,
  online: true,
  element,
});

/**
 * The protocol of a lowered operation, picked by its kind and whether its operands are secret, as the
 * node's protocol factory picks it; `undefined` for loads, literals, `new` and accessors, which only lay
 * out memory. `typeOf` gives the result type of an operand.
 *
 * @throws {InvalidArgumentError} for operations the node never runs (front-end operations that lowering
 * removes, `cast`, n-tuple and object accessors)
 */
export function selectProtocol(
  operation: Operation,
  typeOf: (operationId: number) => NadaType,
): ProtocolChoice | undefined {
  const secret = operandsOf(operation).map((id) => isSecretType(typeOf(id)));
  const [left = false, right = false, third = false] = secret;
  // Products: local unless both factors are shares, which needs a degree reduction.
  const product = (publicName: string, mixedName: string, sharesName: string) => {
    if (!left && !right) return local(publicName);
    return left && right ? online(sharesName) : local(mixedName);
  };
  switch (operation.kind) {
    case "inputReference":
    case "literalReference":
    case "new":
    case "arrayAccessor":
    case "tupleAccessor":
      return undefined;
    case "addition":
      return local("Addition");
    case "subtraction":
      return local("Subtraction");
    case "multiplication":
      return product("MultiplicationPublic", "MultiplicationSharePublic", "MultiplicationShares");
    case "innerProduct":
      return product("InnerProductPublic", "InnerProductSharePublic", "InnerProductShares");
    case "division":
    case "modulo": {
      const prefix = operation.kind === "division" ? "Division" : "Modulo";
      if (right) return online(`${prefix}IntegerSecretDivisor`, "DIVISION_SECRET_DIVISOR");
      return left
        ? online(`${prefix}IntegerSecretDividendPublicDivisor`, "MODULO")
        : local(`${prefix}IntegerPublic`);
    }
    case "power":
      return local("PowerPublicBasePublicExponent");
    case "leftShift":
      return local(left ? "LeftShiftShares" : "LeftShiftPublic");
    case "rightShift":
      return left ? online("RightShiftShares", "TRUNC") : local("RightShiftPublic");
    case "truncPr":
      return online("TruncPr", "TRUNC_PR");
    case "lessThan":
      return left || right ? online("LessThanShares", "COMPARE") : local("LessThanPublic");
    case "equals":
      return left || right ? online("EqualsSecret", "EQUALITY_SECRET_OUTPUT") : local("EqualsPublic");
    case "publicOutputEquality":
      return left || right ? online("PublicOutputEquality", "EQUALITY_PUBLIC_OUTPUT") : local("EqualsPublic");
    case "not":
      return local("Not");
    case "ifElse":
      if (!left) return local("IfElsePublicCond");
      return right || third ? online("IfElse") : local("IfElsePublicBranches");
    case "reveal":
      return online("Reveal");
    case "random":
      return operation.type.kind === "SecretBoolean"
        ? online("RandomBoolean", "RANDOM_BOOLEAN")
        : online("RandomInteger", "RANDOM_INTEGER");
    case "publicKeyDerive":
      return online("PublicKeyDerive");
    case "ecdsaSign":
      return online("EcdsaSign");
    case "eddsaSign":
      return online("EddsaSign");
    default:
      throw new InvalidArgumentError(
        `operation ${operation.id} (${operation.kind}) is not run by the node: lower and validate the program first`,
        { argument: "program", details: { operation: operation.id } },
      );
  }
}
