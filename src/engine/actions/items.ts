/** Questions about shown items, comparisons, the wishlist, and 👍/👎 feedback. */

import { canonicalOccasion, OCCASIONS } from '../../catalog/taxonomy.ts';
import { colorVariants } from '../../catalog/variants.ts';
import { listOf, term, terms } from '../../nlg/lexicon.ts';
import { occasionPhrase } from '../../outfits/explain.ts';
import type { Item, Language } from '../../types.ts';
import type { Action, ActionResult, TurnContext } from '../context.ts';
import { countsLooks } from '../dialogue/shown.ts';
import type { StateEvent } from '../events.ts';
import { formatPrice } from '../money.ts';
import { describeSlots, itemLines } from '../present.ts';
import { resolveReference } from '../references.ts';
import { compareLooks } from './looks.ts';
import { occasionMisfit } from './occasion-fit.ts';
import { runOutfits, runSearch } from './shopping.ts';
import { yesNoAnswers } from './yes-no.ts';

/**
 * Items the turn is about: a button's item, else the piece the policy named, else every piece of the look named, else
 * the reference, else the focus.
 */
function targetItems(context: TurnContext): Item[] {
  const { catalog } = context.deps;
  const action = context.message.action;
  if (action) {
    const item = catalog.get(action.itemId);
    return item ? [item] : [];
  }
  // The piece the policy found ("the shirt of look 3").
  const decided = context.itemId ? catalog.get(context.itemId) : undefined;
  if (decided) return [decided];
  const { reference } = context.slots;
  const looks = context.state.session.lastOutfits;
  // "The second look", "第二套": an ordinal that counts looks, not pieces.
  if (reference?.kind === 'ordinal' && looks.length > 0 && context.parse.slots.reference_unit === 'look') {
    const look = reference.index < 0 ? looks.at(reference.index) : looks[reference.index];
    return (look ?? []).map((id) => catalog.get(id)).filter((item): item is Item => item !== undefined);
  }
  return resolveReference(reference, context.state.session, catalog);
}

/** The reply when a reference cannot be resolved: "which one?", keeping the question for the answer ("the first one"). */
function unresolved(context: TurnContext): ActionResult {
  const shown = context.state.session.lastShown.length;
  if (shown === 0) return { events: [], say: [{ key: 'nothing_shown' }] };
  const { reference: _which, ...question } = context.slots;
  const asks = question.request_slots?.length || question.material || question.detail?.length;
  const events: StateEvent[] = asks
    ? [{ type: 'awaiting_set', slot: 'reference', intent: 'item_question', slots: question }]
    : [];
  return { events, say: [{ key: 'which_item', vars: { count: shown } }] };
}

const percent = (x: number) => `${Math.round(x * 100)}%`;

/** The language of the reply this turn (the profile's, else the message's). */
const languageOf = (context: TurnContext): Language => context.state.profile.language ?? context.parse.language;

/** One attribute of an item, in words, or undefined when the catalogue does not know it. */
function fact(item: Item, attribute: string, language: Language): string | undefined {
  return language === 'zh' ? factZh(item, attribute) : factEn(item, attribute);
}

function factEn(item: Item, attribute: string): string | undefined {
  switch (attribute) {
    case 'price':
      return item.price !== undefined ? `it costs ${formatPrice(item.price)}` : undefined;
    case 'color':
      return `it comes in ${item.colors.join(' and ') || 'an unlisted colour'}`;
    case 'material':
      return item.materials.length ? `it is made of ${item.materials.join(', ')}` : undefined;
    case 'pattern':
      return item.pattern ? `the pattern is ${item.pattern}` : undefined;
    case 'season':
      return `it suits ${item.seasons.length ? item.seasons.join(', ') : 'every season'}`;
    case 'occasion':
    case 'usage':
      return `it is made for ${item.usage.join(', ').replace(/_/g, ' ')} wear (formality ${percent(item.formality)})`;
    case 'size':
    case 'availableSizes':
      return item.sizes?.length ? `sizes: ${item.sizes.join(', ')}` : undefined;
    case 'brand':
      return item.brand ? `the brand is ${item.brand}` : undefined;
    case 'description':
      return item.description;
    default:
      return undefined;
  }
}

function factZh(item: Item, attribute: string): string | undefined {
  switch (attribute) {
    case 'price':
      return item.price !== undefined ? `价格 ${formatPrice(item.price, 'zh')}` : undefined;
    case 'color':
      return `颜色：${item.colors.length ? terms('color', item.colors, 'zh', '、') : '未标明'}`;
    case 'material':
      return item.materials.length ? `面料：${terms('material', item.materials, 'zh', '、')}` : undefined;
    case 'pattern':
      return item.pattern ? `图案：${term('pattern', item.pattern, 'zh')}` : undefined;
    case 'season':
      return `适合${item.seasons.length ? terms('season', item.seasons, 'zh', '、') : '四季'}`;
    case 'occasion':
    case 'usage':
      return `适合${terms('usage', item.usage, 'zh', '、')}场合（正式程度 ${percent(item.formality)}）`;
    case 'size':
    case 'availableSizes':
      return item.sizes?.length ? `尺码：${item.sizes.join('、')}` : undefined;
    case 'brand':
      return item.brand ? `品牌：${item.brand}` : undefined;
    // The catalogue's descriptions are English product copy; they are not translated.
    case 'description':
      return item.description;
    default:
      return undefined;
  }
}

/**
 * The colours a piece comes in: its own and its colour variants' ("only in white" when it has none).
 * @example
 * colorFact(whiteSneaker, [blackSneaker], 'en') // 'it comes in white, and also in black'
 */
export function colorFact(item: Item, variants: readonly Item[], language: Language): string {
  const own = item.colors;
  const others = [...new Set(variants.flatMap((v) => v.colors))].filter((c) => !own.includes(c));
  if (language === 'zh') {
    const mine = own.length ? terms('color', own, 'zh', '、') : '未标明的颜色';
    return others.length ? `颜色：${mine}，还有${terms('color', others, 'zh', '、')}` : `颜色：只有${mine}`;
  }
  const mine = own.length ? own.join(' and ') : 'an unlisted colour';
  return others.length ? `it comes in ${mine}, and also in ${listOf(others, 'en')}` : `it comes only in ${mine}`;
}

/** One line of a side-by-side comparison. */
function compareLine(n: number, i: Item, language: Language): string {
  if (language === 'zh') {
    const seasons = i.seasons.length ? terms('season', i.seasons, 'zh') : '四季';
    const materials = i.materials.length ? `，${terms('material', i.materials, 'zh')}` : '';
    return (
      `${n}. ${i.name} [${i.id}] — ${formatPrice(i.price, 'zh')}，${terms('color', i.colors, 'zh')}，` +
      `${terms('usage', i.usage, 'zh')}，正式程度 ${percent(i.formality)}，${seasons}${materials}`
    );
  }
  return (
    `${n}. ${i.name} [${i.id}] — ${formatPrice(i.price)}, ${i.colors.join('/')}, ` +
    `${i.usage.join('/').replace(/_/g, ' ')}, formality ${percent(i.formality)}, ` +
    `${i.seasons.length ? i.seasons.join('/') : 'all seasons'}${i.materials.length ? `, ${i.materials.join('/')}` : ''}`
  );
}

const DEFAULT_FACTS = ['price', 'color', 'material', 'season', 'occasion'];

export const itemQuestion: Action = (context) => {
  const [item] = targetItems(context);
  if (!item) return unresolved(context);
  const language = languageOf(context);
  const answers = yesNoAnswers(item, { ...context.parse, slots: context.slots }, language);
  const asked = context.slots.request_slots?.length ? context.slots.request_slots : answers.length ? [] : DEFAULT_FACTS;
  const colors = asked.includes('color') ? colorFact(item, colorVariants(context.deps.catalog, item), language) : '';
  const known = asked.map((a) => [a, a === 'color' ? colors : fact(item, a, language)] as const);
  const facts = known.flatMap(([, f]) => (f === undefined ? [] : [f]));
  const missing = known.filter(([, f]) => f === undefined).map(([a]) => a);
  const say: ActionResult['say'] = [{ key: 'item_facts', vars: { name: item.name, id: item.id } }];
  if (answers.length + facts.length > 0) say.push({ lines: [...answers, ...facts].map((f) => `• ${f}`) });
  if (missing.length) {
    const attributes =
      language === 'zh'
        ? listOf(
            missing.map((a) => term('attribute', a, 'zh')),
            'zh',
          )
        : missing.join(', ');
    say.push({ key: 'item_unknown', vars: { attributes } });
  }
  return { events: [{ type: 'focus_set', itemId: item.id }], say };
};

/** Fits closer than this count as a tie. */
const FIT_TIE = 0.05;
/** A piece that misses an occasion by more than this does not suit it (see `occasionMisfit`). */
const MISFIT_OK = 0.1;
/** One piece is "the one more shoppers buy" when it sold this many times as often as the other. */
const POPULAR_RATIO = 1.5;

/**
 * The cheaper one; at one price, a word on colour, or on what shoppers buy, or that they are alike. Nothing when a
 * price is not known.
 */
function priceVerdict(
  a: Item,
  b: Item,
  language: Language,
): { key: string; vars?: Record<string, string> } | undefined {
  if (a.price === undefined || b.price === undefined) return undefined;
  if (a.price !== b.price) {
    const name = a.price < b.price ? a.name : b.name;
    return { key: 'compare_cheaper', vars: { name, diff: formatPrice(Math.abs(a.price - b.price), language) } };
  }
  if (a.colors[0] !== b.colors[0]) return { key: 'compare_similar' };
  if (Math.max(a.popularity, b.popularity) > POPULAR_RATIO * Math.max(1, Math.min(a.popularity, b.popularity))) {
    return { key: 'compare_popular', vars: { name: a.popularity > b.popularity ? a.name : b.name } };
  }
  return { key: 'compare_alike' };
}

export const compare: Action = (context) => {
  let items = targetItems(context);
  // "The first or the fourth?": the parser keeps one reference, the text names both.
  const named = context.message.action ? [] : [...new Set(context.parse.slots.ordinals ?? [])];
  // After looks, "1st or 3rd?" compares the looks, not two of their pieces.
  const looks = named.length >= 2 && countsLooks(context.parse, context.state.session, named);
  const compared = looks ? compareLooks(context, named) : undefined;
  if (compared) return compared;
  if (items.length < 2 && named.length >= 2) {
    const { session } = context.state;
    items = named.flatMap((index) => resolveReference({ kind: 'ordinal', index }, session, context.deps.catalog));
  }
  if (items.length < 2) {
    items = context.state.session.lastShown
      .slice(0, 2)
      .map((id) => context.deps.catalog.get(id))
      .filter((i): i is Item => i !== undefined);
  }
  if (items.length < 2) return unresolved(context);
  const [a, b] = items as [Item, Item];
  const language = languageOf(context);
  const lines = [a, b].map((i, n) => compareLine(n + 1, i, language));
  const say: ActionResult['say'] = [{ key: 'compare_intro' }, { lines }];
  // "Which one is better for a date?": the one that suits the occasion, first.
  let neither = false;
  const occasion = context.slots.occasion ? OCCASIONS[canonicalOccasion(context.slots.occasion) ?? ''] : undefined;
  if (occasion) {
    const where = language === 'zh' ? describeSlots({ occasion: occasion.name }, 'zh') : occasionPhrase(occasion.name);
    const [missA, missB] = [occasionMisfit(a, occasion), occasionMisfit(b, occasion)];
    const vars = { occasion: where, name: missA < missB ? a.name : b.name };
    neither = Math.min(missA, missB) > MISFIT_OK;
    if (neither) say.push({ key: 'compare_occasion_neither', vars });
    else if (Math.abs(missA - missB) < FIT_TIE) say.push({ key: 'compare_occasion_both', vars });
    else say.push({ key: 'compare_occasion', vars });
  }
  const verdict = priceVerdict(a, b, language);
  // After "neither suits it", only the price still matters.
  if (verdict && (!neither || verdict.key === 'compare_cheaper')) say.push(verdict);
  if (a.formality !== b.formality && !occasion) {
    const dressier = a.formality > b.formality ? a.name : b.name;
    say.push({ lines: [language === 'zh' ? `${dressier} 更正式。` : `${dressier} is the dressier one.`] });
  }
  return { events: [], say };
};

/** The saved items, newest last, as a list "the second one" can point into; shown to the shopper only. */
function showWishlist(context: TurnContext): ActionResult {
  const { catalog } = context.deps;
  const items = context.state.profile.wishlist
    .map((id) => catalog.get(id))
    .filter((item): item is Item => item !== undefined)
    .map((item) => ({ item, score: 0, signals: [] }));
  if (items.length === 0) return { events: [], say: [{ key: 'wishlist_empty' }], private: true };
  return {
    events: [{ type: 'shown', itemIds: items.map((s) => s.item.id), outfits: [], signals: [] }],
    say: [{ key: 'wishlist', vars: { count: items.length } }, { lines: itemLines(items, languageOf(context)) }],
    items,
    private: true,
  };
}

export const saveItem: Action = (context) => {
  // "Show my wishlist", "what did I save?", "我的收藏" — or a save that names nothing to add: the wishlist is shown.
  if (!context.message.action && !context.slots.reference && context.parse.slots.wishlist !== 'add') {
    return showWishlist(context);
  }
  const items = targetItems(context);
  const [first] = items;
  if (!first) return unresolved(context);
  const events: StateEvent[] = items.map((i) => ({ type: 'item_saved', itemId: i.id }));
  return {
    events: [...events, { type: 'focus_set', itemId: first.id }],
    say: [
      {
        key: 'saved',
        vars: {
          name: items.map((i) => i.name).join(', '),
          count: context.state.profile.wishlist.length + items.length,
        },
      },
    ],
    // The confirmation counts the wishlist.
    private: true,
  };
};

/** 👍/👎: records the feedback, then shows the active request again so the change is visible. */
function feedback(value: 1 | -1): Action {
  return (context) => {
    const items = targetItems(context);
    const events: StateEvent[] = items.map((i) => ({ type: 'feedback_given', itemId: i.id, value }));
    const key = value > 0 ? 'feedback_positive' : 'feedback_negative';
    if (items.length === 0) return { events: [], say: [{ key: `${key}_general` }] };
    const names = items.map((i) => i.name).join(', ');
    const request = context.state.session.request;
    if (!request) return { events, say: [{ key, vars: { name: names } }] };
    const profile = {
      ...context.state.profile,
      feedback: [...context.state.profile.feedback, ...items.map((i) => ({ itemId: i.id, value, at: context.now }))],
    };
    const updated = { ...context, state: { ...context.state, profile } };
    const next =
      request.intent === 'outfit_request'
        ? runOutfits(updated, request.slots, 'updated_outfits_intro')
        : runSearch(updated, request.slots, 'updated_items_intro');
    return { ...next, events: [...events, ...next.events], say: [{ key, vars: { name: names } }, ...next.say] };
  };
}

export const feedbackPositive = feedback(1);
export const feedbackNegative = feedback(-1);
