/** Child processes the runner starts: the stub server, workers, timed one-shot scripts. */
import { spawn, type ChildProcess } from "node:child_process";
import { once } from "node:events";
import { join } from "node:path";
import { createInterface } from "node:readline";
import { OUT_DIR } from "./build.js";

/** A server running in its own process. */
export interface ServerProcess {
  /** `http://127.0.0.1:<port>` */
  readonly endpoint: string;
  close(): Promise<void>;
}

/**
 * Starts a compiled bench script that prints `listening <port>` when ready
 * (the stub server, dynalite) and stops when its stdin closes.
 */
export async function startServer(script: string, args: string[] = []): Promise<ServerProcess> {
  const child = spawn(process.execPath, [join(OUT_DIR, script), ...args], { stdio: ["pipe", "pipe", "inherit"] });
  const lines = createInterface({ input: child.stdout! });
  const port = await new Promise<number>((resolve, reject) => {
    child.once("exit", (code) => reject(new Error(`${script} exited with ${code} before listening`)));
    lines.once("line", (line) => {
      const match = /^listening (\d+)$/.exec(line);
      if (match) resolve(Number(match[1]));
      else reject(new Error(`${script}: unexpected output ${line}`));
    });
  });
  return {
    endpoint: `http://127.0.0.1:${port}`,
    close: async () => {
      if (child.exitCode !== null) return;
      const exited = once(child, "exit");
      child.stdin!.end();
      await exited;
    },
  };
}

/** Runs a compiled bench script with `env` added and returns each JSON line it printed. */
export async function runJsonLines<T>(script: string, env: Record<string, string>, nodeArgs: string[] = []): Promise<T[]> {
  const child = spawn(process.execPath, [...nodeArgs, join(OUT_DIR, script)], {
    env: { ...process.env, NODE_NO_WARNINGS: "1", ...env },
    stdio: ["ignore", "pipe", "pipe"],
  });
  const out: T[] = [];
  let stderr = "";
  child.stderr!.on("data", (chunk: Buffer) => (stderr += chunk.toString()));
  const lines = createInterface({ input: child.stdout! });
  lines.on("line", (line) => {
    if (line.startsWith("{")) out.push(JSON.parse(line) as T);
  });
  const [code] = (await once(child, "close")) as [number | null];
  if (code !== 0) throw new Error(`${script} exited with ${code}: ${stderr.trim().slice(-2000)}`);
  return out;
}

/**
 * Wall-clock milliseconds from spawning `node <file>` until it exits, which is
 * what a user waits for: node's own start, module loading, the script.
 */
export async function timeNode(file: string, env: Record<string, string> = {}): Promise<number> {
  const start = process.hrtime.bigint();
  const child: ChildProcess = spawn(process.execPath, [file], {
    env: { ...process.env, NODE_NO_WARNINGS: "1", ...env },
    stdio: ["ignore", "ignore", "pipe"],
  });
  let stderr = "";
  child.stderr!.on("data", (chunk: Buffer) => (stderr += chunk.toString()));
  const [code] = (await once(child, "exit")) as [number | null];
  const ms = Number(process.hrtime.bigint() - start) / 1e6;
  if (code !== 0) throw new Error(`${file} exited with ${code}: ${stderr.trim().slice(-2000)}`);
  return ms;
}
