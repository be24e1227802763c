/**
 * Dialogue acts: words about the conversation rather than about a piece, read here as slots so that `parse --json`
 * shows them and `eval nlu` measures them (they used to be regular expressions inside the engine). "surprise me", a
 * wish to forget some preferences, the cheapest or dearest first, a gift, looks counted rather than pieces, the
 * wishlist, what the bot keeps, consent to trend statistics, "more" and other follow-ups, a standing preference, a
 * trend word, a question about a shown piece, a whole look, the department some words imply, several ordinals.
 *
 * The patterns run over a canonical copy of the text (`act-text.ts`), so typos, slang and missing punctuation read
 * like the plain sentence; the Chinese patterns list colloquial forms (啥, 咋, 嘛) beside the plain ones.
 */
import { DIALOGUE_ACT_SLOT_KEYS, type Slots } from '../types.ts';
import { canonicalText } from './act-text.ts';
import { ordinalsIn } from './lexicon.ts';
import type { NluSlots, NluSpan } from './nlu-slots.ts';
import { type PairingPhrases, pairingPhrases } from './pairing.ts';
import type { Token } from './text.ts';

/** The dialogue-act slots, by name. */
export type DialogueActs = Pick<Slots, (typeof DIALOGUE_ACT_SLOT_KEYS)[number]>;

/** The names of the dialogue-act slots, and the pairing question's (read in `parser.ts`). */
export const DIALOGUE_ACT_KEYS: ReadonlySet<string> = new Set([...DIALOGUE_ACT_SLOT_KEYS, 'pairing']);

/**
 * The slots without the dialogue acts: what a message says about the pieces themselves.
 * @example
 * withoutActs({ category: 'dress', price_sort: 'ascending' }); // { category: 'dress' }
 */
export function withoutActs<T extends object>(slots: T): T {
  return Object.fromEntries(Object.entries(slots).filter(([key]) => !DIALOGUE_ACT_KEYS.has(key))) as T;
}

const SURPRISE =
  /\b(?:surprise me|whatever|you (?:choose|pick|decide)|(?:don't|do not) (?:care|mind)|no preference|up to you|anything(?= *(?:$|[,.!?]|is fine|works|goes|will do|you (?:like|want|think|pick|choose))))|随便|都可以|无所谓|都行/u;
const FORGET = /\b(?:forget|never ?mind|ignore|drop|remove|delete|scratch|undo|clear)\b|忘(?:掉|记)|删除|取消|清除/u;
const SIZES = /\bsizes?\b|尺码|尺寸/u;
const CHEAPEST = /\b(?:cheapest|least expensive|lowest[- ]priced|most affordable)\b|最便宜|最实惠/u;
const DEAREST = /\b(?:most expensive|priciest|dearest|highest[- ]priced)\b|最贵/u;
const GIFT = /\b(?:gifts?|presents?)\b|礼物/u;
const LOOKS = /\b(?:look|outfit)s?\b|第.套|造型/u;
const VIEW_WISHLIST =
  /\b(?:show|see|view|list|open|check|what's|what is|what did i|what have i|which)\b.*\b(?:wish ?list|saved|favou?rites)\b|^\s*(?:my\s+)?(?:wish ?list|saved items|favou?rites)\s*[?!.]*\s*$|(?:看看|看一下|查看|显示|打开).*(?:收藏|心愿单)|^\s*我的(?:收藏|心愿单)|收藏了(?:哪些|什么|啥)|\bwhat (?:did|have) i (?:save|saved|bookmark|bookmarked)\b/u;
const ADDING =
  /\b(?:add|save|keep|put|stick|store|bookmark|pin)\b|\bwish ?list (?:it|this|that)\b|加(?:入|到)|添加|放(?:进|到)|收藏(?:这|那|它|一下|第)/u;
const WISHLIST_WORDS = /wish ?list|收藏|心愿单|saved|favou?rite/u;
/** "save it", "bookmark this": a save without the word wishlist, said as a command. */
const SAVE_COMMAND = /^\s*(?:please )?(?:add|save|bookmark|pin|store)\b/u;
const WHAT_IS_KEPT =
  /\bwhat (?:do|did|else do) you (?:know|remember|keep|have|store)\b|你(?:都)?(?:知道|记得|存了)(?:我)?(?:什么|哪些|啥)/u;
const ABOUT_TRENDS = /\b(?:trend|trends|statistics|stats)\b|趋势|统计/u;
const ABOUT_ME = /\b(?:my|me|mine)\b|我/u;
const OPT_IN = /\b(?:opt(?: me)?[- ]?in|share|count|include|use)\b|同意|可以|分享/u;
const OPT_OUT = /\b(?:opt(?: me)?[- ]?out|don't|do not|stop|never|no longer|exclude)\b|不要|不同意|停止|别/u;
/** "More", "show me more", "other ones": the next pieces of the same search. */
const MORE =
  /^(?:more|show me more|more (?:please|options|of (?:these|those|them))|other ones|any others?|next)\b[\s!?.]*$|^(?:再来(?:点|几个|几件|一些)(?!别)|换一批|还有(?:别的)?[吗嘛]|更多|再看看)/u;
/** Short follow-ups that change the last request ("more", "cheaper", "something sexier"). */
const FOLLOW_UP =
  /^(?:more|show me more|more please|other ones?|something else|cheaper|something (?:sexier|warmer|cheaper|different|else|more \w+)|more (?:casual|formal|elegant|colou?rful)|warmer|sexier|different ones?)\b|^(?:再来|换一批|还有吗|更多|便宜)/u;
/** A standing preference ("I hate yellow", "my budget is always 80 euros"), not a wish to shop now. */
const STANDING =
  /\b(?:hate|don't like|do not like|dislike|can't stand|love|remember|i'? ?m a size|my size|always|usually|generally|in general)\b|讨厌|不喜欢|记住|一般|通常|平时|总是/u;
/** Words without which a message is no trend question ("for a wedding guest thing in autumn" is a wish). */
const TREND_WORDS =
  /\b(?:trend\w*|popular|in style|in fashion|fashionable|hot|hip|coming back|comeback|still a thing|out of style|in season|what's in(?= now| this| for| right now|\s*[?!.]*$)|everyone|people wear\w*)\b|流行|趋势|时髦|火|过时|热门/u;
/** Words that point at a piece: "it", "this one", "the second", 这件, 第二件, or none in "是羊毛的吗" ("is (it) wool?"). */
const POINTS_AT_A_PIECE =
  /\b(?:it|this|that|these|those|them|one|ones)\b|这|那|它|第.(?:件|个|套|双|条|款)|^是[^，,。？?]{1,8}的[吗嘛]/u;
/** Words that ask for a fact about a piece: what it is made of, how to care for it, what it costs, whether it fits. */
const PIECE_FACTS =
  /\b(?:material|made of|made from|fabric|wash\w*|waterproof|shrink\w*|iron|dry clean|how much|price|cost\w*|warm enough|true to size|see[- ]through|come in)\b|材质|面料|料子|洗|缩水|防水|多少钱|价格|起球|透/u;
/** A yes/no or which-one question. */
const ASKS = /^(?:is|are|does|do|did|can|could|will|would|has|have|should|which)\b|\?\s*$|吗|哪(?:个|件|一)|还是/u;

/** "Do you have ones in wool?": a question whether the shop has pieces, which is a wish, not a question about one. */
const ASKS_FOR_STOCK = /\b(?:do|does) (?:you|u|they) (?:have|got|sell|carry|stock)\b(?! (?:it|this|that|the \w+))/u;

/** Words that ask for a whole look rather than one kind of piece ("a fit for …", "fit inspo": chat for an outfit). */
const WHOLE_LOOK =
  /\b(?:outfits?|looks?|wear|pack|put together|dress me|(?:a|the|new|my) fit (?:for|to|together)|fit (?:ideas?|inspo|check))\b|穿什么|穿啥|搭配|造型|[一两三几]套/u;
/** Kinds of piece only women's departments sell, and those only men's do (canonical article types). */
const WOMENS_PIECES: ReadonlySet<string> = new Set(['dress', 'skirt', 'bra', 'bikini', 'heels', 'blouse', 'leggings']);
const MENS_PIECES: ReadonlySet<string> = new Set(['tie', 'cufflinks']);
/**
 * Words of pieces or wishes only women's departments serve, beside the kind of piece asked for ("dress" alone is left
 * to the category, which knows "dress me" and "dress up" for verbs).
 */
const WOMENS_WORDS =
  /\b(?:dresses|skirts?|bras?|bikinis?|heels|blouses?|leggings|hijab|abaya|maternity|pregnan\w*|bridesmaids?|hen party|bachelorette)\b|连衣裙|裙|高跟|文胸|孕/u;
const MENS_WORDS = /\b(?:ties|cufflinks|tux(?:edo)?s?|beard|groomsm[ae]n|stag do|bachelor party)\b|领带|西装男/u;

/** The department a kind of piece implies, when only one department sells it. */
function departmentOf(category: string | undefined): DialogueActs['department_hint'] {
  if (!category) return undefined;
  if (WOMENS_PIECES.has(category)) return 'women';
  return MENS_PIECES.has(category) ? 'men' : undefined;
}

/** What a message is read from: its text, as normalised and tokenised, and the slots found so far. */
export interface ActInput {
  text: string;
  normalized: string;
  tokens: readonly Token[];
  slots: NluSlots;
  /** Whether a word is a known word (no typo). */
  known: (word: string) => boolean;
}

/**
 * Reads the dialogue acts of one utterance.
 * @example
 * readDialogueActs({ text, normalized, tokens, slots, known }).acts; // { price_sort: 'ascending' } for "the cheapst pls"
 */
export function readDialogueActs(input: ActInput): {
  acts: DialogueActs;
  spans: NluSpan[];
  pairing?: PairingPhrases;
} {
  const { text: original, slots } = input;
  const { text, origin } = canonicalText(input.normalized, input.tokens, input.known);
  const trimmed = text.trim();
  const acts: DialogueActs = {};
  const spans: NluSpan[] = [];
  const mark = <K extends keyof DialogueActs>(slot: K, value: DialogueActs[K], pattern: RegExp, on = text): boolean => {
    const m = pattern.exec(on);
    if (!m) return false;
    acts[slot] = value;
    const shift = on === text ? 0 : text.indexOf(on);
    const start = origin(m.index + shift);
    const end = origin(m.index + shift + m[0].length);
    spans.push({ slot, value, start, end, text: original.slice(start, end) });
    return true;
  };
  mark('surprise', true, SURPRISE);
  // "delete my data" forgets everything (privacy_forget); only a named colour, fabric or size makes it some preferences.
  const named = slots.color ?? slots.exclude_color ?? slots.material ?? slots.exclude_material;
  const sizes = SIZES.test(text);
  if (sizes || named || slots.reference?.kind === 'attribute') mark('forget', sizes ? 'sizes' : 'named', FORGET);
  if (!mark('price_sort', 'ascending', CHEAPEST)) mark('price_sort', 'descending', DEAREST);
  mark('gift', true, GIFT);
  if (slots.reference?.kind === 'ordinal') mark('reference_unit', 'look', LOOKS);
  if (!mark('wishlist', 'view', VIEW_WISHLIST) && (WISHLIST_WORDS.test(text) || SAVE_COMMAND.test(text))) {
    mark('wishlist', 'add', ADDING);
  }
  mark('asks_what_is_kept', true, WHAT_IS_KEPT);
  if (ABOUT_TRENDS.test(text) && ABOUT_ME.test(text)) {
    if (!mark('trend_consent', 'opt_out', OPT_OUT)) mark('trend_consent', 'opt_in', OPT_IN);
  }
  if (!mark('follow_up', 'more', MORE, trimmed)) mark('follow_up', 'change', FOLLOW_UP, trimmed);
  // Forgetting a preference or asking what is kept states none.
  if (!acts.forget && !acts.asks_what_is_kept) mark('standing_preference', true, STANDING);
  mark('names_trend', true, TREND_WORDS);
  // A question about a piece points at one and asks a fact or a yes/no or which-one question.
  // Two ordinals need one to be read as a reference first (and reading them all is not cheap).
  const ordinals = slots.reference?.kind === 'ordinal' ? [...new Set(ordinalsIn(text))] : [];
  const pointsAt = slots.reference || slots.request_slots || ordinals.length >= 2 || POINTS_AT_A_PIECE.test(text);
  if (pointsAt && !mark('about_piece', true, PIECE_FACTS) && !ASKS_FOR_STOCK.test(text))
    mark('about_piece', true, ASKS);
  // Looks counted ("the second look", 第一套) are looks shown, not a wish for new ones; nor is what one always wears.
  if (!acts.reference_unit && !acts.standing_preference) mark('whole_look', true, WHOLE_LOOK);
  const implied = slots.gender ? undefined : departmentOf(slots.category);
  if (implied) acts.department_hint = implied;
  else if (!slots.gender && !mark('department_hint', 'women', WOMENS_WORDS)) mark('department_hint', 'men', MENS_WORDS);
  if (ordinals.length >= 2) acts.ordinals = ordinals;
  return { acts, spans, pairing: pairingPhrases(text) };
}
