/** Fixture factories for catalogue tests: items with incrementing ids and sensible defaults. */

import { ARTICLE_TYPES } from '../../src/catalog/taxonomy.ts';
import type { Item } from '../../src/types.ts';

let counter = 0;

/** A valid item; fields given override the defaults (category follows the article type). */
export function makeItem(overrides: Partial<Item> = {}): Item {
  counter++;
  const articleType = overrides.articleType ?? 't-shirt';
  return {
    id: `test:${counter}`,
    source: 'demo',
    name: `Item ${counter}`,
    gender: 'men',
    category: ARTICLE_TYPES[articleType]!,
    articleType,
    colors: ['black'],
    materials: [],
    seasons: [],
    usage: ['casual'],
    formality: 0.2,
    popularity: 0,
    ...overrides,
  };
}
