// A Piscina worker of `lissnas search`: instantiates the main thread's compiled WASM module once, opens
// the job's oracle once, then runs trials.
import { workerData } from "piscina";
import { createCore } from "../spaces/kernels.js";
import { TrialRunner, type SearchJob, type TrialResult } from "./trialRunner.js";

interface SearchWorkerData {
  module: WebAssembly.Module;
  job: SearchJob;
}

const { module, job } = workerData as SearchWorkerData;
const runner = new TrialRunner(job, createCore(module));

export default function run(task: { trial: number }): Promise<TrialResult> {
  return runner.runTrial(task.trial);
}
