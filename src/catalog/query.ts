/**
 * The meaning of an `ItemQuery`, written once as a plain per-item predicate. The inverted index in `catalog.ts`
 * implements the same semantics with bitsets; this predicate is its reference (tests) and the linear-scan
 * baseline of `bench catalog`.
 *
 * Semantics: fields are conjunctive; the values inside one field are alternatives (any of them), except `words`
 * (all must occur). Categories match by article type (`articleTypesMatching`: a coarse category, a group, a type or a
 * synonym; `suit` means suits only). A colour family name matches its shades ("blue" → navy, teal …); excluded colours exclude
 * the whole family and apply to every colour of an item; a `men`/`women` query also accepts `unisex` items, a
 * `boys`/`girls` query also accepts `kids`, a `kids` query accepts boys, girls and kids; an item without seasons
 * suits every season; an item without a price never matches a query with a price bound.
 */
import type { Gender, Item, ItemQuery } from '../types.ts';
import { articleTypesMatching, canonicalMaterial, colorsMatching, patternsMatching, textWords } from './taxonomy.ts';

const GENDER_ACCEPTS: Readonly<Record<Gender, readonly Gender[]>> = {
  men: ['men', 'unisex'],
  women: ['women', 'unisex'],
  unisex: ['unisex'],
  boys: ['boys', 'kids'],
  girls: ['girls', 'kids'],
  kids: ['kids', 'boys', 'girls'],
};

/**
 * The item genders a query's genders accept.
 * @example
 * gendersAccepted(['men']); // ['men', 'unisex']
 */
export function gendersAccepted(genders: readonly Gender[]): Gender[] {
  return [...new Set(genders.flatMap((g) => GENDER_ACCEPTS[g] ?? []))];
}

/** The canonical materials a query's material names stand for. */
export function materialsAccepted(materials: readonly string[]): string[] {
  return materials.map((m) => canonicalMaterial(m) ?? m);
}

/** The words of an item that free-text queries search: name, brand and description. */
export function itemText(item: Item): string {
  return `${item.name} ${item.brand ?? ''} ${item.description ?? ''}`;
}

/**
 * Whether one item satisfies a query (the reference semantics; see the module comment).
 * @example
 * itemMatches(item, { categories: ['footwear'], genders: ['men'], colors: ['blue'] });
 */
export function itemMatches(item: Item, query: ItemQuery): boolean {
  if (query.excludeIds?.includes(item.id)) return false;
  if (query.categories?.length) {
    const ok = query.categories.some(
      (name) => item.articleType === name || articleTypesMatching(name).includes(item.articleType),
    );
    if (!ok) return false;
  }
  if (query.colors?.length) {
    const accepted = new Set(query.colors.flatMap(colorsMatching));
    if (!item.colors.some((c) => accepted.has(c))) return false;
  }
  if (query.excludeColors?.length) {
    const excluded = new Set(query.excludeColors.flatMap(colorsMatching));
    if (item.colors.some((c) => excluded.has(c))) return false;
  }
  if (query.genders?.length && !gendersAccepted(query.genders).includes(item.gender)) return false;
  if (query.season && item.seasons.length > 0 && !item.seasons.includes(query.season)) return false;
  if (query.usage?.length && !item.usage.some((u) => query.usage!.includes(u))) return false;
  if (query.priceMin !== undefined || query.priceMax !== undefined) {
    if (item.price === undefined) return false;
    if (query.priceMin !== undefined && item.price < query.priceMin) return false;
    if (query.priceMax !== undefined && item.price > query.priceMax) return false;
  }
  if (query.pattern && (item.pattern === undefined || !patternsMatching(query.pattern).includes(item.pattern))) {
    return false;
  }
  if (query.materials?.length) {
    const accepted = materialsAccepted(query.materials);
    if (!item.materials.some((m) => accepted.includes(m))) return false;
  }
  if (query.excludeMaterials?.length) {
    const excluded = materialsAccepted(query.excludeMaterials);
    if (item.materials.some((m) => excluded.includes(m))) return false;
  }
  if (query.words?.length) {
    const have = new Set(textWords(itemText(item)));
    if (!textWords(query.words.join(' ')).every((w) => have.has(w))) return false;
  }
  return true;
}
