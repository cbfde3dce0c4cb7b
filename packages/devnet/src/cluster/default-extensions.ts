import { computeExtension } from "../node/compute/compute-extension.js";
import type { NodeExtensionFactory } from "../node/node-extension.js";

/** What every devnet node runs besides the core services, in-process and in node processes alike: compute. */
export function defaultExtensions(): readonly NodeExtensionFactory[] {
  return [computeExtension()];
}
