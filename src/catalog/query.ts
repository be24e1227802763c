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
 * A predicate for one query (the reference semantics; see the module comment), with the query's value sets computed
 * once, for scanning many items.
 * @example
 * const matches = compileQuery({ categories: ['footwear'], genders: ['men'], colors: ['blue'] });
 * items.filter(matches);
 */
export function compileQuery(query: ItemQuery): (item: Item) => boolean {
  const excludedIds = new Set(query.excludeIds ?? []);
  const excludedTypes = new Set(
    (query.excludeCategories ?? []).flatMap((name) => [name, ...articleTypesMatching(name)]),
  );
  const types = query.categories?.length
    ? new Set(query.categories.flatMap((name) => [name, ...articleTypesMatching(name)]))
    : undefined;
  const colors = query.colors?.length ? new Set(query.colors.flatMap(colorsMatching)) : undefined;
  const excludedColors = new Set((query.excludeColors ?? []).flatMap(colorsMatching));
  const genders = query.genders?.length ? new Set(gendersAccepted(query.genders)) : undefined;
  const usages = query.usage?.length ? new Set(query.usage) : undefined;
  const bounded = query.priceMin !== undefined || query.priceMax !== undefined;
  const patterns = query.pattern ? new Set(patternsMatching(query.pattern)) : undefined;
  const materials = query.materials?.length ? new Set(materialsAccepted(query.materials)) : undefined;
  const excludedMaterials = new Set(materialsAccepted(query.excludeMaterials ?? []));
  const words = query.words?.length ? textWords(query.words.join(' ')) : undefined;
  return (item) => {
    if (excludedIds.has(item.id)) return false;
    if (types && !types.has(item.articleType)) return false;
    if (excludedTypes.has(item.articleType)) return false;
    if (colors && !item.colors.some((c) => colors.has(c))) return false;
    if (item.colors.some((c) => excludedColors.has(c))) return false;
    if (genders && !genders.has(item.gender)) return false;
    if (query.season && item.seasons.length > 0 && !item.seasons.includes(query.season)) return false;
    if (usages && !item.usage.some((u) => usages.has(u))) return false;
    if (bounded) {
      if (item.price === undefined) return false;
      // Written so that a NaN bound matches nothing.
      if (query.priceMin !== undefined && !(item.price >= query.priceMin)) return false;
      if (query.priceMax !== undefined && !(item.price <= query.priceMax)) return false;
    }
    if (patterns && (item.pattern === undefined || !patterns.has(item.pattern))) return false;
    if (materials && !item.materials.some((m) => materials.has(m))) return false;
    if (item.materials.some((m) => excludedMaterials.has(m))) return false;
    if (words) {
      const have = new Set(textWords(itemText(item)));
      if (!words.every((w) => have.has(w))) return false;
    }
    return true;
  };
}

/**
 * Whether one item satisfies a query (the reference semantics; see the module comment).
 * @example
 * itemMatches(item, { categories: ['footwear'], genders: ['men'], colors: ['blue'] });
 */
export function itemMatches(item: Item, query: ItemQuery): boolean {
  return compileQuery(query)(item);
}
