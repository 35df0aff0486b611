import { sleep } from "../sleep.js";
/** A small request made by a credential source. */
export interface SmallRequest {
  method: "GET" | "PUT" | "POST";
  url: URL;
  headers?: Record<string, string>;
  body?: string;
  /** Whole-exchange limit: connecting, sending and reading the answer. */
  timeoutMs: number;
}

/** The answer, read fully as text. */
export interface SmallResponse {
  statusCode: number;
  headers: Record<string, string | string[] | undefined>;
  body: string;
}

const MAX_BODY_BYTES = 1024 * 1024; // 1 MiB: credential answers are a few hundred bytes

/**
 * One HTTP exchange for the credential sources (IMDS, container endpoint, STS).
 *
 * These calls use `node:http` with no agent rather than the client's pooled
 * undici transport: they happen once an hour at most, must not hold a socket
 * open that would keep the process alive, and must not share connection
 * limits or retries with the data-plane client they are fetching credentials
 * for. The timeout covers the whole exchange, including a connect that never
 * completes, which is what happens when probing 169.254.169.254 off EC2.
 *
 * `node:http` and `node:https` are imported on the first call, not with the
 * module: most processes take credentials from the environment or a file and
 * never make such a call, and loading both costs several milliseconds of
 * every cold start.
 */
export async function sendSmallRequest(req: SmallRequest): Promise<SmallResponse> {
  const { request: send } = req.url.protocol === "https:" ? await import("node:https") : await import("node:http");
  return new Promise<SmallResponse>((resolve, reject) => {
    const headers: Record<string, string> = { ...req.headers };
    if (req.body !== undefined) headers["content-length"] = String(Buffer.byteLength(req.body));
    const outgoing = send(req.url, { method: req.method, headers, agent: false }, (res) => {
      const chunks: Buffer[] = [];
      let size = 0;
      res.on("data", (chunk: Buffer) => {
        size += chunk.length;
        if (size > MAX_BODY_BYTES) {
          outgoing.destroy(new Error(`response from ${req.url.host} exceeds ${MAX_BODY_BYTES} bytes`));
          return;
        }
        chunks.push(chunk);
      });
      res.on("end", () => {
        clearTimeout(timer);
        resolve({ statusCode: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks).toString("utf8") });
      });
      res.on("error", fail);
    });
    const timer = setTimeout(() => {
      outgoing.destroy(new Error(`no answer from ${req.url.host} within ${req.timeoutMs} ms`));
    }, req.timeoutMs);
    function fail(err: Error): void {
      clearTimeout(timer);
      reject(err);
    }
    outgoing.on("error", fail);
    outgoing.end(req.body);
  });
}

/**
 * Sends a request up to `maxAttempts` times, as the credential sources' calls
 * to AWS (STS, IAM Identity Center) do: a network failure, or an answer that
 * `retryable` accepts (throttling, 5xx), is tried again after a full-jitter
 * pause of up to 100 ms, doubling each time. `build` makes each attempt's
 * request, so a signed one is signed afresh. Resolves with the first answer
 * not retried, or the last one; rejects with the last network failure.
 */
export async function sendWithRetries(
  build: () => SmallRequest | Promise<SmallRequest>,
  maxAttempts: number,
  retryable: (response: SmallResponse) => boolean,
): Promise<SmallResponse> {
  for (let attempt = 1; ; attempt++) {
    if (attempt > 1) await sleep(Math.random() * 100 * 2 ** (attempt - 1));
    let response: SmallResponse;
    try {
      response = await sendSmallRequest(await build());
    } catch (err) {
      if (attempt >= maxAttempts) throw err;
      continue;
    }
    if (attempt >= maxAttempts || !retryable(response)) return response;
  }
}

/**
 * `text` with every secret (of 4 characters or more) replaced by
 * `[redacted]`: a last line of defence for messages built from what a
 * service or proxy sent back, in case it echoed the request.
 */
export function scrubSecrets(text: string, secrets: readonly (string | undefined)[]): string {
  let out = text;
  for (const secret of secrets) if (secret !== undefined && secret.length >= 4) out = out.split(secret).join("[redacted]");
  return out;
}
