/** Item and outfit lines shown in replies: numbered, with price and catalogue id. */
import type { Item, Language, Outfit, ScoredItem, Signal } from '../types.ts';
import { formatPrice } from './money.ts';

/**
 * One numbered item line.
 * @example
 * itemLine(1, item) // '1. Navy linen shirt — €39.90, navy [demo:m-linen-shirt]'
 */
export function itemLine(n: number, item: Item, language: Language = 'en'): string {
  const colors = item.colors.slice(0, 2).join('/');
  return `${n}. ${item.name} — ${formatPrice(item.price, language)}${colors ? `, ${colors}` : ''} [${item.id}]`;
}

/** Numbered lines for a list of items, starting at 1. */
export function itemLines(items: readonly ScoredItem[], language: Language): string[] {
  return items.map((s, i) => itemLine(i + 1, s.item, language));
}

/** Lines for outfits; items are numbered across outfits so "the fourth one" is unambiguous. */
export function outfitLines(outfits: readonly Outfit[], language: Language): string[] {
  const lines: string[] = [];
  let n = 0;
  outfits.forEach((outfit, index) => {
    const total = outfit.items.reduce((sum, s) => sum + (s.item.price ?? 0), 0);
    const priced = outfit.items.every((s) => s.item.price !== undefined);
    const heading = language === 'zh' ? `搭配 ${index + 1}` : `Look ${index + 1}`;
    lines.push(`${heading}${priced ? ` (${formatPrice(total, language)})` : ''}: ${outfit.explanation}`);
    for (const s of outfit.items) lines.push(`   ${itemLine(++n, s.item, language)}`);
  });
  return lines;
}

const SIGNAL_WORDS: Record<Signal['name'], string> = {
  match: 'it matches what you asked for',
  content: 'it is similar to things you liked',
  collaborative: 'shoppers with a similar history bought it',
  popularity: 'it is popular with shoppers',
  feedback: 'it follows your 👍/👎',
  preference: 'it respects your saved preferences',
  trend: 'its style is trending up',
  compatibility: 'these pieces are often bought together',
  color_harmony: 'the colours go well together',
  formality: 'the formality suits the occasion',
  season: 'it suits the season',
  budget: 'it fits your budget',
  diversity: 'it differs from the other suggestions',
  anchor: 'it is built around your piece',
};

/**
 * Sums signals by name and describes the strongest ones, with their details.
 * @example
 * explainSignals([{ name: 'match', weight: 1, detail: 'navy shirt' }]) // ['it matches what you asked for (navy shirt)']
 */
export function explainSignals(signals: readonly Signal[], max = 4): string[] {
  const byName = new Map<Signal['name'], { weight: number; details: Set<string> }>();
  for (const s of signals) {
    const entry = byName.get(s.name) ?? { weight: 0, details: new Set<string>() };
    entry.weight += Math.abs(s.weight);
    if (s.detail) entry.details.add(s.detail);
    byName.set(s.name, entry);
  }
  return [...byName.entries()]
    .sort((a, b) => b[1].weight - a[1].weight)
    .slice(0, max)
    .map(([name, { details }]) => {
      const detail = [...details].slice(0, 3).join('; ');
      return `${SIGNAL_WORDS[name]}${detail ? ` (${detail})` : ''}`;
    });
}

/**
 * A short description of what was asked, for reply headings.
 * @example
 * describeSlots({ color: ['blue'], category: 'shirt', gender: 'men', occasion: 'work' }) // 'blue shirt · work · men'
 */
export function describeSlots(slots: {
  color?: string[];
  category?: string;
  occasion?: string;
  season?: string;
  gender?: string;
  pattern?: string;
  material?: string;
  budget_max?: number;
  budget_min?: number;
  currency?: string;
  exclude_color?: string[];
}): string {
  const head = [slots.color?.join('/'), slots.pattern, slots.material, slots.category?.replace(/-/g, ' ')]
    .filter(Boolean)
    .join(' ');
  const money = (x: number) => `${Number.isInteger(x) ? x : x.toFixed(2)} ${slots.currency ?? 'EUR'}`;
  return [
    head,
    slots.occasion?.replace(/[_-]/g, ' '),
    slots.season,
    slots.gender,
    slots.budget_max !== undefined ? `under ${money(slots.budget_max)}` : '',
    slots.budget_min !== undefined ? `over ${money(slots.budget_min)}` : '',
    slots.exclude_color?.length ? `no ${slots.exclude_color.join('/')}` : '',
  ]
    .filter(Boolean)
    .join(' · ');
}
