/** Looks compared as looks ("1st or 3rd?", 第一套和第三套哪个更适合约会): the whole outfit, not one piece of it. */
import { canonicalOccasion, OCCASIONS } from '../../catalog/taxonomy.ts';
import { occasionPhrase } from '../../outfits/explain.ts';
import type { Item, Language } from '../../types.ts';
import type { ActionResult, TurnContext } from '../context.ts';
import { formatPrice } from '../money.ts';
import { describeSlots } from '../present.ts';
import { occasionMisfit } from './occasion-fit.ts';

const ZH_NUMBERS = ['一', '二', '三', '四', '五', '六', '七', '八', '九', '十'];

/** "look 2" or 第二套. */
export function lookName(index: number, language: Language): string {
  return language === 'zh' ? `第${ZH_NUMBERS[index] ?? index + 1}套` : `look ${index + 1}`;
}

/** Fits closer than this count as a tie. */
const FIT_TIE = 0.05;
/** A look that misses an occasion by more than this on average does not suit it. */
const MISFIT_OK = 0.1;

interface Look {
  index: number;
  items: Item[];
  /** Total of the priced pieces, EUR, and whether every piece has a price. */
  total: number;
  priced: boolean;
  formality: number;
}

const mean = (values: number[]) => values.reduce((sum, x) => sum + x, 0) / Math.max(1, values.length);

/** One look's line: its number, its pieces, its price and how dressy it is. */
function lookLine(look: Look, language: Language): string {
  const names = look.items.map((item) => item.name).join(language === 'zh' ? '、' : ', ');
  const price = `${look.priced ? '' : language === 'zh' ? '已知价格 ' : 'priced pieces '}${formatPrice(look.total)}`;
  const formality = `${Math.round(look.formality * 100)}%`;
  const name = lookName(look.index, language);
  return language === 'zh'
    ? `${name}：${names} — ${price}，正式程度 ${formality}`
    : `${name.charAt(0).toUpperCase()}${name.slice(1)}: ${names} — ${price}, formality ${formality}`;
}

/**
 * Compares two looks shown last: each look's pieces, price and formality, then which suits the occasion asked about
 * (by the average fit of its pieces), else which is cheaper or dressier. Undefined when the looks are not there.
 * @example
 * compareLooks(context, [0, 2]) // { say: [{ key: 'compare_intro' }, { lines: ['Look 1: …', 'Look 3: …'] }, …] }
 */
export function compareLooks(context: TurnContext, indexes: readonly number[]): ActionResult | undefined {
  const { lastOutfits } = context.state.session;
  const { catalog } = context.deps;
  const looks: Look[] = [];
  for (const named of indexes.slice(0, 2)) {
    const index = named < 0 ? lastOutfits.length + named : named;
    const items = (lastOutfits[index] ?? []).map((id) => catalog.get(id)).filter((i): i is Item => i !== undefined);
    if (items.length === 0) return undefined;
    const total = items.reduce((sum, item) => sum + (item.price ?? 0), 0);
    const priced = items.every((item) => item.price !== undefined);
    looks.push({ index, items, total, priced, formality: mean(items.map((item) => item.formality)) });
  }
  if (looks.length < 2) return undefined;
  const [a, b] = looks as [Look, Look];
  const language: Language = context.state.profile.language ?? context.parse.language;
  const say: ActionResult['say'] = [{ key: 'compare_intro' }, { lines: looks.map((l) => lookLine(l, language)) }];
  const occasion = context.slots.occasion ? OCCASIONS[canonicalOccasion(context.slots.occasion) ?? ''] : undefined;
  if (occasion) {
    const where = language === 'zh' ? describeSlots({ occasion: occasion.name }, 'zh') : occasionPhrase(occasion.name);
    const misfit = (look: Look) => mean(look.items.map((item) => occasionMisfit(item, occasion)));
    const [missA, missB] = [misfit(a), misfit(b)];
    const vars = { occasion: where, name: lookName(missA <= missB ? a.index : b.index, language) };
    if (Math.min(missA, missB) > MISFIT_OK) say.push({ key: 'compare_occasion_neither', vars });
    else if (Math.abs(missA - missB) < FIT_TIE) say.push({ key: 'compare_occasion_both', vars });
    else say.push({ key: 'compare_occasion', vars });
  } else if (a.formality !== b.formality) {
    const dressier = lookName(a.formality > b.formality ? a.index : b.index, language);
    say.push({ lines: [language === 'zh' ? `${dressier}更正式。` : `${dressier} is the dressier one.`] });
  }
  if (a.priced && b.priced && a.total !== b.total) {
    const name = lookName(a.total < b.total ? a.index : b.index, language);
    say.push({ key: 'compare_cheaper', vars: { name, diff: formatPrice(Math.abs(a.total - b.total), language) } });
  }
  return { events: [], say };
}
