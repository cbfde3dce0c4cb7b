// The downstream check of `pnpm check:consumer`: a project outside the workspace that installs the packed
// tarballs, as a user would, type-checks a CommonJS (.cts) and an ES module (.mts) consumer with
// `module: node16`, and runs a vitest suite on the harness's global setup and useClient().
import fs from "node:fs";
import os from "node:os";
import path from "node:path";

const TEMPLATE = path.join(import.meta.dirname, "project");

/**
 * @param {{ root: string, tarballs: Record<string, string>, pnpm: (args: string[], cwd: string) => string }} context
 */
export async function checkConsumer({ root, tarballs, pnpm }) {
  const rootManifest = JSON.parse(fs.readFileSync(path.join(root, "package.json"), "utf8"));
  const project = fs.mkdtempSync(path.join(os.tmpdir(), "nillion-consumer-"));
  try {
    fs.cpSync(TEMPLATE, project, { recursive: true });
    const file = (/** @type {string} */ tarball) => `file:${tarball}`;
    const manifest = {
      name: "nillion-consumer",
      private: true,
      type: "module",
      dependencies: Object.fromEntries(
        Object.entries(tarballs).map(([name, tarball]) => [name, file(tarball)]),
      ),
      devDependencies: {
        typescript: rootManifest.devDependencies.typescript,
        vitest: rootManifest.devDependencies.vitest,
        "@types/node": rootManifest.devDependencies["@types/node"],
      },
      // The tarballs depend on each other by version, which no registry has yet.
      pnpm: {
        overrides: Object.fromEntries(
          Object.entries(tarballs).map(([name, tarball]) => [name, file(tarball)]),
        ),
      },
    };
    fs.writeFileSync(path.join(project, "package.json"), `${JSON.stringify(manifest, null, 2)}\n`);
    const step = (/** @type {string} */ what, /** @type {string[]} */ args) => {
      process.stdout.write(`consumer: ${what}\n`);
      return pnpm(args, project);
    };
    step("install the tarballs", [
      "install",
      "--prefer-offline",
      "--ignore-workspace",
      "--config.confirmModulesPurge=false",
    ]);
    step("tsc (module node16, .cts and .mts consumers)", ["exec", "tsc", "-p", "."]);
    const run = step("vitest suite on the harness", ["exec", "vitest", "run"]);
    process.stdout.write(
      `${run
        .split("\n")
        .filter((line) => /Test Files|Tests /.test(line))
        .join("\n")}\n`,
    );
    process.stdout.write("consumer: ok\n");
  } catch (error) {
    const { stdout = "", stderr = String(error) } = /** @type {{ stdout?: string, stderr?: string }} */ (
      error
    );
    process.stderr.write(`consumer check failed in ${project}:\n${stdout}${stderr}\n`);
    process.exitCode = 1;
    return;
  }
  fs.rmSync(project, { recursive: true, force: true });
}
