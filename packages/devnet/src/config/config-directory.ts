import os from "node:os";
import path from "node:path";

/**
 * The directory Nillion tools keep their configs in: `$XDG_CONFIG_HOME/nillion`, else
 * `$HOME/.config/nillion` (tools-config's `config_directory`). An empty variable counts as unset, as the
 * XDG spec asks; without `HOME` the OS account's home directory is used.
 *
 * @example
 * ```ts
 * configDirectory(); // e.g. "/home/ada/.config/nillion"
 * configDirectory({ XDG_CONFIG_HOME: "/tmp/xdg" }); // "/tmp/xdg/nillion"
 * ```
 */
export function configDirectory(env: Readonly<Record<string, string | undefined>> = process.env): string {
  const xdg = env["XDG_CONFIG_HOME"];
  if (xdg !== undefined && xdg !== "") return path.resolve(xdg, "nillion");
  const home = env["HOME"];
  return path.join(home !== undefined && home !== "" ? home : os.homedir(), ".config", "nillion");
}
