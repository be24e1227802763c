/** Item and outfit lines shown in replies: numbered, with price and catalogue id. */
import { signalPhrase, term, terms } from '../nlg/lexicon.ts';
import type { Item, Language, Outfit, ScoredItem, Signal } from '../types.ts';
import { budgetWords, priceInCurrency } from './money.ts';

/**
 * One numbered item line.
 * @example
 * itemLine(1, item) // '1. Navy linen shirt — €39.90, navy [demo:m-linen-shirt]'
 */
export function itemLine(n: number, item: Item, language: Language = 'en', currency?: string): string {
  const colors = terms('color', item.colors.slice(0, 2), language);
  const comma = language === 'zh' ? '，' : ', ';
  const price = priceInCurrency(item.price, language, currency);
  return `${n}. ${item.name} — ${price}${colors ? `${comma}${colors}` : ''} [${item.id}]`;
}

/** Numbered lines for a list of items, starting at 1; prices also in the shopper's `currency` when they gave one. */
export function itemLines(items: readonly ScoredItem[], language: Language, currency?: string): string[] {
  return items.map((s, i) => itemLine(i + 1, s.item, language, currency));
}

/**
 * Lines for outfits; items are numbered across outfits so "the fourth one" is unambiguous. The composer writes its
 * explanation in English; in Chinese the "why" is rendered from the outfit's structured signals instead.
 */
export function outfitLines(outfits: readonly Outfit[], language: Language, currency?: string): string[] {
  const lines: string[] = [];
  let n = 0;
  outfits.forEach((outfit, index) => {
    const total = outfit.items.reduce((sum, s) => sum + (s.item.price ?? 0), 0);
    const priced = outfit.items.every((s) => s.item.price !== undefined);
    const heading = language === 'zh' ? `搭配 ${index + 1}` : `Look ${index + 1}`;
    // "differs from the outfits before it" is about the list, not a reason to wear the outfit.
    const reasons = outfit.signals.filter((s) => s.name !== 'diversity');
    const why = language === 'zh' ? explainSignals(reasons, 2, 'zh').join('；') : outfit.explanation;
    const price = priced
      ? language === 'zh'
        ? `（${priceInCurrency(total, language, currency)}）`
        : ` (${priceInCurrency(total, language, currency)})`
      : '';
    lines.push(`${heading}${price}${language === 'zh' ? '：' : ': '}${why}`);
    for (const s of outfit.items) lines.push(`   ${itemLine(++n, s.item, language, currency)}`);
  });
  return lines;
}

const HAN = /\p{Script=Han}/u;

/** Signals that answer something the shopper asked for explicitly. */
const ASKED_FOR = new Set<Signal['name']>(['style']);

/**
 * Sums signals by name and describes the strongest ones, with their details. The details are free text (English from
 * the models, the reply's language from the advisor); each phrase keeps only the details in its own language.
 * @example
 * explainSignals([{ name: 'match', weight: 1, detail: 'navy shirt' }]) // ['it matches what you asked for (navy shirt)']
 * explainSignals([{ name: 'match', weight: 1, detail: 'navy shirt' }], 4, 'zh') // ['符合你的要求']
 */
export function explainSignals(signals: readonly Signal[], max = 4, language: Language = 'en'): string[] {
  const byName = new Map<Signal['name'], { weight: number; details: Set<string> }>();
  for (const s of signals) {
    const entry = byName.get(s.name) ?? { weight: 0, details: new Set<string>() };
    entry.weight += Math.abs(s.weight);
    if (s.detail) entry.details.add(s.detail);
    byName.set(s.name, entry);
  }
  // What the shopper asked for in so many words (a style) is named first, however small its weight.
  const asked = (name: Signal['name']) => (ASKED_FOR.has(name) ? 1 : 0);
  return [...byName.entries()]
    .sort((a, b) => asked(b[0]) - asked(a[0]) || b[1].weight - a[1].weight)
    .slice(0, max)
    .map(([name, { details }]) => {
      // Details are written in one language (the models' in English, advice in the reply's): only those in this one.
      const inLanguage = [...details].filter((d) => HAN.test(d) === (language === 'zh'));
      const detail = inLanguage.slice(0, 3).join(language === 'zh' ? '；' : '; ');
      const wrapped = language === 'zh' ? `（${detail}）` : ` (${detail})`;
      return `${signalPhrase(name, language)}${detail ? wrapped : ''}`;
    });
}

/**
 * A short description of what was asked, for reply headings, in the reply's language.
 * @example
 * describeSlots({ color: ['blue'], category: 'shirt', gender: 'men', occasion: 'work' }) // 'blue shirt · work · men'
 * describeSlots({ color: ['blue'], category: 'shirt', occasion: 'work' }, 'zh') // '蓝色衬衫 · 上班'
 */
export function describeSlots(
  slots: {
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
    fit?: string;
  },
  language: Language = 'en',
): string {
  const zh = language === 'zh';
  const head = [
    slots.color?.length ? terms('color', slots.color, language) : '',
    slots.pattern ? term('pattern', slots.pattern, language) : '',
    slots.material ? term('material', slots.material, language) : '',
    slots.category ? term('articleType', slots.category, language) : '',
  ]
    .filter(Boolean)
    .join(zh ? '' : ' ');
  const money = (x: number) => budgetWords(x, slots.currency, language);
  return [
    head,
    slots.occasion ? term('occasion', slots.occasion, language) : '',
    slots.season ? term('season', slots.season, language) : '',
    slots.gender ? term('gender', slots.gender, language) : '',
    slots.fit === 'plus' ? (zh ? '大码' : 'plus size') : '',
    slots.budget_max !== undefined ? (zh ? `${money(slots.budget_max)}以内` : `under ${money(slots.budget_max)}`) : '',
    slots.budget_min !== undefined ? (zh ? `${money(slots.budget_min)}以上` : `over ${money(slots.budget_min)}`) : '',
    slots.exclude_color?.length ? `${zh ? '不要' : 'no '}${terms('color', slots.exclude_color, language)}` : '',
  ]
    .filter(Boolean)
    .join(' · ');
}
