/**
 * The TensorFlow.js backend (DESIGN §5). `initBackend` picks, in this order:
 * 1. `@tensorflow/tfjs-node-gpu` — when installed and a GPU is visible (`/dev/nvidia0` or `/proc/driver/nvidia/gpus`);
 * 2. `@tensorflow/tfjs-node` — when installed;
 * 3. `@tensorflow/tfjs-backend-wasm` — the default here (a dependency of the project);
 * 4. the plain CPU backend of `@tensorflow/tfjs`.
 *
 * tfjs-node(-gpu) download a native TensorFlow library when installed, so they are optional peer dependencies:
 * GPU users run `npm install @tensorflow/tfjs-node-gpu` once and nothing else changes. The wasm and CPU backends
 * get fast kernels they lack for training (`models/kernels/`).
 */
import { existsSync, readdirSync } from 'node:fs';
import * as tf from '@tensorflow/tfjs';
import type { Logger } from '../src/types.ts';
import { registerMissingKernels } from './kernels/index.ts';

export { tf };

/** The backend that runs, as `initBackend` reports it. */
export interface BackendInfo {
  /** `tensorflow` (tfjs-node or tfjs-node-gpu), `wasm` or `cpu`. */
  name: string;
  /** The package that provides it. */
  package: string;
  /** Kernels registered by this project for the backend. */
  kernels: string[];
  /** Why earlier choices were skipped (not installed, no GPU, failed to load …). */
  skipped: string[];
}

/** Options of `initBackend`, for tests and for forcing a backend. */
export interface BackendOptions {
  /** Only try this backend (default: the first of the order above that loads). */
  prefer?: 'tensorflow' | 'wasm' | 'cpu';
  /** Whether a GPU is visible (default: looks for the NVIDIA device files). */
  gpuVisible?: () => boolean;
}

interface Candidate {
  name: 'tensorflow' | 'wasm' | 'cpu';
  package: string;
  /** Loads the package and makes it current; returns a reason when it cannot be used. */
  load(): Promise<string | undefined>;
}

let current: Promise<BackendInfo> | undefined;

/** Whether an NVIDIA GPU is visible to this process. */
function nvidiaGpuVisible(): boolean {
  if (existsSync('/dev/nvidia0')) return true;
  try {
    return readdirSync('/proc/driver/nvidia/gpus').length > 0;
  } catch {
    return false;
  }
}

async function importOptional(name: string): Promise<string | undefined> {
  try {
    await import(/* @vite-ignore */ name);
    return undefined;
  } catch (error) {
    const code = (error as { code?: string }).code;
    if (code === 'ERR_MODULE_NOT_FOUND' || code === 'MODULE_NOT_FOUND') return `${name} is not installed`;
    return `${name} failed to load: ${(error as Error).message.split('\n')[0]}`;
  }
}

async function activate(name: string): Promise<string | undefined> {
  try {
    return (await tf.setBackend(name)) ? undefined : `backend ${name} did not initialise`;
  } catch (error) {
    return `backend ${name} failed: ${(error as Error).message.split('\n')[0]}`;
  }
}

function candidates(gpuVisible: () => boolean): Candidate[] {
  return [
    {
      name: 'tensorflow',
      package: '@tensorflow/tfjs-node-gpu',
      load: async () => {
        if (!gpuVisible()) return '@tensorflow/tfjs-node-gpu skipped: no GPU visible';
        return (await importOptional('@tensorflow/tfjs-node-gpu')) ?? activate('tensorflow');
      },
    },
    {
      name: 'tensorflow',
      package: '@tensorflow/tfjs-node',
      load: async () => (await importOptional('@tensorflow/tfjs-node')) ?? activate('tensorflow'),
    },
    {
      name: 'wasm',
      package: '@tensorflow/tfjs-backend-wasm',
      load: async () => (await importOptional('@tensorflow/tfjs-backend-wasm')) ?? activate('wasm'),
    },
    { name: 'cpu', package: '@tensorflow/tfjs', load: () => activate('cpu') },
  ];
}

async function choose(logger: Logger | undefined, options: BackendOptions): Promise<BackendInfo> {
  const kernels = registerMissingKernels();
  const prefer = options.prefer;
  const skipped: string[] = [];
  for (const candidate of candidates(options.gpuVisible ?? nvidiaGpuVisible)) {
    if (prefer !== undefined && candidate.name !== prefer) continue;
    const reason = await candidate.load();
    if (reason === undefined) {
      const info = { name: tf.getBackend(), package: candidate.package, kernels, skipped };
      logger?.info(`TensorFlow.js backend: ${info.name} (${info.package})`, {
        fastKernels: info.name === 'tensorflow' ? [] : kernels,
        skipped,
      });
      return info;
    }
    skipped.push(reason);
    logger?.debug('TensorFlow.js backend skipped', { package: candidate.package, reason });
  }
  throw new Error(`no TensorFlow.js backend could be initialised: ${skipped.join('; ')}`);
}

/**
 * Picks and initialises the TensorFlow.js backend once per process (later calls return the same answer)
 * and logs which one runs.
 * @example
 * const { name } = await initBackend(logger); // 'wasm' on a machine without tfjs-node
 * const y = tf.tidy(() => tf.matMul(a, b));
 */
export function initBackend(logger?: Logger, options: BackendOptions = {}): Promise<BackendInfo> {
  current ??= choose(logger, options).catch((error: unknown) => {
    current = undefined;
    throw error;
  });
  return current;
}
