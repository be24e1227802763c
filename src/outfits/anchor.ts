/** "What goes with my white sneakers?": a representative catalogue piece standing in for the user's own item. */
import { articleTypesMatching, canonicalArticleType, isCategory } from '../catalog/taxonomy.ts';
import type { Catalog, Gender, Item } from '../types.ts';

/** What the user said about their piece. */
export interface AnchorDescription {
  /** Article type or category (`sneakers`, `trainers`, `footwear`). */
  category: string;
  colors?: string[];
  gender?: Gender;
}

/**
 * The most popular catalogue item of that type, colour and department, relaxing the department when nothing matches
 * (never the colour: a stand-in of another colour would give the wrong advice); undefined when nothing fits.
 * @example
 * findAnchor(catalog, { category: 'sneakers', colors: ['white'], gender: 'women' })?.id; // e.g. 'demo:w-sneakers-01'
 */
export function findAnchor(catalog: Catalog, description: AnchorDescription): Item | undefined {
  const type = isCategory(description.category)
    ? description.category
    : (canonicalArticleType(description.category) ?? articleTypesMatching(description.category)[0]);
  if (!type) return undefined;
  const genders = description.gender ? [description.gender] : undefined;
  const colors = description.colors?.length ? description.colors : undefined;
  const attempts = [
    { categories: [type], colors, genders },
    { categories: [type], colors },
  ];
  for (const query of attempts) {
    const [best] = catalog.search(query, 1);
    if (best) return best;
  }
  return undefined;
}
