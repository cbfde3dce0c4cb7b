import type net from "node:net";

/**
 * Decides whether a connection whose idle timer fired is really idle: `onSilent` runs if `socket` has read
 * nothing new by the time the event loop has polled for input once, `onHeard` otherwise.
 *
 * Timers run before the loop polls sockets. After the loop was blocked (a burst of CPU-bound work in the
 * devnet's process) an idle timer therefore fires while the bytes a client sent meanwhile still wait in
 * the kernel; judging then would cut a live connection. `setImmediate` runs after that poll.
 *
 * @example
 * ```ts
 * server.on("timeout", (socket) => ifStillSilent(socket, () => socket.destroy()));
 * ```
 */
export function ifStillSilent(socket: net.Socket, onSilent: () => void, onHeard?: () => void): void {
  const bytesRead = socket.bytesRead;
  setImmediate(() => {
    if (socket.destroyed) return;
    if (socket.bytesRead === bytesRead) onSilent();
    else onHeard?.();
  });
}
