import { beforeAll, describe, expect, it } from 'vitest';
import { initBackend, tf } from '../../../models/backend.ts';
import { referenceKernel } from '../../../models/kernels/index.ts';
import { segmentSumInto } from '../../../models/kernels/unsorted-segment-sum.ts';
import { seededRandom } from '../../../src/util/random.ts';

function randomCase(seed: number, rows: number, innerShape: number[], numSegments: number) {
  const random = seededRandom(seed);
  const inner = innerShape.reduce((a, b) => a * b, 1);
  const x = Float32Array.from({ length: rows * inner }, () => random.next() * 2 - 1);
  // Includes ids outside [0, numSegments), which every implementation drops.
  const ids = Int32Array.from({ length: rows }, () => Math.floor(random.next() * (numSegments + 2)) - 1);
  return { x, ids, shape: [rows, ...innerShape] };
}

async function onBackend(name: string, fn: () => Float32Array): Promise<Float32Array> {
  const previous = tf.getBackend();
  await tf.setBackend(name);
  try {
    return fn();
  } finally {
    await tf.setBackend(previous);
  }
}

function reference(x: Float32Array, ids: Int32Array, shape: number[], numSegments: number): Float32Array {
  const kernel = referenceKernel('UnsortedSegmentSum', 'cpu');
  if (!kernel) throw new Error('no reference kernel');
  const backend = tf.findBackend('cpu') as unknown as { readSync(id: object): Float32Array };
  const xt = tf.tensor(x, shape);
  const idt = tf.tensor1d(ids, 'int32');
  const result = kernel.kernelFunc({
    inputs: { x: xt, segmentIds: idt },
    backend: backend as never,
    attrs: { numSegments },
  }) as tf.TensorInfo;
  const values = Float32Array.from(backend.readSync(result.dataId));
  tf.engine().disposeTensor(tf.engine().makeTensorFromTensorInfo(result));
  xt.dispose();
  idt.dispose();
  return values;
}

describe('UnsortedSegmentSum fast kernel', () => {
  beforeAll(async () => {
    await initBackend();
  });

  it('is registered for the backend that runs and for cpu, replacing the reference', () => {
    expect(tf.getKernel('UnsortedSegmentSum', 'wasm')).toBeDefined();
    expect(tf.getKernel('UnsortedSegmentSum', 'cpu')?.kernelFunc).not.toBe(
      referenceKernel('UnsortedSegmentSum', 'cpu')?.kernelFunc,
    );
  });

  const cases: [string, number, number[], number][] = [
    ['vectors', 40, [], 7],
    ['embedding rows', 64, [8], 23],
    ['rank-3 slices', 17, [3, 4], 5],
    ['single segment', 30, [5], 1],
  ];
  for (const [label, rows, inner, numSegments] of cases) {
    it(`matches the reference CPU kernel on random ${label}`, async () => {
      for (const seed of [1, 2, 3]) {
        const { x, ids, shape } = randomCase(seed * 97 + rows, rows, inner, numSegments);
        const expected = await onBackend('cpu', () => reference(x, ids, shape, numSegments));
        for (const backend of ['wasm', 'cpu']) {
          const actual = await onBackend(
            backend,
            () =>
              tf
                .tidy(() => tf.unsortedSegmentSum(tf.tensor(x, shape), tf.tensor1d(ids, 'int32'), numSegments))
                .dataSync() as Float32Array,
          );
          expect(actual.length).toBe(expected.length);
          for (let i = 0; i < expected.length; i++) expect(actual[i]).toBeCloseTo(expected[i]!, 4);
        }
      }
    });
  }

  it('keeps int32 inputs as int32', async () => {
    const out = tf.tidy(() =>
      tf.unsortedSegmentSum(tf.tensor1d([1, 2, 3, 4], 'int32'), tf.tensor1d([1, 0, 1, 1], 'int32'), 3),
    );
    expect(out.dtype).toBe('int32');
    expect(Array.from(out.dataSync())).toEqual([2, 8, 0]);
    out.dispose();
  });

  it('gives the embedding-lookup gradient of tf.gather on wasm that the reference gives on cpu', async () => {
    const { x: table } = randomCase(11, 12, [4], 1);
    const indices = Int32Array.from([0, 3, 3, 11, 5, 0, 0]);
    const gradient = () =>
      tf.tidy(() => {
        const t = tf.tensor2d(table, [12, 4]);
        const g = tf.grad((w: tf.Tensor) => tf.gather(w, tf.tensor1d(indices, 'int32')).square().sum())(t);
        return g.dataSync() as Float32Array;
      });
    const fast = await onBackend('wasm', gradient);
    // d/dw sum((w[i])^2) = 2 w[i] × (times row i is gathered)
    const counts = new Map<number, number>();
    for (const i of indices) counts.set(i, (counts.get(i) ?? 0) + 1);
    for (let row = 0; row < 12; row++) {
      for (let j = 0; j < 4; j++) {
        expect(fast[row * 4 + j]).toBeCloseTo(2 * table[row * 4 + j]! * (counts.get(row) ?? 0), 4);
      }
    }
  });

  it('segmentSumInto drops out-of-range ids and clears the output first', () => {
    const out = new Float32Array([9, 9, 9, 9]);
    segmentSumInto([1, 2, 3, 4, 5, 6], [1, -1, 2], 2, out);
    expect(Array.from(out)).toEqual([0, 0, 1, 2]);
  });
});
