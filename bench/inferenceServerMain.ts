// The test v2 server (test/helpers/inferenceServer.ts) in a process of its own, so a bench measures a
// client and a server that do not share one event loop: prints its model URL, serves until killed.
// Usage: node dist/bench/inferenceServerMain.js MODEL.onnx WIDTH
import { startInferenceServer } from "../test/helpers/inferenceServer.js";

const [modelFile, width] = process.argv.slice(2);
const server = await startInferenceServer({ modelFile, width: Number(width) });
process.stdout.write(server.modelUrl + "\n");
process.on("SIGTERM", () => void server.close().then(() => process.exit(0)));
