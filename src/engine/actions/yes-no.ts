/**
 * Yes/no questions about a shown piece ("is the 5th one waterproof?", "is it wool", 是羊毛的吗): answered from the
 * piece's own name, description and materials, saying so when the catalogue does not tell.
 */
import { term } from '../../nlg/lexicon.ts';
import type { Item, Language, Parse } from '../../types.ts';

/** Words that mean a detail asked about, beyond the detail's own name. */
const DETAIL_WORDS: Readonly<Record<string, RegExp>> = {
  waterproof: /\bwater[- ]?(?:proof|repellent|resistant)|\bcoated\b|\brain\w*/i,
  lined: /\blined\b|\blining\b|\bfleece\b|\bpadded\b/i,
  'high waist': /\bhigh[- ]?(?:waist\w*|rise)\b|\bHW\b/i,
};

/** A piece's words: its name, description and materials. */
const wordsOf = (item: Item) => `${item.name} ${item.description ?? ''} ${item.materials.join(' ')}`;

/** Whether a piece's words say it has a detail. */
function hasDetail(item: Item, detail: string): boolean {
  const pattern =
    DETAIL_WORDS[detail] ?? new RegExp(`\\b${detail.replace(/[^a-z ]/gi, '').replace(/ /g, '[- ]?')}`, 'i');
  return pattern.test(wordsOf(item));
}

/** How the shopper called a detail (their own words, else the canonical name). */
function spokenDetail(parse: Parse, detail: string): string {
  return parse.spans.find((s) => s.slot === 'detail' && s.value === detail)?.text ?? detail;
}

function detailLine(item: Item, said: string, detail: string, language: Language): string {
  const yes = hasDetail(item, detail);
  if (language === 'zh') return yes ? `是的，商品描述写明了${said}` : `商品描述里没有提到${said}，不能确定`;
  return yes
    ? `yes — its description says ${said}`
    : `its description doesn't say it is ${said}, so I can't promise that`;
}

function materialLine(item: Item, material: string, language: Language): string {
  const named = term('material', material, language);
  const has = item.materials.includes(material) || new RegExp(`\\b${material}`, 'i').test(wordsOf(item));
  const made = item.materials.map((m) => term('material', m, language)).join(language === 'zh' ? '、' : ', ');
  if (language === 'zh') {
    if (has) return `是的，含${named}`;
    return made ? `不是${named}的，面料是${made}` : `目录里没有它的面料信息，不能确定是不是${named}的`;
  }
  if (has) return `yes, it has ${named} in it`;
  return made
    ? `no, it isn't ${named}: it is made of ${made}`
    : `the catalogue doesn't list its fabric, so I can't say`;
}

/**
 * The answers to the yes/no questions a message asks about a piece: one line per detail or material asked about.
 * @example
 * yesNoAnswers(raincoat, parseOf('is the 5th one waterproof?'), 'en') // ['yes — its description says waterproof']
 */
export function yesNoAnswers(item: Item, parse: Parse, language: Language): string[] {
  const { detail, material } = parse.slots;
  const lines = (detail ?? []).map((d) => detailLine(item, spokenDetail(parse, d), d, language));
  if (material) lines.push(materialLine(item, material, language));
  return lines;
}
