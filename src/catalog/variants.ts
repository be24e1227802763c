/**
 * Colour variants: the same piece in other colours. An H&M article id is its product code (7 digits) followed by a
 * 3-digit colour variant, so `hm:0713995004` and `hm:0713995001` are one blazer in two colours. Other sources have
 * no such grouping: their pieces have no variants.
 */
import type { Catalog, Item } from '../types.ts';
import { perCatalog } from './memo.ts';

const HM_ARTICLE = /^hm:(\d{7})\d{3}$/;

/** The product an item is a colour variant of, or undefined when its source does not say. */
export function productOf(item: Item): string | undefined {
  return HM_ARTICLE.exec(item.id)?.[1];
}

/**
 * What makes two pieces "the same piece" in one answer: one type and one name. H&M also lists one product under
 * several product codes (the same trousers per colour), which `productOf` would count apart.
 * @example
 * productKey(item) // 'trousers|jack skinny trousers'
 */
export function productKey(item: Item): string {
  return `${item.articleType}|${item.name.toLowerCase()}`;
}

/**
 * The item's colour variants in the catalogue, itself excluded (indexed once per catalogue, on first use).
 * @example
 * colorVariants(catalog, catalog.get('hm:0713995004')!).map((v) => v.colors[0]); // ['navy', 'black', …]
 */
export function colorVariants(catalog: Catalog, item: Item): Item[] {
  const product = productOf(item);
  if (!product) return [];
  return (byProduct(catalog).get(product) ?? []).filter((variant) => variant.id !== item.id);
}

/** The catalogue's items by product, built on first use. */
const byProduct = perCatalog((catalog) => {
  const products = new Map<string, Item[]>();
  for (const candidate of catalog.items) {
    const key = productOf(candidate);
    if (!key) continue;
    const variants = products.get(key);
    if (variants) variants.push(candidate);
    else products.set(key, [candidate]);
  }
  return products;
});
