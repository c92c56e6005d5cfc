// A NATS server with JetStream for the distributed tests: the one named by LISSNAS_NATS_URL (CI starts
// it), else a private nats-server on a free loopback port. Without a server the tests skip, except
// under CI=true, where a missing server is a failure.
import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import { mkdtempSync, rmSync, existsSync } from "node:fs";
import { createServer, connect as tcpConnect } from "node:net";
import { tmpdir } from "node:os";
import path from "node:path";
import type { TestContext } from "node:test";

export interface NatsServer {
  url: string;
  /** Stops a server this helper started (SIGKILL: no goodbye to clients); a no-op for LISSNAS_NATS_URL. */
  kill(): Promise<void>;
}

export function natsServerBinary(): string | undefined {
  for (const candidate of ["/usr/sbin/nats-server", "/usr/bin/nats-server", "/usr/local/bin/nats-server"]) if (existsSync(candidate)) return candidate;
  const which = spawnSync("sh", ["-c", "command -v nats-server"], { encoding: "utf8" });
  return which.status === 0 && which.stdout.trim() !== "" ? which.stdout.trim() : undefined;
}

export async function freePort(host = "127.0.0.1"): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.on("error", reject);
    server.listen(0, host, () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

async function waitForPort(host: string, port: number, child: ChildProcess, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`nats-server exited with ${child.exitCode} before listening on ${host}:${port}`);
    const open = await new Promise<boolean>((resolve) => {
      const socket = tcpConnect(port, host, () => { socket.destroy(); resolve(true); });
      socket.on("error", () => resolve(false));
    });
    if (open) return;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  throw new Error(`nats-server did not listen on ${host}:${port} within ${timeoutMs} ms`);
}

/** Starts a private nats-server with JetStream on `host` (default loopback) and a free port (or `port`); undefined when the binary is missing. */
export async function startNatsServer(host = "127.0.0.1", port?: number): Promise<NatsServer | undefined> {
  const binary = natsServerBinary();
  if (binary === undefined) return undefined;
  port ??= await freePort(host === "0.0.0.0" ? "127.0.0.1" : host);
  const store = mkdtempSync(path.join(tmpdir(), "lissnas-nats-"));
  const child = spawn(binary, ["-js", "-a", host, "-p", String(port), "-sd", store], { stdio: "ignore" });
  const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
  try {
    await waitForPort(host === "0.0.0.0" ? "127.0.0.1" : host, port, child);
  } catch (error) {
    child.kill("SIGKILL");
    rmSync(store, { recursive: true, force: true });
    throw error;
  }
  return {
    url: `nats://${host === "0.0.0.0" ? "127.0.0.1" : host}:${port}`,
    async kill() {
      if (child.exitCode === null) child.kill("SIGKILL");
      await exited;
      rmSync(store, { recursive: true, force: true });
    },
  };
}

/** LISSNAS_NATS_URL's server, else a private one; skips the test (fails under CI=true) when there is none. */
export async function natsServerFor(t: TestContext): Promise<NatsServer | undefined> {
  const given = process.env.LISSNAS_NATS_URL;
  if (given !== undefined && given !== "") return { url: given, kill: async () => undefined };
  const started = await startNatsServer();
  if (started !== undefined) return started;
  const why = "no NATS server: set LISSNAS_NATS_URL or install nats-server (apt-get install nats-server)";
  if (process.env.CI === "true") throw new Error(`${why}; CI must run the distributed tests`);
  t.skip(why);
  return undefined;
}
