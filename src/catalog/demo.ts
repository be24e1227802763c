/**
 * The project's own hand-written demo catalogue (`data/catalog/demo.json`), validated where it enters: every value
 * must be canonical (taxonomy), and a bad entry stops loading with a message naming the item and the field.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import { GENDERS, type Item, SEASONS } from '../types.ts';
import { CatalogError } from './catalog.ts';
import { categoryOfType, formalityOf, isArticleType, isColor, MATERIALS, PATTERNS, USAGES } from './taxonomy.ts';

/** Path of the demo catalogue inside the project. */
export const DEMO_CATALOG_PATH = 'data/catalog/demo.json';

const demoEntry = z
  .object({
    id: z.string().regex(/^demo:[a-z0-9-]+$/, 'expected demo:<slug>'),
    name: z.string().min(3),
    gender: z.enum(GENDERS as [string, ...string[]]),
    articleType: z.string().refine(isArticleType, 'expected a canonical article type (src/catalog/taxonomy.ts)'),
    colors: z.array(z.string().refine(isColor, 'expected a canonical colour')).min(1),
    pattern: z.enum(PATTERNS as [string, ...string[]]).optional(),
    materials: z.array(z.enum(MATERIALS as [string, ...string[]])).default([]),
    seasons: z.array(z.enum(SEASONS as [string, ...string[]])).default([]),
    usage: z.array(z.enum(USAGES as [string, ...string[]])).min(1),
    formality: z.number().min(0).max(1).optional(),
    price: z.number().positive().max(100_000),
    brand: z.string().min(1).optional(),
    sizes: z.array(z.string().min(1)).optional(),
    description: z.string().min(10),
    popularity: z.number().int().min(0).default(0),
  })
  .strict();

/**
 * Validates parsed demo JSON into items; the formality defaults to `formalityOf(usage, articleType)`.
 * Throws `CatalogError` naming the first bad entry and field.
 * @example
 * parseDemoItems([{ id: 'demo:x', name: 'Plain Tee', gender: 'unisex', articleType: 't-shirt', … }]);
 */
export function parseDemoItems(json: unknown, origin = DEMO_CATALOG_PATH): Item[] {
  const result = z.array(demoEntry).safeParse(json);
  if (!result.success) {
    const [issue] = result.error.issues;
    const [index, ...field] = issue?.path ?? [];
    const id = Array.isArray(json) && typeof index === 'number' ? (json[index] as { id?: unknown })?.id : undefined;
    throw new CatalogError(
      `${origin}: entry ${String(index)}${id ? ` (${String(id)})` : ''}, field ${field.join('.') || '?'}: ${issue?.message ?? result.error.message}`,
    );
  }
  const seen = new Set<string>();
  return result.data.map((entry) => {
    if (seen.has(entry.id)) throw new CatalogError(`${origin}: duplicate id ${entry.id}`);
    seen.add(entry.id);
    const usage = entry.usage as Item['usage'];
    return {
      ...entry,
      source: 'demo',
      gender: entry.gender as Item['gender'],
      category: categoryOfType(entry.articleType),
      seasons: entry.seasons as Item['seasons'],
      usage,
      formality: entry.formality ?? formalityOf(usage, entry.articleType),
    };
  });
}

/**
 * Reads the project's demo catalogue.
 * @example
 * const items = loadDemoItems(config.projectRoot); // ~160 items, ids `demo:<slug>`
 */
export function loadDemoItems(projectRoot: string): Item[] {
  const file = path.join(projectRoot, DEMO_CATALOG_PATH);
  let json: unknown;
  try {
    json = JSON.parse(readFileSync(file, 'utf8'));
  } catch (error) {
    throw new CatalogError(`cannot read the demo catalogue ${file}: ${(error as Error).message}`);
  }
  return parseDemoItems(json, file);
}
