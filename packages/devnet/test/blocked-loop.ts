// Fixtures for servers under a blocked event loop: the loop busy for a while, as a burst of CPU-bound
// work in the devnet's process keeps it, while clients' bytes arrive.
import { once } from "node:events";
import net from "node:net";

/** Keeps the event loop busy for `ms`: no timer and no I/O callback runs meanwhile. */
export function blockEventLoop(ms: number): void {
  const until = performance.now() + ms;
  while (performance.now() < until) {
    // busy
  }
}

/** Two turns of the event loop, each with an I/O poll: a connection the client saw open is accepted by then. */
export async function turns(): Promise<void> {
  await new Promise((resolve) => setImmediate(resolve));
  await new Promise((resolve) => setImmediate(resolve));
}

/** Everything the server sends until it closes the connection (nothing when it resets it). */
export function readUntilClosed(socket: net.Socket): Promise<Buffer> {
  const chunks: Buffer[] = [];
  socket.on("data", (chunk: Buffer) => chunks.push(chunk));
  socket.on("error", () => {});
  return new Promise((resolve) => socket.once("close", () => resolve(Buffer.concat(chunks))));
}

/** A connection to `port` on 127.0.0.1 that the server has accepted. */
export async function acceptedConnection(port: number): Promise<net.Socket> {
  const socket = net.connect(port, "127.0.0.1");
  await once(socket, "connect");
  await turns();
  return socket;
}

// Node keeps an idle HTTP/1.1 connection this much longer than the keep-alive timeout it advertises.
const NODE_KEEP_ALIVE_MARGIN_MS = 1000;

/**
 * Sends `first` on a new connection, waits for its response, then sends `second` and blocks the loop past
 * the server's keep-alive timer. Resolves with everything the server sent (`second` must ask it to close).
 */
export async function nextRequestAfterBlockedLoop(
  port: number,
  keepAliveTimeoutMs: number,
  first: string,
  second: string,
): Promise<string> {
  const socket = await acceptedConnection(port);
  const reply = readUntilClosed(socket);
  socket.write(first);
  await once(socket, "data");
  await turns(); // the response has finished and the keep-alive timer runs
  socket.write(second);
  blockEventLoop(keepAliveTimeoutMs + NODE_KEEP_ALIVE_MARGIN_MS + 200);
  return (await reply).toString("latin1");
}
