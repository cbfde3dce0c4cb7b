// Node.js module hooks that load TypeScript programs without a build step: each `.ts`/`.mts` module is
// transpiled by esbuild when imported (types stripped, nothing checked), with an inline source map so that
// stack traces — and with them the source locations the DSL records — point at the TypeScript lines.
// Registered by loadProgram with `module.register`; they run on Node's loader thread.
import { readFile } from "node:fs/promises";
import { fileURLToPath } from "node:url";
import { type Message, transform } from "esbuild";

type NextResolve = (specifier: string, context: ResolveContext) => Promise<{ url: string }>;
type NextLoad = (url: string, context: object) => Promise<object>;
interface ResolveContext {
  readonly parentURL?: string | undefined;
}

const TYPESCRIPT = /\.m?ts$/;

/**
 * Resolves relative imports the way TypeScript does for ES modules: `./helper.js` may name `./helper.ts`
 * (the form `tsc` requires), and an extensionless `./helper` may name `./helper.ts`.
 */
export async function resolve(specifier: string, context: ResolveContext, nextResolve: NextResolve) {
  try {
    return await nextResolve(specifier, context);
  } catch (error) {
    const parent = context.parentURL;
    const relative = specifier.startsWith("./") || specifier.startsWith("../");
    if (!relative || parent === undefined || !TYPESCRIPT.test(new URL(parent).pathname)) throw error;
    for (const candidate of typescriptCandidates(specifier)) {
      try {
        return await nextResolve(candidate, context);
      } catch {
        // Not this one; the original error is reported if none exists.
      }
    }
    throw error;
  }
}

function typescriptCandidates(specifier: string): string[] {
  if (specifier.endsWith(".js")) return [`${specifier.slice(0, -3)}.ts`];
  if (specifier.endsWith(".mjs")) return [`${specifier.slice(0, -4)}.mts`];
  if (!/\.[a-z]+$/i.test(specifier)) return [`${specifier}.ts`, `${specifier}/index.ts`];
  return [];
}

/** Loads `.ts` and `.mts` files as ES modules, transpiled. */
export async function load(url: string, context: object, nextLoad: NextLoad) {
  if (!url.startsWith("file:") || !TYPESCRIPT.test(new URL(url).pathname)) return nextLoad(url, context);
  const file = fileURLToPath(url);
  const source = await readFile(file, "utf8");
  try {
    const { code } = await transform(source, {
      loader: "ts",
      format: "esm",
      target: "node20",
      sourcemap: "inline",
      sourcefile: file,
    });
    return { format: "module", source: code, shortCircuit: true };
  } catch (error) {
    // esbuild's error carries its messages in a property that does not survive the loader thread.
    const messages: readonly Message[] = (error as { errors?: Message[] }).errors ?? [];
    if (messages.length === 0) throw error;
    throw new SyntaxError(
      messages
        .map((message) => {
          const where = message.location;
          return where === null
            ? `${file}: ${message.text}`
            : `${file}:${where.line}:${where.column + 1}: ${message.text}`;
        })
        .join("\n"),
    );
  }
}
