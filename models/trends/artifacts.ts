/**
 * Trained trend-model artifacts in the data home (`<FASHION_HOME>/trends/`): `model.json` (topology and weight
 * manifest), `weights.bin`, and `meta.json` (data hash, settings, training progress, combination weights).
 * Written and read with plain files: tfjs' own file IO needs tfjs-node, which is not required here.
 */
import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { tf } from '../backend.ts';
import type { EpochProgress, TrendModelOptions } from './model.ts';

/** What `meta.json` holds. */
export interface TrendModelMeta {
  format: 1;
  /** `lstm-global@<data hash>`. */
  name: string;
  /** sha256 of the dataset files the model was trained on (first 16 hex digits). */
  dataHash: string;
  files: string[];
  createdAt: string;
  backend: string;
  options: TrendModelOptions;
  windows: number;
  trainSeconds: number;
  trainCpuSeconds: number;
  epochs: EpochProgress[];
  /** Weight of the network's median in the served forecast; the rest goes to Holt-Winters. */
  networkWeight: number;
}

/** The artifact folder inside a data home. */
export const trendsDir = (home: string) => path.join(home, 'trends');

/** sha256 over the given files' bytes (first 16 hex digits). */
export async function dataHash(files: readonly string[]): Promise<string> {
  const hash = createHash('sha256');
  for (const file of files) hash.update(await readFile(file));
  return hash.digest('hex').slice(0, 16);
}

/**
 * Saves the network and its metadata; files are written next to the final ones and renamed, so a reader never
 * sees half an artifact.
 * @example
 * await saveTrendModel(trendsDir(config.home), network, meta);
 */
export async function saveTrendModel(dir: string, network: tf.LayersModel, meta: TrendModelMeta): Promise<void> {
  const { tf } = await import('../backend.ts');
  await mkdir(dir, { recursive: true });
  await network.save(
    tf.io.withSaveHandler(async (artifacts) => {
      const weights = artifacts.weightData instanceof ArrayBuffer ? artifacts.weightData : undefined;
      if (!weights) throw new Error('saveTrendModel: expected one weight buffer');
      const model = { modelTopology: artifacts.modelTopology, weightSpecs: artifacts.weightSpecs };
      await writeFile(path.join(dir, 'weights.bin.tmp'), Buffer.from(weights));
      await writeFile(path.join(dir, 'model.json.tmp'), JSON.stringify(model));
      await writeFile(path.join(dir, 'meta.json.tmp'), `${JSON.stringify(meta, null, 2)}\n`);
      for (const name of ['weights.bin', 'model.json', 'meta.json']) {
        await rename(path.join(dir, `${name}.tmp`), path.join(dir, name));
      }
      return { modelArtifactsInfo: { dateSaved: new Date(meta.createdAt), modelTopologyType: 'JSON' } };
    }),
  );
}

/** The files of a saved model: `model.json`, `weights.bin`, `meta.json`. */
export const trendModelFiles = (dir: string): [model: string, weights: string, meta: string] => [
  path.join(dir, 'model.json'),
  path.join(dir, 'weights.bin'),
  path.join(dir, 'meta.json'),
];

/**
 * The metadata of a saved model, or undefined when the folder holds no complete artifact (TensorFlow.js is not
 * loaded). Throws with the folder named when `meta.json` cannot be read.
 * @example
 * const meta = await loadTrendMeta(trendsDir(config.home)); // { name: 'lstm-global@…', networkWeight, … }
 */
export async function loadTrendMeta(dir: string): Promise<TrendModelMeta | undefined> {
  const files = trendModelFiles(dir);
  if (!files.every((file) => existsSync(file))) return undefined;
  const [, , metaFile] = files;
  try {
    const meta = JSON.parse(await readFile(metaFile, 'utf8')) as TrendModelMeta;
    if (meta.format !== 1) throw new Error(`unknown format ${String(meta.format)}`);
    return meta;
  } catch (error) {
    throw new Error(`cannot load the trend model in ${dir}: ${(error as Error).message}`);
  }
}

/**
 * Loads a saved network and its metadata, or undefined when the folder holds no complete artifact.
 * Throws with the folder named when the files exist but cannot be read.
 * @example
 * const saved = await loadTrendModel(trendsDir(config.home)); // { network, meta } | undefined
 */
export async function loadTrendModel(
  dir: string,
): Promise<{ network: tf.LayersModel; meta: TrendModelMeta } | undefined> {
  const files = trendModelFiles(dir);
  if (!files.every((file) => existsSync(file))) return undefined;
  const [modelFile, weightsFile, metaFile] = files;
  try {
    const { tf } = await import('../backend.ts');
    const model = JSON.parse(await readFile(modelFile, 'utf8')) as {
      modelTopology: object;
      weightSpecs: tf.io.WeightsManifestEntry[];
    };
    const weights = await readFile(weightsFile);
    const meta = JSON.parse(await readFile(metaFile, 'utf8')) as TrendModelMeta;
    if (meta.format !== 1) throw new Error(`unknown format ${String(meta.format)}`);
    const weightData = weights.buffer.slice(weights.byteOffset, weights.byteOffset + weights.byteLength) as ArrayBuffer;
    const network = await tf.loadLayersModel(
      tf.io.fromMemory({ modelTopology: model.modelTopology, weightSpecs: model.weightSpecs, weightData }),
    );
    return { network, meta };
  } catch (error) {
    throw new Error(`cannot load the trend model in ${dir}: ${(error as Error).message}`);
  }
}
