/**
 * Loads the stylist's knowledge: the hand-written files under `data/knowledge/` (validated with zod, see `schema.ts`)
 * and, when the data directory has it, the city climate table (`city-climate/climate.json`, read at run time and
 * never copied into the repository).
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { z } from 'zod';
import { projectRoot } from '../config.ts';
import { type ClimateTable, loadClimate } from './climate.ts';
import { bodyFile, careFile, colorsFile, dressCodesFile, sizesFile, stylesFile, weatherFile } from './schema.ts';

/** Where the bundled knowledge files live. */
export const KNOWLEDGE_DIR = path.join(projectRoot, 'data', 'knowledge');

/** Everything the advice answers are built from. */
export interface Knowledge {
  colors: z.infer<typeof colorsFile>;
  body: z.infer<typeof bodyFile>;
  dressCodes: z.infer<typeof dressCodesFile>;
  weather: z.infer<typeof weatherFile>;
  care: z.infer<typeof careFile>;
  sizes: z.infer<typeof sizesFile>;
  styles: z.infer<typeof stylesFile>;
  /** Monthly averages per city; undefined when the data directory has no climate table. */
  climate?: ClimateTable;
}

/** Thrown when a knowledge file is missing or does not match its schema; the message names the file and the entry. */
export class KnowledgeError extends Error {
  override name = 'KnowledgeError';
}

function readFile<T extends z.ZodTypeAny>(dir: string, file: string, schema: T): z.infer<T> {
  const where = path.join(dir, file);
  let raw: unknown;
  try {
    raw = JSON.parse(readFileSync(where, 'utf8'));
  } catch (error) {
    throw new KnowledgeError(`${where}: ${(error as Error).message}`);
  }
  const parsed = schema.safeParse(raw);
  if (!parsed.success) {
    const [issue] = parsed.error.issues;
    throw new KnowledgeError(`${where}: ${issue?.path.join('.') ?? '?'}: ${issue?.message ?? parsed.error.message}`);
  }
  return parsed.data;
}

/**
 * Reads and checks every knowledge file in `dir`.
 * @example
 * const base = loadKnowledgeFiles(); // throws KnowledgeError naming the file when one is malformed
 */
export function loadKnowledgeFiles(dir: string = KNOWLEDGE_DIR): Omit<Knowledge, 'climate'> {
  return {
    colors: readFile(dir, 'colors.json', colorsFile),
    body: readFile(dir, 'body.json', bodyFile),
    dressCodes: readFile(dir, 'dress-codes.json', dressCodesFile),
    weather: readFile(dir, 'weather.json', weatherFile),
    care: readFile(dir, 'care.json', careFile),
    sizes: readFile(dir, 'sizes.json', sizesFile),
    styles: readFile(dir, 'styles.json', stylesFile),
  };
}

let bundled: Omit<Knowledge, 'climate'> | undefined;

/** The bundled knowledge files, read once per process. */
export function bundledKnowledge(): Omit<Knowledge, 'climate'> {
  bundled ??= loadKnowledgeFiles();
  return bundled;
}

/**
 * The bundled knowledge plus the climate table of a data directory (when it has one).
 * @example
 * const knowledge = loadKnowledge(config.dataDir);
 * knowledge.climate?.get('tokyo')?.[2].high // 13 (March)
 */
export function loadKnowledge(dataDir?: string): Knowledge {
  return { ...bundledKnowledge(), climate: dataDir ? loadClimate(dataDir) : undefined };
}
