// The node half of the fuzzer: draws each input, sends it, judges the answer, and probes the devnet's
// health between batches.
import { Http2Client } from "../support/raw-http2.js";
import type { RawReply } from "../support/raw-reply.js";
import type { FuzzDevnet } from "./fuzz-devnet.js";
import type { FaultLog, FuzzFailure } from "./fuzz-failures.js";
import type { FuzzSettings } from "./fuzz-settings.js";
import { fuzzStream } from "./fuzz-stream.js";
import { judgeNodeReply } from "./judge-node-reply.js";
import { type NodeFuzzContext, type NodeInput, nodeInput, oversizedInput } from "./node-inputs.js";
import { nodeTargets } from "./node-targets.js";
import { http1Exchange, http1RequestBytes, leavesBodyIncomplete } from "./raw-http1.js";

/** The longest a node may take to answer one input. */
export const ANSWER_TIMEOUT_MS = 5_000;
/**
 * Every this many inputs, three in a row are oversized (just over the message limit), from this index
 * on: early enough that the shorter streams have them too.
 */
const OVERSIZED_EVERY = 1000;
const OVERSIZED_AT = 200;

/**
 * Sends `count` fuzzed inputs of `stream` (or the replayed one) to the devnet's nodes, one at a time, to
 * every method of every node service. HTTP/2 calls share one session per node, as a client's would, so a
 * call that kills its session is caught. With the `faults` of the process the nodes run in, a fault is
 * blamed on its input.
 */
export async function fuzzNodes(
  fuzz: Pick<FuzzDevnet, "cluster" | "corpus">,
  settings: FuzzSettings,
  stream: string,
  count: number,
  faults?: FaultLog,
): Promise<FuzzFailure[]> {
  const context: NodeFuzzContext = { cluster: fuzz.cluster, corpus: fuzz.corpus, targets: nodeTargets() };
  const sessions = new Map(context.cluster.nodes.map((node) => [node.index, new Http2Client(node.url)]));
  try {
    return await fuzzStream(
      { cluster: context.cluster, settings, stream, count, faults },
      async (index, random) => {
        const id = `${stream}:${index}`;
        const nth = (index % OVERSIZED_EVERY) - OVERSIZED_AT;
        const input =
          nth >= 0 && nth < 3
            ? oversizedInput(context, id, index, nth, random)
            : await nodeInput(context, id, random);
        const session = sessions.get(input.node.index) as Http2Client;
        const reply = await sendNodeInput(input, session);
        const reason = judgeNodeReply(input, reply);
        // A session that reset a call may refuse every later one: the next input starts afresh, so that
        // one broken session is one failure, not hundreds.
        if (input.transport === "h2" && (reply.ending !== "response" || reply.sessionFault)) session.close();
        return { id: input.id, label: input.label, body: input.body, reason };
      },
    );
  } finally {
    for (const session of sessions.values()) session.close();
  }
}

function sendNodeInput(input: NodeInput, session: Http2Client): Promise<RawReply> {
  if (input.transport === "h2") {
    return session.exchange(
      { method: input.httpMethod, path: input.path, headers: input.headers, body: input.body },
      ANSWER_TIMEOUT_MS,
    );
  }
  const host = `127.0.0.1:${input.node.port}`;
  const bytes = http1RequestBytes(host, {
    method: input.httpMethod,
    path: input.path,
    headers: input.headers,
    body: input.body,
    framing: input.framing,
  });
  return http1Exchange(input.node.port, bytes, {
    timeoutMs: ANSWER_TIMEOUT_MS,
    halfClose: leavesBodyIncomplete(input.framing),
  });
}
