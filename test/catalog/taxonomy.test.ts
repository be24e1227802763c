import { describe, expect, it } from 'vitest';
import {
  ARTICLE_GROUPS,
  ARTICLE_SYNONYMS,
  ARTICLE_TYPES,
  articleTypesMatching,
  CATEGORIES,
  COLOR_FAMILIES,
  COLOR_SYNONYMS,
  COLORS,
  canonicalArticleType,
  canonicalColor,
  canonicalMaterial,
  canonicalOccasion,
  categoryOf,
  colorFamily,
  colorsMatching,
  formalityOf,
  isArticleType,
  isCategory,
  isColor,
  MATERIAL_SYNONYMS,
  MATERIALS,
  OCCASIONS,
  PATTERN_FAMILIES,
  PATTERNS,
  patternsMatching,
  stemWord,
  textWords,
  USAGES,
} from '../../src/catalog/taxonomy.ts';

const canonical = /^[a-z0-9]+(-[a-z0-9]+)*$/;

describe('vocabulary', () => {
  it('spells every canonical value lowercase and hyphenated, and maps every type to a category', () => {
    for (const value of [...Object.keys(ARTICLE_TYPES), ...COLORS, ...PATTERNS, ...MATERIALS]) {
      expect(value, value).toMatch(canonical);
    }
    for (const [type, category] of Object.entries(ARTICLE_TYPES)) expect(CATEGORIES, type).toContain(category);
  });

  it('covers every coarse category with at least one article type', () => {
    for (const category of CATEGORIES) expect(articleTypesMatching(category).length, category).toBeGreaterThan(0);
  });

  it('points every synonym and group at canonical values', () => {
    for (const [word, type] of Object.entries(ARTICLE_SYNONYMS)) expect(isArticleType(type), word).toBe(true);
    for (const [group, types] of Object.entries(ARTICLE_GROUPS)) {
      for (const type of types) expect(isArticleType(type), `${group}: ${type}`).toBe(true);
    }
    for (const [word, color] of Object.entries(COLOR_SYNONYMS)) expect(isColor(color), word).toBe(true);
    for (const [word, material] of Object.entries(MATERIAL_SYNONYMS)) expect(MATERIALS, word).toContain(material);
    for (const [pattern, members] of Object.entries(PATTERN_FAMILIES)) {
      expect(PATTERNS).toContain(pattern);
      for (const member of members) expect(PATTERNS).toContain(member);
    }
  });

  it('gives every colour a family, and every family but metallic is a colour of its own family', () => {
    for (const color of COLORS) expect(COLOR_FAMILIES, color).toContain(colorFamily(color));
    for (const family of COLOR_FAMILIES.filter((f) => f !== 'metallic')) expect(colorFamily(family)).toBe(family);
  });
});

describe('helpers', () => {
  it('categoryOf and isCategory', () => {
    expect(categoryOf('sneakers')).toBe('footwear');
    expect(categoryOf('clutch')).toBe('bag');
    expect(categoryOf('footwear')).toBe('footwear');
    expect(categoryOf('spaceship')).toBeUndefined();
    expect(isCategory('outerwear')).toBe(true);
    expect(isCategory('jacket')).toBe(false);
    expect(isCategory(3)).toBe(false);
  });

  it('colour families: blue takes navy and teal, navy only navy, unknown nothing', () => {
    expect(colorFamily('navy')).toBe('blue');
    expect(colorFamily('maroon')).toBe('red');
    expect(colorFamily('cream')).toBe('white');
    expect(colorsMatching('blue')).toEqual(expect.arrayContaining(['blue', 'navy', 'light-blue', 'teal']));
    expect(colorsMatching('blue')).not.toContain('purple');
    expect(colorsMatching('navy')).toEqual(['navy']);
    expect(colorsMatching('Navy Blue')).toEqual(['navy']);
    expect(colorsMatching('gray')).toContain('charcoal');
    expect(colorsMatching('plaid')).toEqual([]);
  });

  it('article types for a category, a group, a synonym, and suit and dress as types', () => {
    expect(articleTypesMatching('footwear')).toEqual(expect.arrayContaining(['loafers', 'heels', 'sneakers']));
    expect(articleTypesMatching('footwear')).not.toContain('belt');
    expect(articleTypesMatching('jewellery')).toEqual(expect.arrayContaining(['earrings', 'necklace']));
    expect(articleTypesMatching('trainers')).toEqual(['sneakers']);
    expect(articleTypesMatching('Jumpers')).toEqual(['sweater']);
    expect(articleTypesMatching('suit')).toEqual(['suit']);
    expect(articleTypesMatching('dress')).toEqual(['dress']);
    expect(articleTypesMatching('tailoring')).toEqual(expect.arrayContaining(['suit', 'blazer', 'waistcoat']));
    expect(articleTypesMatching('rocket')).toEqual([]);
    expect(patternsMatching('printed')).toContain('floral');
    expect(patternsMatching('striped')).toEqual(['striped']);
  });

  it('canonical forms of dataset and everyday spellings', () => {
    expect(canonicalArticleType('T-Shirts')).toBe('t-shirt');
    expect(canonicalArticleType('flip flops')).toBe('flip-flops');
    expect(canonicalArticleType('hoodies')).toBe('hoodie');
    expect(canonicalColor('Off White')).toBe('off-white');
    expect(canonicalColor('Greenish Khaki')).toBe('olive');
    expect(canonicalColor('Unknown')).toBeUndefined();
    expect(canonicalMaterial('Imitation leather')).toBe('faux-leather');
    expect(canonicalOccasion('office')).toBe('work');
    expect(canonicalOccasion('black tie')).toBe('formal event');
    expect(canonicalOccasion('wedding')).toBe('wedding');
    expect(canonicalOccasion('moon landing')).toBeUndefined();
  });

  it('formality combines usage and type, within 0..1', () => {
    expect(formalityOf(['formal'], 'suit')).toBeGreaterThan(formalityOf(['casual'], 'suit'));
    expect(formalityOf(['formal'], 'suit')).toBeGreaterThan(formalityOf(['formal'], 't-shirt'));
    expect(formalityOf(['sports'], 'sports-shoes')).toBeLessThan(0.1);
    for (const type of Object.keys(ARTICLE_TYPES)) {
      for (const usage of USAGES) {
        const f = formalityOf([usage], type);
        expect(f).toBeGreaterThanOrEqual(0);
        expect(f).toBeLessThanOrEqual(1);
      }
    }
  });

  it('text words: lowercase, split on punctuation, plurals reduced the same way for items and queries', () => {
    expect(textWords('Slim-Fit SHIRTS, blue!')).toEqual(['slim', 'fit', 'shirt', 'blue']);
    expect(textWords('dresses shoes berries glass')).toEqual(['dress', 'shoe', 'berry', 'glass']);
    expect(textWords('Café crème')).toEqual(['café', 'crème']);
    expect(stemWord('jeans')).toBe(stemWord('jean'));
    expect(stemWord('bus')).toBe('bus');
  });
});

describe('occasions', () => {
  it('are well formed: usages known, formality range ordered, colours and key pieces canonical', () => {
    for (const [name, occasion] of Object.entries(OCCASIONS)) {
      expect(occasion.name).toBe(name);
      expect(occasion.usages.length).toBeGreaterThan(0);
      for (const usage of occasion.usages) expect(USAGES).toContain(usage);
      expect(occasion.formality.min).toBeGreaterThanOrEqual(0);
      expect(occasion.formality.max).toBeLessThanOrEqual(1);
      expect(occasion.formality.min).toBeLessThan(occasion.formality.max);
      for (const color of [...(occasion.preferColors ?? []), ...(occasion.avoidColors ?? [])]) {
        expect(isColor(color), `${name}: ${color}`).toBe(true);
      }
      for (const type of occasion.keyPieces ?? []) expect(isArticleType(type), `${name}: ${type}`).toBe(true);
    }
  });

  it('covers the occasions of DESIGN §3, and no alias names two occasions', () => {
    for (const name of ['wedding', 'work', 'interview', 'date', 'party', 'funeral', 'gym', 'beach', 'travel']) {
      expect(OCCASIONS[name], name).toBeDefined();
    }
    expect(OCCASIONS['formal event']).toBeDefined();
    expect(OCCASIONS.casual).toBeDefined();
    const aliases = Object.values(OCCASIONS).flatMap((o) => o.aliases);
    expect(new Set(aliases).size).toBe(aliases.length);
    expect(OCCASIONS.funeral!.formality.min).toBeGreaterThan(OCCASIONS.gym!.formality.max);
  });
});
