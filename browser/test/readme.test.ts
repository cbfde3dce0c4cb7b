// The root README's "Use it in a web app" example is the page the browser suite runs, word for word.
import { readFileSync } from "node:fs";
import path from "node:path";
import { expect, it } from "vitest";

const root = path.resolve(import.meta.dirname, "../..");

it("README: the web app example is browser/pages/app/example.ts", () => {
  const readme = readFileSync(path.join(root, "README.md"), "utf8");
  const block =
    /<!-- example: browser\/pages\/app\/example\.ts -->\n```ts\n([\s\S]*?)```\n<!-- \/example -->/.exec(
      readme,
    );
  expect(block?.[1]).toBe(readFileSync(path.join(root, "browser/pages/app/example.ts"), "utf8"));
});
