/** Hand-written catalogue items for recommender tests (no third-party rows). */

import { newProfile } from '../../../src/store/state.ts';
import type { Item, Profile } from '../../../src/types.ts';
import { makeItem } from '../../support/items.ts';

/** An empty profile. */
export function makeProfile(overrides: Partial<Profile> = {}): Profile {
  return { ...newProfile('test:user', 0), ...overrides };
}

/** A small mixed catalogue: dresses, shirts, jeans and sneakers in several colours, patterns and materials. */
export function smallCatalogItems(): Item[] {
  const items: Item[] = [];
  const colors = ['black', 'white', 'red', 'navy', 'beige', 'green'];
  colors.forEach((color, i) => {
    items.push(
      makeItem({
        articleType: 'dress',
        category: 'dress',
        colors: [color],
        pattern: i % 2 === 0 ? 'floral' : 'solid',
        materials: ['cotton'],
        usage: ['party'],
        formality: 0.6,
        price: 40 + i * 10,
        popularity: 10 * (i + 1),
        description: i % 2 === 0 ? 'Flowing floral maxi dress with ruffles' : 'Sleek fitted midi dress',
      }),
      makeItem({
        articleType: 'shirt',
        category: 'top',
        gender: i % 2 === 0 ? 'men' : 'women',
        colors: [color],
        materials: [i % 3 === 0 ? 'linen' : 'cotton'],
        price: 25 + i * 5,
        popularity: 5 * (i + 1),
        description: 'Button-down shirt with a classic collar',
      }),
      makeItem({
        articleType: 'jeans',
        category: 'bottom',
        gender: 'unisex',
        colors: [color === 'red' ? 'blue' : color],
        materials: ['denim'],
        price: 50 + i,
        popularity: 3 * (6 - i),
        description: 'Straight leg jeans in stretch denim',
      }),
      makeItem({
        articleType: 'sneakers',
        category: 'footwear',
        gender: 'unisex',
        colors: [color],
        materials: ['leather'],
        usage: ['casual', 'sports'],
        formality: 0.1,
        price: 70 + i * 3,
        popularity: 2 * (i + 1),
        description: 'Low-top leather sneakers with a rubber sole',
      }),
    );
  });
  return items;
}
