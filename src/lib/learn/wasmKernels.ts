/**
 * Two fixes to TF.js 4.22's WebAssembly backend that training needs, installed once by useTrainingKernels():
 * - BatchMatMul with a transposed operand runs a naive loop in the wasm binary (1-2 GFLOP/s against XNNPACK's
 *   10-14 for the same product untransposed, measured on [128x64]·[64x256]), and every weight gradient of a
 *   Dense or recurrent layer is such a product (x^T · dy). The replacement kernel transposes the operand with the
 *   wasm Transpose kernel first and multiplies untransposed: same result, about half the LSTM's epoch time.
 * - UnsortedSegmentSum is missing, and it is the gradient of gather, so an Embedding layer cannot train on wasm.
 *   The kernel added here sums rows in JavaScript (an embedding gradient is a few thousand additions per batch).
 * Host-neutral: it only talks to TF.js's kernel registry, so Node and the pages get the same fixes.
 * @example useTrainingKernels(); // then train as usual on the wasm backend
 */
import * as tf from "@tensorflow/tfjs";

/** The parts of tfjs-backend-wasm's BackendWasm that the kernels use. */
interface WasmBackend {
  readSync(dataId: object): ArrayLike<number>;
  makeOutput(shape: number[], dtype: tf.DataType): tf.TensorInfo;
  typedArrayFromHeap(info: tf.TensorInfo): Float32Array | Int32Array | Uint8Array;
  disposeData(dataId: object): boolean;
}

type KernelArgs = {inputs: Record<string, tf.TensorInfo>; backend: unknown; attrs?: Record<string, unknown>};

const PATCHED = Symbol.for("perfspec.transposeFreeMatMul");

/**
 * Install the wasm training kernels (idempotent; a no-op where tfjs-backend-wasm is not loaded).
 * Returns whether the wasm kernels are in place.
 */
export function useTrainingKernels(): boolean {
  const matMul = tf.getKernel("BatchMatMul", "wasm");
  const transpose = tf.getKernel("Transpose", "wasm");
  if (!matMul || !transpose) return false;
  if (!(matMul as unknown as Record<symbol, boolean>)[PATCHED]) {
    tf.unregisterKernel("BatchMatMul", "wasm");
    const config: tf.KernelConfig = {
      kernelName: "BatchMatMul",
      backendName: "wasm",
      setupFunc: matMul.setupFunc,
      kernelFunc: (args) => transposeFreeMatMul(args as KernelArgs, matMul.kernelFunc, transpose.kernelFunc)
    };
    (config as unknown as Record<symbol, boolean>)[PATCHED] = true;
    tf.registerKernel(config);
  }
  if (!tf.getKernel("UnsortedSegmentSum", "wasm")) {
    tf.registerKernel({
      kernelName: "UnsortedSegmentSum",
      backendName: "wasm",
      kernelFunc: (args) => unsortedSegmentSum(args as KernelArgs)
    });
  }
  return true;
}

function transposeFreeMatMul(
  args: KernelArgs,
  matMul: tf.KernelFunc,
  transpose: tf.KernelFunc
): tf.TensorInfo | tf.TensorInfo[] {
  const {inputs, backend, attrs = {}} = args;
  const {transposeA, transposeB} = attrs as {transposeA: boolean; transposeB: boolean};
  if (!transposeA && !transposeB) return matMul(args as Parameters<tf.KernelFunc>[0]);
  const swapLast = (x: tf.TensorInfo): tf.TensorInfo => {
    const perm = x.shape.map((_, i) => i);
    const r = perm.length;
    [perm[r - 2], perm[r - 1]] = [perm[r - 1], perm[r - 2]];
    return transpose({inputs: {x}, backend, attrs: {perm}} as Parameters<tf.KernelFunc>[0]) as tf.TensorInfo;
  };
  const a = transposeA ? swapLast(inputs.a) : inputs.a;
  const b = transposeB ? swapLast(inputs.b) : inputs.b;
  try {
    return matMul({
      inputs: {a, b},
      backend,
      attrs: {...attrs, transposeA: false, transposeB: false}
    } as Parameters<tf.KernelFunc>[0]);
  } finally {
    const wasm = backend as WasmBackend;
    if (transposeA) wasm.disposeData(a.dataId);
    if (transposeB) wasm.disposeData(b.dataId);
  }
}

/** out[segmentIds[i], ...] += x[i, ...]; ids outside [0, numSegments) are dropped, as in TensorFlow. */
function unsortedSegmentSum({inputs, backend, attrs = {}}: KernelArgs): tf.TensorInfo {
  const wasm = backend as WasmBackend;
  const {x, segmentIds} = inputs;
  const numSegments = attrs.numSegments as number;
  const rows = segmentIds.shape.reduce((a, b) => a * b, 1);
  const innerShape = x.shape.slice(segmentIds.shape.length);
  const inner = innerShape.reduce((a, b) => a * b, 1);
  const values = wasm.readSync(x.dataId);
  const ids = wasm.readSync(segmentIds.dataId);
  const out = wasm.makeOutput([numSegments, ...innerShape], x.dtype);
  const sums = wasm.typedArrayFromHeap(out);
  sums.fill(0);
  for (let i = 0; i < rows; i++) {
    const id = ids[i];
    if (id < 0 || id >= numSegments) continue;
    for (let k = 0, from = i * inner, to = id * inner; k < inner; k++) sums[to + k] += values[from + k];
  }
  return out;
}
