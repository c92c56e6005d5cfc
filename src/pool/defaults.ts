// The process-wide default worker count: set once by a command's --workers, read by every run that
// was not given its own (e.g. the LISSNAS runs inside `evaluate`).
import { checkWorkerCount } from "./kernelPool.js";

let workers = 1;

export function setDefaultWorkers(count: number): void {
  workers = checkWorkerCount(count);
}

export function defaultWorkers(): number {
  return workers;
}
