/**
 * Stylist advice ("what colours suit olive skin", "is black ok at a wedding", "tokyo in march", "how do I wash it",
 * "what size for 180 cm 75 kg"): the answer in a sentence or two, then catalogue pieces that follow it. The pieces
 * are chosen by the advice's own rule, so nothing shown contradicts what was said; "why?" cites the advice.
 */
import { type Advice, advise } from '../../knowledge/advise.ts';
import { bundledKnowledge } from '../../knowledge/load.ts';
import { type PieceRule, piecesFor } from '../../knowledge/pieces.ts';
import { listOf, term } from '../../nlg/lexicon.ts';
import type { NluSlots } from '../../nlu/slots.ts';
import type { Item, Language, ScoredItem, Signal, Slots } from '../../types.ts';
import type { Action, ActionResult } from '../context.ts';
import type { StateEvent } from '../events.ts';
import { itemLines } from '../present.ts';
import { resolveReference } from '../references.ts';

/** How many pieces follow an answer. */
const PIECES = 5;

/** The first sentence (or clause before a dash) of an answer, for a shopper who asked for brevity. */
function brief(text: string, language: Language): string {
  const cut = language === 'zh' ? /^(.+?[。；！？])/u.exec(text)?.[1] : /^(.+?(?:[.;!?](?=\s|$)| — ))/u.exec(text)?.[1];
  if (!cut || cut.length < 20) return text;
  return language === 'zh' ? cut.replace(/；$/, '。') : cut.replace(/ — $|;$/, '.');
}

/** What the pieces were looked for by, for the "nothing follows that" answer. */
function ruleWords(rule: PieceRule, language: Language): string {
  const kinds = rule.categories.slice(0, 3).map((c) => term('articleType', c, language));
  const colors = (rule.colors ?? []).slice(0, 3).map((c) => term('color', c, language));
  return [listOf(kinds, language), listOf(colors, language)].filter(Boolean).join(language === 'zh' ? '，' : '; ');
}

/**
 * What a follow-up refines after an answer with pieces: the advice's own carry, plus the kind of piece, colours and
 * department the shopper named ("pear-shaped, what jeans flatter me" then "high waisted pls" refines jeans).
 */
function carriedFromAdvice(slots: Slots, answer: Advice): Slots {
  const named: Slots = {
    category: slots.category,
    color: slots.color,
    gender: slots.gender ?? slots.department_hint,
    fit: slots.fit,
  };
  return { ...defined(named), ...defined(answer.carry ?? {}) };
}

/** The slots that have a value. */
const defined = (slots: Slots): Slots => Object.fromEntries(Object.entries(slots).filter(([, v]) => v !== undefined));

export const advice: Action = ({ slots, parse, state, deps, now }) => {
  const language = state.profile.language ?? parse.language;
  const tone = slots.tone ?? state.profile.tone;
  const knowledge = deps.knowledge ?? bundledKnowledge();
  const { session, profile } = state;
  // Care and size questions may be about a piece shown ("how do I wash it", "what size in the blazer").
  const item: Item | undefined = resolveReference(slots.reference, session, deps.catalog)[0];
  const answer = advise(knowledge, {
    slots,
    text: parse.text,
    language,
    now,
    gender: slots.gender ?? profile.gender,
    sizes: profile.sizes,
    item,
  });
  const text = tone === 'concise' ? brief(answer.text, language) : answer.text;
  const say: ActionResult['say'] = [{ key: 'advice_answer', vars: { advice: text } }];
  const events: StateEvent[] = [];
  if (item && (answer.topic === 'care' || answer.topic === 'size')) events.push({ type: 'focus_set', itemId: item.id });
  // "What's the weather like in Shanghai?" is answered; pieces follow only a question about what to wear.
  if (!answer.rule || (slots as NluSlots).weather_only) return { events, say };

  const rule = answer.rule;
  const pieces = piecesFor(deps.catalog, rule, PIECES, {
    colors: [...profile.dislikedColors, ...(slots.exclude_color ?? [])],
  });
  const carry = carriedFromAdvice(slots, answer);
  if (Object.keys(carry).length > 0) {
    events.push({ type: 'request_set', request: { intent: 'product_search', slots: carry } });
  }
  if (pieces.length === 0) {
    say.push({ key: 'advice_no_pieces', vars: { what: ruleWords(rule, language) } });
    return { events, say };
  }
  const signals: Signal[] = [{ name: 'match', weight: 1, detail: answer.because ?? text }];
  const scored: ScoredItem[] = pieces.map((piece, i) => ({ item: piece, score: 1 - i / 100, signals }));
  events.push({ type: 'shown', itemIds: pieces.map((p) => p.id), outfits: [], signals });
  say.push({ key: 'advice_pieces' }, { lines: itemLines(scored, language, slots.currency) });
  return { events, say, items: scored, signals };
};
