/**
 * The peer at `url` answered the HTTP/2 connection preface with something that is not HTTP/2 (an
 * HTTP/1.1 server, a TLS server without `h2`, another protocol). The Node.js transport raises it as the
 * cause of the call's failure, so that the client can tell a wrong URL from a node that failed. It lives
 * apart from the transport because the code that explains it runs in browsers too.
 */
export class NotHttp2Error extends Error {
  override name = "NotHttp2Error";
  /** The origin that was called, e.g. `http://127.0.0.1:26657`. */
  readonly url: string;

  constructor(url: string, what: string, cause: unknown) {
    super(`${url} does not speak gRPC over HTTP/2: ${what}`, { cause });
    this.url = url;
  }
}
