/**
 * Requests that are words about the conversation rather than about a piece, read here so that `parse --json` shows
 * them and `eval nlu` can measure them (they used to be regular expressions inside the engine): "surprise me", a
 * wish to forget one preference, the cheapest or dearest first, a gift, looks counted rather than pieces ("the
 * second look"), seeing or adding to the wishlist, asking what the bot keeps, and consent to trend statistics.
 */
import type { NluSlots, NluSpan } from './nlu-slots.ts';

/** The flags of `NluSlots`, by name. */
export type Flags = Pick<
  NluSlots,
  'surprise' | 'forget' | 'price_sort' | 'gift' | 'reference_unit' | 'wishlist' | 'asks_what_is_kept' | 'trend_consent'
>;

const SURPRISE =
  /\b(?:surprise me|whatever|you (?:choose|pick|decide)|don'?t (?:care|mind)|no preference|anything(?! (?:but|except|else|in|for|under|below|over|with|without|from|like|that|other)\b))\b|随便|都可以|无所谓/u;
const FORGET = /\b(?:forget|never ?mind|ignore|drop|remove|delete|scratch|undo|clear)\b|忘(?:掉|记)|删除|取消|清除/u;
const SIZES = /\bsizes?\b|尺码|尺寸/u;
const CHEAPEST = /\b(?:cheapest|least expensive|lowest[- ]priced|most affordable)\b|最便宜|最实惠/u;
const DEAREST = /\b(?:most expensive|priciest|dearest|highest[- ]priced)\b|最贵/u;
const GIFT = /\b(?:gifts?|presents?)\b|礼物/u;
const LOOKS = /\b(?:look|outfit)s?\b|第.套|造型/u;
const VIEW_WISHLIST =
  /\b(?:show|see|view|list|open|check|what'?s|what is|what did i|what have i|which)\b.*\b(?:wish ?list|saved|favou?rites)\b|^\s*(?:my\s+)?(?:wish ?list|saved items|favou?rites)\s*[?!.]*\s*$|(?:看看|看一下|查看|显示|打开).*(?:收藏|心愿单)|^\s*我的(?:收藏|心愿单)|收藏了(?:哪些|什么)/u;
const ADDING =
  /\b(?:add|save|keep|put|stick|store|bookmark|pin)\b|\bwish ?list (?:it|this|that)\b|加(?:入|到)|添加|放(?:进|到)|收藏(?:这|那|它|一下)/u;
const WHAT_IS_KEPT =
  /\bwhat (?:do|did|else do) you (?:know|remember|keep|have|store)\b|你(?:都)?(?:知道|记得|存了)(?:我)?(?:什么|哪些)/u;
const ABOUT_TRENDS = /\b(?:trend|trends|statistics|stats)\b|趋势|统计/u;
const ABOUT_ME = /\b(?:my|me|mine)\b|我/u;
const OPT_IN = /\b(?:opt[- ]?in|share|count|include|use)\b|同意|可以|分享/u;
const OPT_OUT = /\b(?:opt[- ]?out|don'?t|do not|stop|never|no longer|exclude)\b|不要|不同意|停止|别/u;

/**
 * Reads the flags of one utterance (lower-cased, as `normalizeText` gives it).
 * @example
 * readFlags('show me the cheapest one', spans, text).price_sort; // 'ascending'
 */
export function readFlags(
  normalized: string,
  text: string,
  ordinalReference: boolean,
): { flags: Flags; spans: NluSpan[] } {
  const flags: Flags = {};
  const spans: NluSpan[] = [];
  const mark = (slot: keyof Flags, value: unknown, pattern: RegExp) => {
    const m = pattern.exec(normalized);
    if (!m) return false;
    (flags as Record<string, unknown>)[slot] = value;
    spans.push({
      slot,
      value,
      start: m.index,
      end: m.index + m[0].length,
      text: text.slice(m.index, m.index + m[0].length),
    });
    return true;
  };
  mark('surprise', true, SURPRISE);
  if (FORGET.test(normalized)) mark('forget', SIZES.test(normalized) ? 'sizes' : 'named', FORGET);
  if (!mark('price_sort', 'ascending', CHEAPEST)) mark('price_sort', 'descending', DEAREST);
  mark('gift', true, GIFT);
  if (ordinalReference) mark('reference_unit', 'look', LOOKS);
  if (!mark('wishlist', 'view', VIEW_WISHLIST) && /wish ?list|收藏|心愿单|saved|favou?rite/u.test(normalized)) {
    mark('wishlist', 'add', ADDING);
  }
  mark('asks_what_is_kept', true, WHAT_IS_KEPT);
  if (ABOUT_TRENDS.test(normalized) && ABOUT_ME.test(normalized)) {
    if (!mark('trend_consent', 'opt_out', OPT_OUT)) mark('trend_consent', 'opt_in', OPT_IN);
  }
  return { flags, spans };
}
