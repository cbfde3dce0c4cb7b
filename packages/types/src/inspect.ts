// How SDK objects show up in Node's console.log and util.inspect.
//
// The hook is attached per instance rather than as a `[symbol]()` class member: a computed member key makes
// bundlers treat the whole class as having side effects, so it could never be tree-shaken.

const INSPECT: unique symbol = /* @__PURE__ */ Symbol.for("nodejs.util.inspect.custom");

/**
 * Makes Node print `target` as `render.call(target)`. Non-enumerable, so JSON and equality ignore it.
 * Pass a module-level function, so instances share it instead of each getting a closure.
 *
 * @internal
 */
export function setInspect<T extends object>(target: T, render: (this: T) => string): void {
  Object.defineProperty(target, INSPECT, { value: render });
}
