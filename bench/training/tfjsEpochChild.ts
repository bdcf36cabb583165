/**
 * Contender: one LSTM epoch (the project's createLstm, default units/batch) on a TF.js backend, in steady state:
 * the model trains two epochs and the second is timed. A fresh process's first epoch costs about 1.45x a later
 * one (V8's JIT and TF.js' kernel caches warming up; measured in docs/benchmarks.md), which is start-up, not
 * training speed, and the PyTorch peer times its second epoch too.
 * Usage: tfjsEpochChild.ts <sequence.txt> <wasm|cpu> [maxBatches]. With maxBatches, only that many batches run
 * per epoch and the epoch time is extrapolated (the result says so). Prints {seconds, cpuSeconds, windows, ...}.
 */
import {createLstm} from "../../src/lib/learn/lstm.js";
import {setupTfBackend, type BackendName} from "../../src/node/tfBackend.js";
import {sequenceWindows} from "./sequence.js";

const [path, backendArg, maxBatchesArg] = process.argv.slice(2);
const backend = await setupTfBackend(backendArg as BackendName);
if (backend !== backendArg) throw new Error(`backend ${backendArg} unavailable`);
const {size, windows} = sequenceWindows(path, 2);
// validationFraction 0: every window trains, as in the PyTorch peer; patience above the epochs: no early stop.
const model = createLstm(size, {window: 2, epochs: 2, validationFraction: 0, patience: 3, seed: 1});
const {units, batchSize} = model.options;
const total = windows.targets.length;
const totalBatches = Math.ceil(total / batchSize);
const batches = maxBatchesArg ? Math.min(totalBatches, Number(maxBatchesArg)) : totalBatches;
const count = Math.min(total, batches * batchSize);
const subset = {contexts: windows.contexts.slice(0, count), targets: windows.targets.slice(0, count)};
// CPU time of this (single-threaded) process per epoch: on a shared machine wall time counts other jobs' slices.
const cpu: number[] = [];
let cpuStarted = process.cpuUsage();
const {history} = await model.fitWindows(subset, {
  onEpochEnd: () => {
    const used = process.cpuUsage(cpuStarted);
    cpu.push((used.user + used.system) / 1e6);
    cpuStarted = process.cpuUsage();
  }
});
const scale = totalBatches / batches;
console.log(
  JSON.stringify({
    backend,
    size,
    units,
    batchSize,
    windows: total,
    batches,
    totalBatches,
    extrapolated: batches < totalBatches,
    firstEpochSeconds: history[0].seconds * scale,
    measuredSeconds: history[1].seconds,
    seconds: history[1].seconds * scale,
    cpuSeconds: cpu[1] * scale,
    loss: history[1].loss
  })
);
