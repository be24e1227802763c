/**
 * A fast `UnsortedSegmentSum` kernel for the wasm and CPU backends.
 *
 * The wasm backend has no such kernel, and the CPU backend's reference loops once over the whole input per
 * segment (O(segments × rows)). It is the gradient of an embedding lookup (`tf.gather`), so training an
 * embedding table of 100k rows needs a linear-time version: one pass over the rows, adding each into its segment.
 */
import type { KernelConfig, KernelFunc, TensorInfo } from '@tensorflow/tfjs';

/** Dense numeric data of a tensor, as the two backends hold it. */
type Numbers = Float32Array | Int32Array | Uint8Array;

/** What this kernel needs from a backend: read a tensor's values, make an output tensor. */
interface KernelBackend {
  readSync(dataId: object): unknown;
  makeTensorInfo?(shape: number[], dtype: string, values?: Numbers): TensorInfo;
  makeOutput?(shape: number[], dtype: string): TensorInfo;
  typedArrayFromHeap?(info: TensorInfo): Numbers;
}

/**
 * Sums the rows of `x` into `numSegments` rows by `segmentIds` (ids outside `[0, numSegments)` are dropped,
 * as the reference kernel does). `x` has shape `[...ids.shape, ...inner]`; the result `[numSegments, ...inner]`.
 * @example
 * segmentSumInto(new Float32Array([1, 2, 3, 4]), new Int32Array([1, 1]), 2, new Float32Array(4)); // [0, 0, 4, 6]
 */
export function segmentSumInto(x: ArrayLike<number>, segmentIds: ArrayLike<number>, inner: number, out: Numbers): void {
  out.fill(0);
  const numSegments = out.length / inner;
  for (let row = 0; row < segmentIds.length; row++) {
    const segment = segmentIds[row] ?? -1;
    if (segment < 0 || segment >= numSegments) continue;
    const from = row * inner;
    const to = segment * inner;
    for (let j = 0; j < inner; j++) out[to + j] = (out[to + j] ?? 0) + (x[from + j] ?? 0);
  }
}

function values(backend: KernelBackend, info: TensorInfo): Numbers {
  if (backend.typedArrayFromHeap) return backend.typedArrayFromHeap(info);
  return backend.readSync(info.dataId) as Numbers;
}

function checkIds(ids: Numbers, expected: number, info: TensorInfo): void {
  if (ids.length !== expected) {
    throw new Error(`UnsortedSegmentSum: ${ids.length} segment ids for shape [${info.shape}]`);
  }
}

const unsortedSegmentSum: KernelFunc = ({ inputs, backend, attrs }) => {
  const { x, segmentIds } = inputs as { x: TensorInfo; segmentIds: TensorInfo };
  const numSegments = Number((attrs as { numSegments: number }).numSegments);
  const kernelBackend = backend as unknown as KernelBackend;
  const idsSize = segmentIds.shape.reduce((a, b) => a * b, 1);
  const innerShape = x.shape.slice(segmentIds.shape.length);
  const inner = innerShape.reduce((a, b) => a * b, 1);
  const shape = [numSegments, ...innerShape];
  const dtype = x.dtype === 'int32' ? 'int32' : 'float32';
  if (kernelBackend.makeOutput && kernelBackend.typedArrayFromHeap) {
    // wasm: allocate first (the heap may grow and move), then take views of the inputs and the output.
    const output = kernelBackend.makeOutput(shape, dtype);
    const ids = values(kernelBackend, segmentIds);
    checkIds(ids, idsSize, segmentIds);
    segmentSumInto(values(kernelBackend, x), ids, inner, kernelBackend.typedArrayFromHeap(output));
    return output;
  }
  const ids = values(kernelBackend, segmentIds);
  checkIds(ids, idsSize, segmentIds);
  const xValues = values(kernelBackend, x);
  const out = dtype === 'int32' ? new Int32Array(numSegments * inner) : new Float32Array(numSegments * inner);
  segmentSumInto(xValues, ids, inner, out);
  if (!kernelBackend.makeTensorInfo)
    throw new Error('unsortedSegmentSum: the backend cannot make a tensor from values');
  return kernelBackend.makeTensorInfo(shape, dtype, out);
};

/**
 * The kernel's registration for one backend (`wasm` or `cpu`).
 * @example
 * tf.registerKernel(unsortedSegmentSumConfig('wasm'));
 */
export function unsortedSegmentSumConfig(backendName: 'wasm' | 'cpu'): KernelConfig {
  return { kernelName: 'UnsortedSegmentSum', backendName, kernelFunc: unsortedSegmentSum };
}
