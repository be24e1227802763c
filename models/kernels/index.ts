/**
 * Kernels that the wasm and CPU backends lack (or have only in a slow reference form) for training.
 * `registerMissingKernels` installs them once; the replaced reference kernels stay available for tests.
 */
import * as tf from '@tensorflow/tfjs';
import { unsortedSegmentSumConfig } from './unsorted-segment-sum.ts';

/** Backends that get the fast kernels. */
export const PATCHED_BACKENDS = ['wasm', 'cpu'] as const;

/** The kernels this module provides, by name. */
export const FAST_KERNELS = ['UnsortedSegmentSum'] as const;

const references = new Map<string, tf.KernelConfig>();
let registered = false;

/**
 * Registers the fast kernels for the wasm and CPU backends (idempotent). Returns the kernel names installed.
 * @example
 * registerMissingKernels(); // ['UnsortedSegmentSum']
 */
export function registerMissingKernels(): string[] {
  if (registered) return [...FAST_KERNELS];
  for (const backendName of PATCHED_BACKENDS) {
    for (const config of [unsortedSegmentSumConfig(backendName)]) {
      const existing = tf.getKernel(config.kernelName, backendName);
      if (existing) {
        references.set(`${config.kernelName}/${backendName}`, existing);
        tf.unregisterKernel(config.kernelName, backendName);
      }
      tf.registerKernel(config);
    }
  }
  registered = true;
  return [...FAST_KERNELS];
}

/**
 * The kernel a backend had before `registerMissingKernels` replaced it (the reference implementation), if any.
 * @example
 * const reference = referenceKernel('UnsortedSegmentSum', 'cpu'); // the tfjs-backend-cpu kernel
 */
export function referenceKernel(kernelName: string, backendName: string): tf.KernelConfig | undefined {
  return references.get(`${kernelName}/${backendName}`);
}
