/**
 * Looks as chat apps show them: the reply's intro, then one card per look (a title with the total, the short why,
 * one line per piece with its price and colour) and the buttons of that look. Catalogue ids stay in the buttons.
 */
import { formatMoney, fromEur } from '../src/engine/money.ts';
import { term } from '../src/nlg/lexicon.ts';
import type { Language, Reply, ReplyItem } from '../src/types.ts';
import { type Code, ITEM_BUTTONS } from './actions.ts';
import { formatPrice } from './render.ts';

/** One piece of a look card, numbered as the engine numbers it ("the 4th one"). */
export interface CardPiece {
  n: number;
  item: ReplyItem;
  /** `Cypress Dress — €29.99 · black` (no id). */
  line: string;
}

/** One look, ready for a platform's formatting. */
export interface LookCard {
  /** `Look 1 · €50.98` / `搭配 1 · €50.98`. */
  title: string;
  /** The first clause of the look's explanation ("For a wedding: black dress and black heels"), when it has one. */
  why?: string;
  pieces: CardPiece[];
}

/** A button of a look: the action code, the item it acts on and its label. */
export interface LookButton {
  code: Code;
  itemId: string;
  label: string;
}

/** Labels of a look's more-like-it and save buttons. */
const MORE_LIKE: Record<Language, string> = { en: '✨ More like it', zh: '✨ 类似的' };
const SAVE: Record<Language, string> = { en: '💾 Save', zh: '💾 收藏' };
/** Longest label of a piece-picking button (Telegram shows about this much on a phone). */
const PICK_LABEL = 18;
/** Catalogue ids as the engine writes them in its text: ` [hm:0909371001]`. */
const ID_IN_TEXT = /\s*\[[a-z]+:[\w-]+\]/g;

const joinWords = (language: Language | undefined) => (language === 'zh' ? '，' : ' · ');

/**
 * The reply's text without the look and piece lines that the cards show, and without catalogue ids.
 * @example
 * introText(reply) // 'Here are 3 looks (wedding · women):'
 */
export function introText(reply: Reply): string {
  const ids = new Set(reply.outfits.flatMap((look) => look.items.map((item) => item.id)));
  const whys = reply.outfits.map((look) => look.explanation).filter((why) => why.length > 0);
  const heading = /^\s*(Look|搭配)\s*\d+/;
  return reply.text
    .split('\n')
    .filter((line) => ![...ids].some((id) => line.includes(`[${id}]`)))
    .filter((line) => !heading.test(line) && !whys.some((why) => line.includes(why)))
    .map((line) => line.replace(ID_IN_TEXT, ''))
    .join('\n')
    .trim();
}

/** A text with the engine's catalogue ids taken out (`Spring — €19.99, black [hm:0921906005]` → without the id). */
export function withoutIds(text: string): string {
  return text.replace(ID_IN_TEXT, '');
}

/**
 * A EUR price, with the shopper's own currency beside when they gave another one.
 * @example
 * priceWords(29.99, 'CNY') // '€29.99 (≈CN¥231)'
 */
export function priceWords(eur: number | undefined, currency?: string): string | undefined {
  const price = formatPrice(eur);
  if (eur === undefined || !currency || currency.toUpperCase() === 'EUR') return price;
  return `${price} (≈${formatMoney(Math.round(fromEur(eur, currency)), currency)})`;
}

/** One short line for a piece: name, price (in the shopper's currency too) and main colour. */
export function pieceLine(item: ReplyItem, language?: Language, currency?: string): string {
  const color = item.colors[0] && term('color', item.colors[0], language ?? 'en');
  const details = [priceWords(item.price, currency), color].filter(Boolean).join(joinWords(language));
  return details ? `${item.name} — ${details}` : item.name;
}

/**
 * The cards of a reply's looks, pieces numbered across looks as in the engine's text.
 * @example
 * lookCards(reply)[0].title // 'Look 1 · €50.98'
 */
export function lookCards(reply: Reply): LookCard[] {
  let n = 0;
  const currency = reply.slots.currency;
  return reply.outfits.map((look, index) => {
    const priced = look.items.every((item) => item.price !== undefined);
    const total = look.items.reduce((sum, item) => sum + (item.price ?? 0), 0);
    const heading = reply.language === 'zh' ? `搭配 ${index + 1}` : `Look ${index + 1}`;
    const why = look.explanation.split(/ — |\. /)[0]?.trim();
    return {
      title: priced ? `${heading} · ${priceWords(total, currency)}` : heading,
      why: why && reply.language !== 'zh' ? why : undefined,
      pieces: look.items.map((item) => ({ n: ++n, item, line: pieceLine(item, reply.language, currency) })),
    };
  });
}

/**
 * The compact keyboard of one look: 👍 👎 save and more-like-it on its lead piece (the first, the dress or top the
 * look is built on), then one button per other piece to pick it and see more like it.
 * @example
 * lookButtons(lookCards(reply)[0]) // [[👍, 👎, Save, More like it], [🔍 2 Mikita Mule]]
 */
export function lookButtons(card: LookCard, language?: Language): LookButton[][] {
  const [lead, ...others] = card.pieces;
  if (!lead) return [];
  const main = ITEM_BUTTONS.map(({ code, label }) => ({
    code,
    itemId: lead.item.id,
    label: code === 'm' ? MORE_LIKE[language ?? 'en'] : code === 's' ? SAVE[language ?? 'en'] : label,
  }));
  const picks = others.slice(0, 4).map(({ n, item }) => ({
    code: 'm' as const,
    itemId: item.id,
    label: clipLabel(`🔍 ${n} ${item.name}`, PICK_LABEL),
  }));
  return picks.length > 0 ? [main, picks] : [main];
}

function clipLabel(text: string, max: number): string {
  const chars = [...text];
  return chars.length <= max ? text : `${chars.slice(0, max - 1).join('')}…`;
}
