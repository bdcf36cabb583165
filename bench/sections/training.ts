/**
 * Training: one LSTM epoch (the second of a run, in steady state) on the de-duplicated PerfSPEC sequence, TF.js wasm
 * against PyTorch (CPU) and TF.js cpu, in wall time and in CPU time.
 */
import {DEDUP_SEQUENCE} from "../inputs.js";
import {runChild, runNodeChild} from "../measure.js";
import {fmt, type Row} from "../goals.js";
import {PYTHON} from "../peers.js";

export interface TrainingContender {
  name: string;
  /** Seconds for one epoch (extrapolated from `batches` when `extrapolated`). */
  seconds: number;
  batches?: number;
  totalBatches?: number;
  extrapolated: boolean;
  peakRssMiB: number;
  threads?: number;
}

type TfResult = {
  seconds: number;
  cpuSeconds: number;
  batches: number;
  totalBatches: number;
  extrapolated: boolean;
  units: number;
  batchSize: number;
  windows: number;
  size: number;
};
type TorchResult = {seconds: number; cpuSeconds: number; threads: number; windows: number};

export async function benchTraining(options: {quick: boolean; log: (s: string) => void}) {
  const wasm = await runNodeChild<TfResult>("bench/training/tfjsEpochChild.ts", [
    DEDUP_SEQUENCE,
    "wasm",
    ...(options.quick ? ["30"] : [])
  ]);
  const {units, batchSize, windows, size} = wasm.result;
  options.log(
    `training: TF.js wasm ${fmt.s(wasm.result.seconds)} per epoch (${windows} windows, units ${units}, batch ${batchSize})`
  );
  // The cpu backend is ~5x slower: a fixed number of batches, extrapolated to the epoch.
  const cpu = await runNodeChild<TfResult>("bench/training/tfjsEpochChild.ts", [
    DEDUP_SEQUENCE,
    "cpu",
    options.quick ? "10" : "20"
  ]);
  options.log(
    `training: TF.js cpu ${fmt.s(cpu.result.seconds)} per epoch (extrapolated from ${cpu.result.batches} batches)`
  );
  const torchArgs = ["bench/peers/train_torch.py", DEDUP_SEQUENCE, "2", String(units), "32", String(batchSize)];
  const torch = await runChild<TorchResult>(PYTHON, torchArgs);
  const torch1 = await runChild<TorchResult>(PYTHON, [...torchArgs, "1"]);
  options.log(
    `training: PyTorch ${fmt.s(torch.result.seconds)} (${torch.result.threads} threads), ${fmt.s(torch1.result.seconds)} (1 thread)`
  );
  const contenders: TrainingContender[] = [
    {
      name: "TF.js wasm",
      seconds: wasm.result.seconds,
      batches: wasm.result.batches,
      totalBatches: wasm.result.totalBatches,
      extrapolated: wasm.result.extrapolated,
      peakRssMiB: wasm.peakRssMiB,
      threads: 1
    },
    {
      name: "TF.js cpu",
      seconds: cpu.result.seconds,
      batches: cpu.result.batches,
      totalBatches: cpu.result.totalBatches,
      extrapolated: cpu.result.extrapolated,
      peakRssMiB: cpu.peakRssMiB,
      threads: 1
    },
    {
      name: `PyTorch (default, ${torch.result.threads} thread${torch.result.threads === 1 ? "" : "s"})`,
      seconds: torch.result.seconds,
      extrapolated: false,
      peakRssMiB: torch.peakRssMiB,
      threads: torch.result.threads
    },
    {
      name: "PyTorch (1 thread)",
      seconds: torch1.result.seconds,
      extrapolated: false,
      peakRssMiB: torch1.peakRssMiB,
      threads: 1
    }
  ];
  const w = wasm.result.seconds;
  const note = wasm.result.extrapolated ? ` (wasm extrapolated from ${wasm.result.batches} batches)` : "";
  const rows: Row[] = [
    {
      section: "training",
      figure: `LSTM epoch: TF.js wasm vs ${contenders[2].name}`,
      ratio: torch.result.seconds / w,
      goal: 0.5,
      context: `${fmt.s(w)} vs ${fmt.s(torch.result.seconds)}, ${windows} windows, vocab ${size}${note}`
    },
    {
      section: "training",
      figure: "LSTM epoch: TF.js wasm vs PyTorch (1 thread)",
      ratio: torch1.result.seconds / w,
      context: `${fmt.s(w)} vs ${fmt.s(torch1.result.seconds)}`
    },
    {
      section: "training",
      figure: "LSTM epoch CPU time: TF.js wasm vs PyTorch (1 thread)",
      ratio: torch1.result.cpuSeconds / wasm.result.cpuSeconds,
      context: `${fmt.s(wasm.result.cpuSeconds)} vs ${fmt.s(torch1.result.cpuSeconds)} of CPU (not counting other jobs' time slices)`
    },
    {
      section: "training",
      figure: "LSTM epoch: TF.js wasm vs TF.js cpu",
      ratio: cpu.result.seconds / w,
      context: `${fmt.s(w)} vs ${fmt.s(cpu.result.seconds)} (cpu extrapolated from ${cpu.result.batches}/${cpu.result.totalBatches} batches)`
    }
  ];
  return {windows, units, batchSize, vocabulary: size, contenders, rows};
}
