// biome-ignore-all lint/performance/noBarrelFile: the package's `@nillion/nada/build` entry point (Node.js only).
/**
 * @nillion/nada/build — load a Nada program from its TypeScript source at run time (Node.js only).
 *
 * @packageDocumentation
 */
export { loadProgram } from "./load-program.js";
