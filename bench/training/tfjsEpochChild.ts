/**
 * Contender: one LSTM epoch (the project's createLstm, default units/batch) on a TF.js backend.
 * Usage: tfjsEpochChild.ts <sequence.txt> <wasm|cpu> [maxBatches]. With maxBatches, only that many batches run
 * and the epoch time is extrapolated (the result says so). Prints {seconds, windows, batches, extrapolated, ...}.
 */
import {createLstm} from "../../src/lib/learn/lstm.js";
import {setupTfBackend, type BackendName} from "../../src/node/tfBackend.js";
import {sequenceWindows} from "./sequence.js";

const [path, backendArg, maxBatchesArg] = process.argv.slice(2);
const backend = await setupTfBackend(backendArg as BackendName);
if (backend !== backendArg) throw new Error(`backend ${backendArg} unavailable`);
const {size, windows} = sequenceWindows(path, 2);
// validationFraction 0: every window trains, as in the PyTorch peer.
const model = createLstm(size, {window: 2, epochs: 1, validationFraction: 0, seed: 1});
const {units, batchSize} = model.options;
const total = windows.targets.length;
const totalBatches = Math.ceil(total / batchSize);
const batches = maxBatchesArg ? Math.min(totalBatches, Number(maxBatchesArg)) : totalBatches;
const count = Math.min(total, batches * batchSize);
const subset = {contexts: windows.contexts.slice(0, count), targets: windows.targets.slice(0, count)};
// Warm-up (kernel compilation, wasm start) is not part of the epoch: one batch on a throw-away model.
const warm = createLstm(size, {window: 2, epochs: 1, validationFraction: 0, seed: 2});
await warm.fitWindows({contexts: subset.contexts.slice(0, batchSize), targets: subset.targets.slice(0, batchSize)});
warm.dispose();
const cpuStarted = process.cpuUsage();
const {history, seconds} = await model.fitWindows(subset);
const cpu = process.cpuUsage(cpuStarted);
const epochSeconds = (seconds * totalBatches) / batches;
// CPU time of this (single-threaded) process: on a shared machine wall time counts other jobs' time slices too.
const cpuSeconds = (((cpu.user + cpu.system) / 1e6) * totalBatches) / batches;
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
    measuredSeconds: seconds,
    seconds: epochSeconds,
    cpuSeconds,
    loss: history[0]?.loss
  })
);
