import type http from "node:http";
import type net from "node:net";
import { ifStillSilent } from "./if-still-silent.js";

/**
 * Makes an HTTP/1.1 server close a connection whose keep-alive timer ran out only when nothing arrived on
 * it meanwhile ({@link ifStillSilent}): after the event loop was blocked, the timer fires before the next
 * request waiting in the kernel is read, and Node would reset that request's connection.
 *
 * @example
 * ```ts
 * const server = http.createServer(handler);
 * closeOnlySilentConnections(server);
 * ```
 */
export function closeOnlySilentConnections(server: http.Server): void {
  // With a listener for "timeout", Node leaves closing the connection to it.
  server.on("timeout", (socket: net.Socket) => ifStillSilent(socket, () => socket.destroy()));
}
