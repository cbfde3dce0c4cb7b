import { randomBytes } from "node:crypto";
import { open, rename, rm } from "node:fs/promises";
import path from "node:path";

/**
 * Replaces `file` with `contents` so that readers see the old file or the new one, never a torn write:
 * the bytes go to a temporary file in the same directory, are flushed to disk, and the temporary file is
 * renamed over `file`. A harness polling for the config while the devnet starts cannot read half of it.
 *
 * @example
 * ```ts
 * await writeFileAtomically("/home/ada/.config/nillion/nillion-devnet.env", text);
 * ```
 */
export async function writeFileAtomically(file: string, contents: string): Promise<void> {
  const temporary = path.join(
    path.dirname(file),
    `.${path.basename(file)}.${process.pid}.${randomBytes(6).toString("hex")}.tmp`,
  );
  try {
    const handle = await open(temporary, "wx", 0o644);
    try {
      await handle.writeFile(contents, "utf8");
      await handle.sync();
    } finally {
      await handle.close();
    }
    await rename(temporary, file);
  } catch (error) {
    await rm(temporary, { force: true });
    throw error;
  }
}
