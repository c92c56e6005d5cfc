// A protocol-conformant Open Inference Protocol (KServe v2 REST) server for tests and benches: node:http
// on 127.0.0.1 with onnxruntime-node running an ONNX model behind it. Faults are injected per request:
// delays (so answers complete out of order), 503 answers, dropped connections.
import http from "node:http";
import type { AddressInfo } from "node:net";
import ort from "onnxruntime-node";
import type { SearchSpace } from "../../src/spaces/space.js";
import { encodeFeatures, type FeatureEncoding } from "../../src/predict/features.js";

export type Fault = "503" | "drop" | "400" | undefined;

export interface ServerOptions {
  modelFile: string;
  /** Model name in the URL (default "lissnas"). */
  name?: string;
  /** Feature width the metadata announces (-1: symbolic). */
  width: number;
  /** The model takes BYTES (architecture texts): the server parses and encodes them itself. */
  bytesInput?: { space: SearchSpace; encoding: FeatureEncoding };
  /** Milliseconds before answering infer request number `n` (0-based, in arrival order). */
  delayMs?: (n: number) => number;
  /** A fault for infer request number `n`, instead of an answer. */
  fault?: (n: number) => Fault;
  /** Override of the metadata answer (to test how clients read it). */
  metadata?: unknown;
}

export interface RunningServer {
  /** http://127.0.0.1:PORT/v2/models/NAME */
  modelUrl: string;
  /** Infer requests received, and rows scored. */
  stats: { inferRequests: number; rows: number; faults: number; maxConcurrent: number };
  close(): Promise<void>;
}

export async function startInferenceServer(options: ServerOptions): Promise<RunningServer> {
  const session = await ort.InferenceSession.create(options.modelFile, { intraOpNumThreads: 1, interOpNumThreads: 1 });
  const inputName = session.inputNames[0];
  const outputName = session.outputNames[0];
  const name = options.name ?? "lissnas";
  const stats = { inferRequests: 0, rows: 0, faults: 0, maxConcurrent: 0 };
  let concurrent = 0;
  const metadata = options.metadata ?? {
    name, versions: ["1"], platform: "onnxruntime_onnx",
    inputs: options.bytesInput !== undefined
      ? [{ name: "arch", datatype: "BYTES", shape: [-1] }]
      : [{ name: inputName, datatype: "FP32", shape: [-1, options.width] }],
    outputs: [{ name: outputName, datatype: "FP32", shape: [-1, 1] }],
  };
  const send = (res: http.ServerResponse, status: number, body: unknown) => {
    const text = JSON.stringify(body);
    res.writeHead(status, { "content-type": "application/json", "content-length": Buffer.byteLength(text) });
    res.end(text);
  };
  // Handlers still waiting out a delay when the server closes must not reach the released session.
  let closed = false;
  const handlers = new Set<Promise<void>>();
  const server = http.createServer((req, res) => {
    const handler = handle(req, res).catch((error: unknown) => {
      if (!closed && !res.headersSent) send(res, 500, { error: String(error) });
    }).finally(() => handlers.delete(handler));
    handlers.add(handler);
  });
  async function handle(req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const base = `/v2/models/${name}`;
    if (req.method === "GET" && req.url === base) return send(res, 200, metadata);
    if (req.method !== "POST" || req.url !== `${base}/infer`) return send(res, 404, { error: `no route ${req.method} ${req.url}` });
    const n = stats.inferRequests++;
    concurrent++;
    stats.maxConcurrent = Math.max(stats.maxConcurrent, concurrent);
    try {
      const delay = options.delayMs?.(n) ?? 0;
      if (delay > 0) await new Promise((resolve) => setTimeout(resolve, delay));
      if (closed) return void req.socket.destroy();
      const fault = options.fault?.(n);
      if (fault !== undefined) stats.faults++;
      if (fault === "drop") return void req.socket.destroy();
      if (fault === "503") return send(res, 503, { error: "model is loading" });
      if (fault === "400") return send(res, 400, { error: "unexpected input shape" });
      const request = JSON.parse(Buffer.concat(chunks).toString("utf8"));
      const input = request.inputs[0];
      let rows: Float32Array;
      let count: number;
      if (options.bytesInput !== undefined) {
        const { space, encoding } = options.bytesInput;
        count = input.data.length;
        const genomes = new Uint8Array(count * space.genomeLength);
        (input.data as string[]).forEach((text, i) => genomes.set(space.parse(text), i * space.genomeLength));
        rows = encodeFeatures(encoding, genomes);
      } else {
        if (input.datatype !== "FP32" || input.shape.length !== 2) return send(res, 400, { error: `expected FP32 [N, W]; found ${input.datatype} ${input.shape}` });
        count = input.shape[0];
        rows = Float32Array.from(input.data as number[]);
      }
      const width = rows.length / Math.max(count, 1);
      const result = await session.run({ [inputName]: new ort.Tensor("float32", rows, [count, width]) }, [outputName]);
      const data = Array.from((result[outputName] as ort.Tensor).data as Float32Array);
      stats.rows += count;
      send(res, 200, { model_name: name, model_version: "1", id: request.id, outputs: [{ name: outputName, datatype: "FP32", shape: [count, 1], data }] });
    } finally {
      concurrent--;
    }
  }
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const port = (server.address() as AddressInfo).port;
  return {
    modelUrl: `http://127.0.0.1:${port}/v2/models/${name}`,
    stats,
    async close() {
      closed = true;
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await Promise.allSettled([...handlers]);
      await session.release();
    },
  };
}
