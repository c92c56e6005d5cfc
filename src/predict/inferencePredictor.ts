// A model behind an inference server that speaks the Open Inference Protocol (KServe v2 REST: NVIDIA
// Triton, KServe, Seldon MLServer, TorchServe): `--predictor http://HOST:PORT/v2/models/NAME`.
// The model's metadata (GET .../v2/models/NAME) says what it takes: FP32/FP64 feature rows (the space's
// default encoding, or --features) or BYTES (the architectures' text forms). Batches go out as POST
// .../infer, up to `inflight` at once, each retried with exponential backoff on 5xx/429 answers,
// dropped connections and timeouts; scores land at their batch's place whatever the completion order.
import { createHash } from "node:crypto";
import { LissnasError } from "../errors.js";
import { archText, type SearchSpace } from "../spaces/space.js";
import { defaultCore } from "../spaces/kernels.js";
import { defaultEncoding, encodeFeatures, getEncoding, type FeatureEncoding } from "./features.js";
import { checkedTimeout } from "./commandPredictor.js";
import { truncated } from "./scorerProtocol.js";
import { DEFAULT_OUTSIDE_BATCH_SIZE, assertFiniteScores, assertGenomes, checkedBatchSize, type Predictor, type PredictorOptions } from "./contract.js";

export const DEFAULT_INFLIGHT = 1;
export const DEFAULT_RETRIES = 4;
/** First backoff before a retry, doubled each attempt up to BACKOFF_CAP_MS (jittered by up to half). */
const BACKOFF_BASE_MS = 100;
const BACKOFF_CAP_MS = 5000;
const FEATURE_DATATYPES = ["FP32", "FP64"];

export interface TensorMetadata {
  name: string;
  datatype: string;
  shape: number[];
}

/** What the predictor sends: feature rows of an encoding, or architecture texts. */
type InputKind = { kind: "features"; encoding: FeatureEncoding; datatype: string } | { kind: "text" };

/** Splits a model URL: `http(s)://HOST[:PORT][/PREFIX]/v2/models/NAME[/versions/V]`. */
export function parseModelUrl(spec: string): { modelUrl: string; name: string; version?: string } {
  const match = /^(https?:\/\/[^/?#]+(?:\/[^?#]*)?\/v2\/models\/([^/?#]+)(?:\/versions\/([^/?#]+))?)\/?$/i.exec(spec);
  if (match === null) {
    throw new LissnasError("E_OPTION", `an inference server model is written http(s)://HOST:PORT/v2/models/NAME[/versions/V]; found "${spec}"`,
      { field: "predictor" });
  }
  return { modelUrl: match[1], name: decodeURIComponent(match[2]), version: match[3] };
}

/** The one input and first output of a v2 model metadata answer, checked. */
export function readModelMetadata(body: unknown, url: string): { input: TensorMetadata; output: TensorMetadata; platform?: string } {
  const tensors = (field: "inputs" | "outputs"): TensorMetadata[] => {
    const list = (body as Record<string, unknown> | null)?.[field];
    if (!Array.isArray(list) || list.length === 0) {
      throw new LissnasError("E_PREDICTOR", `model metadata: expected a non-empty "${field}" list of {name, datatype, shape}; found ${truncated(JSON.stringify(body) ?? "")}`,
        { file: url });
    }
    return list.map((tensor, i) => {
      const t = tensor as Record<string, unknown>;
      if (typeof t?.name !== "string" || typeof t.datatype !== "string" || !Array.isArray(t.shape) || !t.shape.every((d) => Number.isInteger(d))) {
        throw new LissnasError("E_PREDICTOR", `model metadata: ${field}[${i}] must be {name, datatype, shape}; found ${truncated(JSON.stringify(tensor) ?? "")}`,
          { file: url });
      }
      return { name: t.name, datatype: t.datatype, shape: t.shape as number[] };
    });
  };
  const inputs = tensors("inputs");
  const outputs = tensors("outputs");
  if (inputs.length !== 1) {
    throw new LissnasError("E_PREDICTOR", `the model takes ${inputs.length} inputs (${inputs.map((t) => t.name).join(", ")}); expected one: feature rows or architecture texts`,
      { file: url });
  }
  const platform = (body as Record<string, unknown>).platform;
  return { input: inputs[0], output: outputs[0], platform: typeof platform === "string" ? platform : undefined };
}

export class InferencePredictor implements Predictor {
  readonly description: string;
  readonly digest: string;
  readonly input: TensorMetadata;
  readonly output: TensorMetadata;
  private readonly inferUrl: string;
  private readonly space: SearchSpace;
  private readonly inputKind: InputKind;
  private readonly client: RetryingClient;
  private readonly batchSize: number;
  private readonly inflight: number;
  private readonly deadlineMs: number | undefined;

  constructor(modelUrl: string, metadata: { input: TensorMetadata; output: TensorMetadata }, metadataText: string, inputKind: InputKind,
    space: SearchSpace, client: RetryingClient, batchSize: number, inflight: number, deadlineMs: number | undefined) {
    this.description = `v2:${modelUrl} (${inputKind.kind === "text" ? "BYTES: architecture texts" : inputKind.encoding.name})`;
    this.digest = createHash("sha256").update(`v2:${modelUrl}\0${metadataText}\0${inputKind.kind === "text" ? "text" : inputKind.encoding.name}`).digest("hex");
    this.inferUrl = `${modelUrl}/infer`;
    this.input = metadata.input;
    this.output = metadata.output;
    this.inputKind = inputKind;
    this.space = space;
    this.client = client;
    this.batchSize = batchSize;
    this.inflight = inflight;
    this.deadlineMs = deadlineMs;
  }

  async predict(genomes: Uint8Array): Promise<Float32Array> {
    const length = this.space.genomeLength;
    const count = assertGenomes(genomes, this.space);
    const out = new Float32Array(count);
    const batches = Math.ceil(count / this.batchSize);
    const stop = new AbortController();
    const deadline = this.deadlineMs !== undefined ? setTimeout(() => stop.abort(new DeadlineExceeded(this.deadlineMs!)), this.deadlineMs) : undefined;
    let next = 0;
    // `inflight` lanes each take the next batch when their last one is answered; scores go to the batch's place.
    const lane = async (): Promise<void> => {
      while (next < batches && !stop.signal.aborted) {
        const b = next++;
        const start = b * this.batchSize;
        const n = Math.min(this.batchSize, count - start);
        const batch = genomes.subarray(start * length, (start + n) * length);
        const scores = await this.infer(b, batch, n, stop.signal);
        assertFiniteScores(scores, batch, this.space, `${this.inferUrl}: batch ${b}`);
        out.set(scores, start);
      }
    };
    try {
      const lanes = Array.from({ length: Math.min(this.inflight, batches) }, () => lane().catch((error) => {
        stop.abort(error);
        throw error;
      }));
      const results = await Promise.allSettled(lanes);
      if (stop.signal.aborted) throw this.failure(stop.signal.reason);
      const failed = results.find((r) => r.status === "rejected");
      if (failed !== undefined) throw this.failure((failed as PromiseRejectedResult).reason);
    } finally {
      clearTimeout(deadline);
    }
    return out;
  }

  private failure(reason: unknown): LissnasError {
    if (reason instanceof DeadlineExceeded) {
      return new LissnasError("E_PREDICTOR", `deadline exceeded: the batches of one call were not all answered within ${reason.ms / 1000} s (raise it with --scorer-deadline)`,
        { file: this.inferUrl });
    }
    return reason instanceof LissnasError ? reason : new LissnasError("E_PREDICTOR", String((reason as Error)?.message ?? reason), { file: this.inferUrl });
  }

  private async infer(batch: number, genomes: Uint8Array, count: number, signal: AbortSignal): Promise<Float32Array> {
    let tensor: string;
    if (this.inputKind.kind === "features") {
      const rows = encodeFeatures(this.inputKind.encoding, genomes, defaultCore());
      const width = this.inputKind.encoding.width;
      tensor = `{"name":${JSON.stringify(this.input.name)},"shape":[${count},${width}],"datatype":"${this.inputKind.datatype}","data":[${rows.join(",")}]}`;
    } else {
      const length = this.space.genomeLength;
      const texts: string[] = new Array(count);
      for (let i = 0; i < count; i++) texts[i] = archText(this.space.format(genomes.subarray(i * length, (i + 1) * length)));
      const shape = this.input.shape.length >= 2 ? [count, 1] : [count];
      tensor = `{"name":${JSON.stringify(this.input.name)},"shape":${JSON.stringify(shape)},"datatype":"BYTES","data":${JSON.stringify(texts)}}`;
    }
    const body = `{"id":"${batch}","inputs":[${tensor}],"outputs":[{"name":${JSON.stringify(this.output.name)}}]}`;
    const answer = await this.client.request("POST", this.inferUrl, body, signal, `batch ${batch}`);
    return this.scoresOf(answer, batch, count);
  }

  private scoresOf(answer: unknown, batch: number, count: number): Float32Array {
    const where = `batch ${batch}`;
    const outputs = (answer as Record<string, unknown> | null)?.outputs;
    const output = Array.isArray(outputs) ? (outputs.find((o) => (o as Record<string, unknown>)?.name === this.output.name) ?? (outputs.length === 1 ? outputs[0] : undefined)) : undefined;
    const data = (output as Record<string, unknown> | undefined)?.data;
    if (!Array.isArray(data)) {
      throw new LissnasError("E_PREDICTOR", `${where}: expected {"outputs": [{"name": "${this.output.name}", "data": [...]}]}; the server said ${truncated(JSON.stringify(answer) ?? "")}`,
        { file: this.inferUrl });
    }
    // The protocol sends tensors flattened row-major; some servers nest them by shape.
    const flat = data.flat(Infinity) as unknown[];
    if (flat.length !== count) {
      throw new LissnasError("E_PREDICTOR", `${where}: output "${this.output.name}" has ${flat.length} values for ${count} architectures; expected one per architecture`,
        { file: this.inferUrl });
    }
    const scores = new Float32Array(count);
    for (let i = 0; i < count; i++) {
      const value = flat[i];
      if (typeof value !== "number") {
        throw new LissnasError("E_PREDICTOR", `${where}: value ${i} of output "${this.output.name}" is ${truncated(JSON.stringify(value) ?? String(value), 60)}; expected a number`,
          { file: this.inferUrl });
      }
      scores[i] = value;
    }
    return scores;
  }
}

class DeadlineExceeded extends Error {
  readonly ms: number;
  constructor(ms: number) {
    super(`deadline of ${ms / 1000} s exceeded`);
    this.ms = ms;
  }
}

/** JSON over HTTP with a timeout per attempt and bounded retries with exponential backoff. */
export class RetryingClient {
  constructor(readonly timeoutMs: number, readonly retries: number) {}

  async request(method: "GET" | "POST", url: string, body: string | undefined, signal: AbortSignal, what: string): Promise<unknown> {
    let lastProblem = "";
    for (let attempt = 0; attempt <= this.retries; attempt++) {
      if (attempt > 0) await sleep(backoffMs(attempt), signal);
      if (signal.aborted) throw signal.reason;
      const attemptSignal = AbortSignal.any([signal, AbortSignal.timeout(this.timeoutMs)]);
      let response: Response;
      let text: string;
      try {
        response = await fetch(url, { method, body, signal: attemptSignal, headers: body !== undefined ? { "content-type": "application/json" } : {} });
        text = await response.text();
      } catch (error) {
        if (signal.aborted) throw signal.reason;
        lastProblem = attemptSignal.aborted ? `no answer within ${this.timeoutMs / 1000} s` : `connection failed (${connectionProblem(error)})`;
        continue;
      }
      if (response.status >= 500 || response.status === 429) {
        lastProblem = `HTTP ${response.status} ${response.statusText}: ${truncated(text)}`;
        continue;
      }
      if (response.status < 200 || response.status >= 300) {
        throw new LissnasError("E_PREDICTOR", `${what}: ${method} ${url} answered HTTP ${response.status} ${response.statusText}: ${truncated(text, 500)}`, { file: url });
      }
      try {
        return JSON.parse(text);
      } catch {
        throw new LissnasError("E_PREDICTOR", `${what}: ${method} ${url} answered something that is not JSON: ${truncated(text)}`, { file: url });
      }
    }
    throw new LissnasError("E_PREDICTOR", `${what}: ${method} ${url} failed after ${this.retries + 1} attempts; last: ${lastProblem}`, { file: url });
  }
}

function connectionProblem(error: unknown): string {
  const cause = (error as { cause?: { code?: string; message?: string } }).cause;
  return cause?.code ?? cause?.message ?? (error as Error).message;
}

function backoffMs(attempt: number): number {
  const ceiling = Math.min(BACKOFF_CAP_MS, BACKOFF_BASE_MS * 2 ** (attempt - 1));
  // Jitter spreads the retries of parallel requests; it moves timing only, never a score.
  return ceiling / 2 + Math.random() * (ceiling / 2);
}

function sleep(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal.aborted) return reject(signal.reason);
    const timer = setTimeout(() => {
      signal.removeEventListener("abort", onAbort);
      resolve();
    }, ms);
    const onAbort = () => {
      clearTimeout(timer);
      reject(signal.reason);
    };
    signal.addEventListener("abort", onAbort, { once: true });
  });
}

function checkedCount(value: number | undefined, fallback: number, field: string, min: number, max: number): number {
  const result = value ?? fallback;
  if (!Number.isInteger(result) || result < min || result > max) {
    throw new LissnasError("E_OPTION", `${field} must be an integer in ${min}..${max}; found ${result}`, { field });
  }
  return result;
}

/** Reads the model's metadata and returns its predictor; a LissnasError when the server or model does not fit. */
export async function openInferencePredictor(spec: string, space: SearchSpace, options: PredictorOptions = {}): Promise<InferencePredictor> {
  const { modelUrl } = parseModelUrl(spec);
  const batchSize = checkedBatchSize(options.batchSize, DEFAULT_OUTSIDE_BATCH_SIZE);
  const inflight = checkedCount(options.inflight, DEFAULT_INFLIGHT, "inflight", 1, 1024);
  const retries = checkedCount(options.retries, DEFAULT_RETRIES, "retries", 0, 100);
  const timeoutMs = checkedTimeout(options.timeoutSeconds) * 1000;
  const deadlineMs = options.deadlineSeconds !== undefined ? checkedTimeout(options.deadlineSeconds, "deadlineSeconds") * 1000 : undefined;
  const client = new RetryingClient(timeoutMs, retries);
  const stop = new AbortController();
  const deadline = deadlineMs !== undefined ? setTimeout(() => stop.abort(new DeadlineExceeded(deadlineMs)), deadlineMs) : undefined;
  let body: unknown;
  try {
    body = await client.request("GET", modelUrl, undefined, stop.signal, "model metadata");
  } catch (error) {
    if (error instanceof DeadlineExceeded) {
      throw new LissnasError("E_PREDICTOR", `deadline exceeded: no model metadata within ${deadlineMs! / 1000} s`, { file: modelUrl });
    }
    throw error;
  } finally {
    clearTimeout(deadline);
  }
  const metadata = readModelMetadata(body, modelUrl);
  const { input } = metadata;
  let inputKind: InputKind;
  if (input.datatype === "BYTES") {
    if (options.features !== undefined) {
      throw new LissnasError("E_OPTION", `--features does not apply: model input "${input.name}" takes BYTES (architecture texts)`, { field: "features" });
    }
    inputKind = { kind: "text" };
  } else if (FEATURE_DATATYPES.includes(input.datatype)) {
    const encoding = options.features !== undefined ? getEncoding(options.features, space) : defaultEncoding(space);
    const width = input.shape.length >= 2 ? input.shape[input.shape.length - 1] : undefined;
    if (input.shape.length < 2 || (width !== -1 && width !== encoding.width)) {
      throw new LissnasError("E_PREDICTOR",
        `model input "${input.name}" has shape [${input.shape.join(", ")}]; encoding ${encoding.name} sends [N, ${encoding.width}]` +
        (options.features === undefined ? " (pass --features to choose another encoding)" : ""), { file: modelUrl });
    }
    inputKind = { kind: "features", encoding, datatype: input.datatype };
  } else {
    throw new LissnasError("E_PREDICTOR", `model input "${input.name}" takes ${input.datatype}; expected FP32 or FP64 feature rows, or BYTES architecture texts`,
      { file: modelUrl });
  }
  return new InferencePredictor(modelUrl, metadata, JSON.stringify(body), inputKind, space, client, batchSize, inflight, deadlineMs);
}
