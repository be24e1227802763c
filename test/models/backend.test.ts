import { createRequire } from 'node:module';
import { describe, expect, it } from 'vitest';
import { initBackend, tf } from '../../models/backend.ts';
import type { Logger } from '../../src/types.ts';

function installed(name: string): boolean {
  try {
    createRequire(import.meta.url).resolve(name);
    return true;
  } catch {
    return false;
  }
}

function recordingLogger(lines: string[]): Logger {
  const log = (message: string, fields?: Record<string, unknown>) =>
    lines.push(`${message} ${JSON.stringify(fields ?? {})}`);
  return { debug: log, info: log, warn: log, error: log };
}

describe.skipIf(installed('@tensorflow/tfjs-node'))('initBackend without tfjs-node', () => {
  it('falls back past the native packages to wasm, logs the choice, and is idempotent', async () => {
    const lines: string[] = [];
    const first = await initBackend(recordingLogger(lines), { gpuVisible: () => false });
    const second = await initBackend(recordingLogger(lines));
    expect(second).toBe(first);
    // tfjs-node(-gpu) cannot be installed on this machine: the wasm backend runs.
    expect(first.name).toBe('wasm');
    expect(tf.getBackend()).toBe('wasm');
    expect(first.skipped).toContain('@tensorflow/tfjs-node-gpu skipped: no GPU visible');
    expect(first.skipped.some((s) => s.startsWith('@tensorflow/tfjs-node '))).toBe(true);
    expect(first.kernels).toContain('UnsortedSegmentSum');
    expect(lines.filter((l) => l.startsWith('TensorFlow.js backend: wasm'))).toHaveLength(1);
    const y = tf.tidy(() => tf.matMul(tf.tensor2d([[1, 2]]), tf.tensor2d([[3], [4]])).dataSync()[0]);
    expect(y).toBe(11);
  });
});
