/**
 * A minimal AWS JSON 1.0 client with the generated client's raw `send`
 * contract (wire JSON in and out, retries on lost connections and 5xx,
 * errors named by their code with `$metadata.attempts` and the typed-form
 * `item`), so these tests can also drive the helper through behaviours the
 * generated client must share. Servers here (dynalite) do not check signatures.
 */
import { Agent, request } from "undici";
import type { JsonObject } from "../../../src/runtime/types.js";
import type { RawDynamoDBClient } from "../../../src/query-and-update/index.js";

/** An error answer, shaped like the generated exception classes. */
export class WireServiceError extends Error {
  $fault: "client" | "server";
  $metadata: { httpStatusCode?: number; attempts: number };
  item?: Record<string, unknown>;

  constructor(name: string, message: string, status: number | undefined, attempts: number, item?: Record<string, unknown>) {
    super(message);
    this.name = name;
    this.$fault = status !== undefined && status < 500 ? "client" : "server";
    this.$metadata = { httpStatusCode: status, attempts };
    if (item) this.item = item;
  }
}

/** A raw client for `endpoint`; `maxAttempts` counts the first attempt. */
export function wireClient(endpoint: string, maxAttempts = 3): RawDynamoDBClient & { requests: number; close(): Promise<void> } {
  const dispatcher = new Agent({ keepAliveTimeout: 10_000 });
  const client = {
    requests: 0,
    async send(operation: string, input: JsonObject): Promise<JsonObject> {
      const body = JSON.stringify(input);
      for (let attempt = 1; ; attempt++) {
        client.requests++;
        let status: number;
        let text: string;
        try {
          const res = await request(endpoint, {
            method: "POST",
            dispatcher,
            body,
            headers: {
              "content-type": "application/x-amz-json-1.0",
              "x-amz-target": `DynamoDB_20120810.${operation}`,
              "x-amz-date": "20260101T000000Z",
              authorization: "AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20260101/us-east-1/dynamodb/aws4_request, SignedHeaders=host;x-amz-date, Signature=0",
            },
          });
          status = res.statusCode;
          text = await res.body.text();
        } catch (error) {
          if (attempt < maxAttempts) continue;
          throw Object.assign(error as Error, { $metadata: { attempts: attempt } });
        }
        if (status >= 500 && attempt < maxAttempts) continue;
        const parsed = JSON.parse(text) as JsonObject;
        if (status === 200) return parsed;
        const code = String(parsed.__type ?? "UnknownError").split("#").pop()!;
        const item = parsed.Item ? typedForm(parsed.Item as Record<string, Record<string, unknown>>) : undefined;
        throw new WireServiceError(code, String(parsed.message ?? parsed.Message ?? ""), status, attempt, item);
      }
    },
    close: () => dispatcher.close(),
  };
  return client;
}

// The generated exception classes carry modeled members in the typed form ({ s: "a" }).
function typedForm(item: Record<string, Record<string, unknown>>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [name, value] of Object.entries(item)) {
    const [type] = Object.keys(value) as [string];
    const v = value[type];
    out[name] = { [type.toLowerCase()]: type === "M" ? typedForm(v as Record<string, Record<string, unknown>>) : v };
  }
  return out;
}
