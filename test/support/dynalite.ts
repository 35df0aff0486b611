import { once } from "node:events";
import { createServer, request as httpRequest, Agent, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { crc32 } from "node:zlib";
// dynalite ships no types; its default export starts an HTTP server.
// @ts-expect-error -- untyped CommonJS module
import dynalite from "dynalite";

/** An in-process dynalite server on a free loopback port. */
export interface DynaliteServer {
  /** `http://127.0.0.1:<port>` */
  readonly endpoint: string;
  close(): Promise<void>;
}

export interface DynaliteOptions {
  /**
   * Put a small front in place that adds what dynalite 4 lacks and the tests
   * need: `TransactWriteItems`, `TransactGetItems`, and the item on a failed
   * condition when `ReturnValuesOnConditionCheckFailure` is `ALL_OLD`.
   * Default true.
   */
  extended?: boolean;
}

/** Starts dynalite in memory with instant table changes; one per test file. */
export async function startDynalite(options: DynaliteOptions = {}): Promise<DynaliteServer> {
  const server = dynalite({ createTableMs: 0, deleteTableMs: 0, updateTableMs: 0 });
  server.listen(0, "127.0.0.1");
  await once(server, "listening");
  const { port } = server.address() as AddressInfo;
  const closeDynalite = () =>
    new Promise<void>((resolve, reject) => {
      server.closeAllConnections?.();
      server.close((err?: Error) => (err ? reject(err) : resolve()));
    });
  if (options.extended === false) return { endpoint: `http://127.0.0.1:${port}`, close: closeDynalite };

  const front = await startFront(port);
  return {
    endpoint: front.endpoint,
    close: async () => {
      await front.close();
      await closeDynalite();
    },
  };
}

/**
 * Waits until `table` is ACTIVE on a plain dynalite (`extended: false`),
 * which answers CreateTable before the 0 ms timer that completes it: a
 * request sent within that millisecond finds the table CREATING and gets
 * ResourceNotFoundException. The extended front does this itself.
 */
export async function untilActive(endpoint: string, table: string): Promise<void> {
  // dynalite reads the signature's form, not its value.
  const date = new Date().toISOString().replace(/[-:]|\.\d{3}/g, "");
  for (let i = 0; i < 200; i++) {
    const res = await fetch(endpoint, {
      method: "POST",
      headers: {
        "content-type": "application/x-amz-json-1.0",
        "x-amz-target": "DynamoDB_20120810.DescribeTable",
        "x-amz-date": date,
        authorization: `AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/${date.slice(0, 8)}/us-east-1/dynamodb/aws4_request, SignedHeaders=host;x-amz-date, Signature=00`,
      },
      body: JSON.stringify({ TableName: table }),
    });
    const body = (await res.json()) as { Table?: { TableStatus?: string }; message?: string };
    if (body.Table?.TableStatus === "ACTIVE") return;
    if (res.status !== 200 && res.status !== 400) throw new Error(`dynalite: DescribeTable ${table}: ${res.status} ${body.message ?? ""}`);
    await new Promise((resolve) => setTimeout(resolve, 2));
  }
  throw new Error(`dynalite: table ${table} did not become ACTIVE`);
}

/** Static credentials for local servers, which do not check signatures. */
export const TEST_CREDENTIALS = { accessKeyId: "AKIDEXAMPLE", secretAccessKey: "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY" };

// ---------------------------------------------------------------------------
// The front. Requests it does not need to change are piped through untouched,
// byte for byte. Every write locks the items it touches, so that a write
// followed by the read that completes it (the item of a failed condition) or
// a whole emulated transaction is atomic with respect to every other write of
// the same items.
//
// Transactions are emulated by applying each action as a conditional
// single-item write and undoing the applied ones (from their old images) when
// one fails. Unlike DynamoDB, only the first failing condition is reported
// among the cancellation reasons; the others read `None`.

type Json = Record<string, any>;
const WRITES = new Set(["PutItem", "UpdateItem", "DeleteItem", "BatchWriteItem", "TransactWriteItems"]);
/** Table changes dynalite completes on a timer after it has answered. */
const TABLE_CHANGES = new Set(["CreateTable", "UpdateTable", "DeleteTable"]);

interface Front {
  endpoint: string;
  close(): Promise<void>;
}

async function startFront(backendPort: number): Promise<Front> {
  const agent = new Agent({ keepAlive: true, maxSockets: 64 });
  const keySchemas = new Map<string, string[]>();
  const locks = new Map<string, Promise<void>>();

  /**
   * Runs `fn` once every earlier holder of any of `keys` has finished. All
   * keys are taken in one synchronous step, so two holders never wait on
   * each other.
   */
  const withLocks = async <T>(keys: string[], fn: () => Promise<T>): Promise<T> => {
    const unique = [...new Set(keys)];
    const earlier = unique.map((k) => locks.get(k));
    let release!: () => void;
    const mine = new Promise<void>((resolve) => (release = resolve));
    for (const k of unique) locks.set(k, mine);
    await Promise.all(earlier);
    try {
      return await fn();
    } finally {
      release();
      for (const k of unique) if (locks.get(k) === mine) locks.delete(k);
    }
  };

  /** The lock names of the items one write touches. */
  const itemsWritten = async (headers: Record<string, string>, operation: string, input: Json): Promise<string[]> => {
    const lockName = async (table: string, spec: Json) =>
      `${table}\u0000${JSON.stringify(spec.Key ?? (await keyOf(headers, table, spec.Item ?? {})))}`;
    if (operation === "TransactWriteItems") {
      return Promise.all(((input.TransactItems ?? []) as Json[]).map((a) => {
        const spec = Object.values(a)[0] as Json;
        return lockName(spec.TableName, spec);
      }));
    }
    if (operation === "BatchWriteItem") {
      const names: Promise<string>[] = [];
      for (const [table, requests] of Object.entries((input.RequestItems ?? {}) as Record<string, Json[]>)) {
        for (const r of requests) names.push(lockName(table, r.PutRequest ?? r.DeleteRequest ?? {}));
      }
      return Promise.all(names);
    }
    return [await lockName(input.TableName, input)];
  };

  /** Forwards one request as it is. */
  const forward = (headers: Record<string, string>, body: Buffer) =>
    new Promise<{ status: number; headers: Record<string, string>; body: Buffer }>((resolve, reject) => {
      const req = httpRequest(
        { host: "127.0.0.1", port: backendPort, method: "POST", path: "/", headers, agent },
        (res) => {
          const chunks: Buffer[] = [];
          res.on("data", (c: Buffer) => chunks.push(c));
          res.on("end", () => {
            const out: Record<string, string> = {};
            for (const [k, v] of Object.entries(res.headers)) if (typeof v === "string") out[k] = v;
            resolve({ status: res.statusCode ?? 500, headers: out, body: Buffer.concat(chunks) });
          });
          res.on("error", reject);
        },
      );
      req.on("error", reject);
      req.end(body);
    });

  /** Calls one operation on dynalite and returns its status and parsed body. */
  const call = async (baseHeaders: Record<string, string>, operation: string, input: Json) => {
    const body = Buffer.from(JSON.stringify(input));
    const headers = { ...baseHeaders, "x-amz-target": `DynamoDB_20120810.${operation}`, "content-length": String(body.length) };
    const res = await forward(headers, body);
    return { status: res.status, body: JSON.parse(res.body.toString("utf8") || "{}") as Json };
  };

  const keyOf = async (headers: Record<string, string>, table: string, item: Json): Promise<Json> => {
    let names = keySchemas.get(table);
    if (!names) {
      const described = await call(headers, "DescribeTable", { TableName: table });
      names = ((described.body.Table?.KeySchema ?? []) as { AttributeName: string }[]).map((k) => k.AttributeName);
      keySchemas.set(table, names);
    }
    const key: Json = {};
    for (const name of names) if (item[name] !== undefined) key[name] = item[name];
    return key;
  };

  /**
   * dynalite answers CreateTable, UpdateTable and DeleteTable before the 0 ms
   * timer that completes the change, so a client that sends its next request
   * within that millisecond (node:http on a kept-alive socket can) finds the
   * table still CREATING and gets ResourceNotFoundException. Answer only once
   * the change is done, as `createTableMs: 0` means.
   */
  const tableChangeDone = async (headers: Record<string, string>, operation: string, table: string) => {
    for (let i = 0; i < 100; i++) {
      const described = await call(headers, "DescribeTable", { TableName: table });
      if (operation === "DeleteTable" ? described.status !== 200 : described.body.Table?.TableStatus === "ACTIVE") return;
      await new Promise((resolve) => setTimeout(resolve, 1));
    }
  };

  const isConditionFailure = (body: Json) => String(body.__type ?? "").endsWith("#ConditionalCheckFailedException");

  /** PutItem/UpdateItem/DeleteItem with ReturnValuesOnConditionCheckFailure. */
  const singleWithOldItem = async (headers: Record<string, string>, operation: string, input: Json) => {
    const { ReturnValuesOnConditionCheckFailure: wanted, ...rest } = input;
    const res = await call(headers, operation, rest);
    if (res.status !== 400 || !isConditionFailure(res.body) || wanted !== "ALL_OLD") return res;
    const key = input.Key ?? (await keyOf(headers, input.TableName, input.Item ?? {}));
    const current = await call(headers, "GetItem", { TableName: input.TableName, Key: key, ConsistentRead: true });
    if (current.body.Item) res.body.Item = current.body.Item;
    return res;
  };

  const transactWrite = async (headers: Record<string, string>, input: Json) => {
    const actions: Json[] = input.TransactItems ?? [];
    const undo: { table: string; key: Json; old?: Json }[] = [];
    const reasons: Json[] = actions.map(() => ({ Code: "None" }));
    for (let i = 0; i < actions.length; i++) {
      const [kind, spec] = Object.entries(actions[i]!)[0] as [string, Json];
      const table = spec.TableName as string;
      const key = spec.Key ?? (await keyOf(headers, table, spec.Item ?? {}));
      const before = await call(headers, "GetItem", { TableName: table, Key: key, ConsistentRead: true });
      const common = {
        TableName: table,
        ...(spec.ConditionExpression ? { ConditionExpression: spec.ConditionExpression } : {}),
        ...(spec.ExpressionAttributeNames ? { ExpressionAttributeNames: spec.ExpressionAttributeNames } : {}),
        ...(spec.ExpressionAttributeValues ? { ExpressionAttributeValues: spec.ExpressionAttributeValues } : {}),
      };
      let res;
      if (kind === "Put") res = await call(headers, "PutItem", { ...common, Item: spec.Item });
      else if (kind === "Delete") res = await call(headers, "DeleteItem", { ...common, Key: key });
      else if (kind === "Update") res = await call(headers, "UpdateItem", { ...common, Key: key, UpdateExpression: spec.UpdateExpression });
      // A condition check writes nothing: an update without actions, undone below.
      else res = await call(headers, "UpdateItem", { ...common, Key: key });
      undo.push({ table, key, old: before.body.Item });
      if (res.status === 200) continue;
      undo.pop();
      await rollback(headers, undo);
      if (!isConditionFailure(res.body)) return res;
      reasons[i] = { Code: "ConditionalCheckFailed", Message: "The conditional request failed" };
      if (spec.ReturnValuesOnConditionCheckFailure === "ALL_OLD" && before.body.Item) reasons[i]!.Item = before.body.Item;
      return {
        status: 400,
        body: {
          __type: "com.amazonaws.dynamodb.v20120810#TransactionCanceledException",
          message: `Transaction cancelled, please refer cancellation reasons for specific reasons [${reasons.map((r) => r.Code).join(", ")}]`,
          CancellationReasons: reasons,
        },
      };
    }
    // Condition checks must leave no trace: restore what they touched.
    await rollback(
      headers,
      undo.filter((_, i) => Object.keys(actions[i]!)[0] === "ConditionCheck"),
    );
    return { status: 200, body: {} };
  };

  const rollback = async (headers: Record<string, string>, undo: { table: string; key: Json; old?: Json }[]) => {
    for (const step of undo.reverse()) {
      if (step.old) await call(headers, "PutItem", { TableName: step.table, Item: step.old });
      else await call(headers, "DeleteItem", { TableName: step.table, Key: step.key });
    }
  };

  const transactGet = async (headers: Record<string, string>, input: Json) => {
    const responses: Json[] = [];
    for (const action of (input.TransactItems ?? []) as Json[]) {
      const res = await call(headers, "GetItem", { ...action.Get, ConsistentRead: true });
      if (res.status !== 200) return res;
      responses.push(res.body.Item ? { Item: res.body.Item } : {});
    }
    return { status: 200, body: { Responses: responses } };
  };

  const reply = (res: ServerResponse, status: number, body: Json) => {
    const text = Buffer.from(JSON.stringify(body));
    res.writeHead(status, {
      "content-type": "application/x-amz-json-1.0",
      "content-length": text.length,
      "x-amzn-requestid": `FRONT${Date.now().toString(36).toUpperCase()}`,
      "x-amz-crc32": String(crc32(text) >>> 0),
    });
    res.end(text);
  };

  const handle = async (req: IncomingMessage, res: ServerResponse) => {
    const chunks: Buffer[] = [];
    for await (const c of req) chunks.push(c as Buffer);
    const raw = Buffer.concat(chunks);
    const headers: Record<string, string> = {};
    for (const [k, v] of Object.entries(req.headers)) if (typeof v === "string") headers[k] = v;
    const operation = (headers["x-amz-target"] ?? "").split(".")[1] ?? "";
    let input: Json | undefined;
    try {
      input = JSON.parse(raw.toString("utf8")) as Json;
    } catch {
      input = undefined;
    }
    const work = async () => {
      if (input && operation === "TransactWriteItems") return transactWrite(headers, input);
      if (input && operation === "TransactGetItems") return transactGet(headers, input);
      if (input && WRITES.has(operation) && input.ReturnValuesOnConditionCheckFailure !== undefined) return singleWithOldItem(headers, operation, input);
      return undefined;
    };
    const keys = input && WRITES.has(operation) ? await itemsWritten(headers, operation, input).catch(() => []) : [];
    const emulated = await withLocks(keys, work);
    if (emulated) return reply(res, emulated.status, emulated.body);
    const passthrough = await withLocks(keys, () => forward(headers, raw));
    if (input && passthrough.status === 200 && TABLE_CHANGES.has(operation)) await tableChangeDone(headers, operation, input.TableName);
    res.writeHead(passthrough.status, passthrough.headers);
    res.end(passthrough.body);
  };

  const server = createServer((req, res) => {
    handle(req, res).catch((err: unknown) => {
      if (!res.headersSent) reply(res, 500, { __type: "com.amazon.coral.service#InternalFailure", message: String(err) });
      else res.destroy();
    });
  });
  server.keepAliveTimeout = 5000;
  server.listen(0, "127.0.0.1");
  await once(server, "listening");
  const { port } = server.address() as AddressInfo;
  return {
    endpoint: `http://127.0.0.1:${port}`,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        agent.destroy();
        server.close(() => resolve());
      }),
  };
}
