// Keys print as their `toString()` in Node's console.log. The hook is set per instance, not as a
// `[Symbol.for(…)]()` class member: a computed member key makes bundlers keep the class (and the curve
// code it uses) in every bundle that imports the package, even one that never uses it.

const INSPECT = /* @__PURE__ */ Symbol.for("nodejs.util.inspect.custom");

function render(this: object): string {
  return this.toString();
}

/** Makes Node's `util.inspect` show `target` as `String(target)`. Non-enumerable. */
export function showAsString(target: object): void {
  Object.defineProperty(target, INSPECT, { value: render });
}
