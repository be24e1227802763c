/** One plain English sentence per outfit naming the real reasons it was chosen (from its signals). */
import type { Item, Signal } from '../types.ts';
import type { HarmonyVerdict } from './rules.ts';

/** What the explanation is built from. */
export interface ExplanationInput {
  items: readonly Item[];
  occasion?: string;
  climate?: string;
  harmony: HarmonyVerdict;
  /** Mean pairwise compatibility in [0, 1] from co-purchases, when a model is loaded. */
  compatibility?: number;
  formalitySpread: number;
  total?: number;
  budgetMax?: number;
  anchor?: Item;
  trend?: Signal;
  /** The style asked for and the cues the pieces show for it (only when some piece shows one). */
  style?: { name: string; cues: readonly string[] };
}

/** How each kind of colour harmony reads in an explanation. */
export const HARMONY_WORDS: Record<HarmonyVerdict['kind'], string> = {
  neutral: 'neutral colours that go together',
  tonal: 'tonal shades of one colour',
  accent: 'one accent colour against neutrals',
  complementary: 'complementary colours',
  busy: 'a bold mix of colours',
};

/** How an occasion reads after "for". */
const OCCASION_PHRASES: Record<string, string> = {
  wedding: 'a wedding',
  interview: 'an interview',
  date: 'a date',
  party: 'a party',
  funeral: 'a funeral',
  gym: 'the gym',
  beach: 'the beach',
  travel: 'travelling',
  casual: 'every day',
  'formal event': 'a formal event',
  festive: 'a festive occasion',
  outdoors: 'the outdoors',
  home: 'home',
};

/** Short name of a piece: main colour and article type (`navy shirt`). */
export function pieceName(item: Item): string {
  const color = item.colors[0];
  const type = item.articleType === 't-shirt' ? 't-shirt' : item.articleType.replace(/-/g, ' ');
  return color && color !== 'multi' ? `${color.replace(/-/g, ' ')} ${type}` : type;
}

function list(words: readonly string[]): string {
  if (words.length <= 1) return words.join('');
  return `${words.slice(0, -1).join(', ')} and ${words.at(-1)}`;
}

/** "at 5 °C", "in summer", "in rainy weather". */
/**
 * How an occasion reads after "for".
 * @example
 * occasionPhrase('wedding'); // 'a wedding'
 */
export function occasionPhrase(occasion: string): string {
  return OCCASION_PHRASES[occasion] ?? occasion.replace(/_/g, ' ');
}

function climatePhrase(label: string): string {
  if (label.endsWith('°C')) return `at ${label}`;
  return SEASON_WORDS.has(label) ? `in ${label}` : `in ${label} weather`;
}

const SEASON_WORDS = new Set(['spring', 'summer', 'autumn', 'winter']);

function euros(value: number): string {
  return `€${Math.round(value)}`;
}

/**
 * The sentence, e.g. "For work: navy shirt, beige chinos and brown loafers — neutral colours that go together, all at
 * the same level of formality, pieces shoppers often buy together, €134 in total (budget €200)."
 * @example
 * explainOutfit({ items, occasion: 'work', harmony: { score: 1, kind: 'neutral' }, formalitySpread: 0.1 });
 */
export function explainOutfit(input: ExplanationInput): string {
  const pieces = input.items.filter((i) => i.id !== input.anchor?.id).map(pieceName);
  const occasion = input.occasion && occasionPhrase(input.occasion);
  const setting = [occasion && `for ${occasion}`, input.climate && climatePhrase(input.climate)]
    .filter(Boolean)
    .join(' ');
  const opening = input.anchor
    ? `With the ${pieceName(input.anchor)}${setting ? ` ${setting}` : ''}: ${list(pieces)}`
    : `${setting ? `${setting}: ` : ''}${list(pieces)}`;
  const reasons: string[] = [HARMONY_WORDS[input.harmony.kind]];
  if (input.formalitySpread <= 0.2) reasons.push('all at the same level of formality');
  else if (input.formalitySpread <= 0.4) reasons.push('close in formality');
  if (input.compatibility !== undefined) {
    if (input.compatibility >= 0.6) reasons.push('pieces shoppers often buy together');
    else if (input.compatibility >= 0.5) reasons.push('a combination shoppers buy together');
  }
  if (input.style) {
    const article = /^[aeiou]/.test(input.style.name) ? 'an' : 'a';
    reasons.push(`${article} ${input.style.name} look (${list(input.style.cues.slice(0, 3))})`);
  }
  if (input.trend) reasons.push(input.trend.detail ?? 'on trend');
  if (input.total !== undefined && input.total > 0) {
    reasons.push(
      input.budgetMax !== undefined
        ? `${euros(input.total)} in total (budget ${euros(input.budgetMax)})`
        : `${euros(input.total)} in total`,
    );
  }
  const sentence = `${opening} — ${list(reasons)}.`;
  return sentence.charAt(0).toUpperCase() + sentence.slice(1);
}
