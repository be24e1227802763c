/** The one factory of catalogue items for tests: sensible defaults, incrementing ids, no third-party rows. */
import { ARTICLE_TYPES } from '../../src/catalog/taxonomy.ts';
import type { Item } from '../../src/types.ts';

let counter = 0;

/**
 * A valid item; the fields given override the defaults (a black casual women's t-shirt). The category follows the
 * article type, and the name says the first colour and the type, unless given.
 * @example
 * makeItem({ articleType: 'dress', colors: ['red'], price: 40 }); // { id: 'demo:test-1', name: 'red dress', category: 'dress', … }
 */
export function makeItem(overrides: Partial<Item> = {}): Item {
  counter++;
  const articleType = overrides.articleType ?? 't-shirt';
  const colors = overrides.colors ?? ['black'];
  return {
    id: `demo:test-${counter}`,
    source: 'demo',
    name: `${colors[0] ?? 'plain'} ${articleType}`,
    gender: 'women',
    category: ARTICLE_TYPES[articleType]!,
    articleType,
    colors,
    materials: [],
    seasons: [],
    usage: ['casual'],
    formality: 0.3,
    popularity: 0,
    ...overrides,
  };
}
