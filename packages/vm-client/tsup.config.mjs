import { existsSync } from "node:fs";
import path from "node:path";
import { packageBuild } from "@nillion/tooling/tsup";

/**
 * The browser build takes `x.browser.ts` wherever a module imports `./x.js` and such a file exists: the
 * default transport (gRPC-web over fetch) and the network-file reader (none). The `browser` condition
 * of the package's `exports` hands this build to bundlers; Node.js gets the other.
 *
 * @type {import("esbuild").Plugin}
 */
const browserVariants = {
  name: "browser-variants",
  setup(build) {
    build.onResolve({ filter: /^\.\.?\/.*\.js$/ }, (args) => {
      const variant = path.join(args.resolveDir, args.path.replace(/\.js$/, ".browser.ts"));
      return existsSync(variant) ? { path: variant } : undefined;
    });
  },
};

export default [
  // Node.js, with the declarations both builds share; its clean step spares the browser build.
  packageBuild({ clean: ["!browser/**"] }),
  packageBuild({
    outDir: "dist/browser",
    platform: "browser",
    target: "es2022",
    dts: false,
    esbuildPlugins: [browserVariants],
  }),
];
