/** Dress codes and etiquette: what a code means, and yes/no/it-depends answers with one reason. */
import { colorFamily } from '../../catalog/taxonomy.ts';
import type { Slots } from '../../types.ts';
import type { Knowledge } from '../load.ts';
import { knowledgeMatchers, normalize } from '../match.ts';
import type { PieceRule } from '../pieces.ts';
import type { DressCode, EtiquetteRule } from '../schema.ts';
import { type Advice, type AdviceRequest, genders } from './shared.ts';

/** The dress code a message names, else the one of its occasion. */
function dressCodeOf(knowledge: Knowledge, slots: Slots, text: string): DressCode | undefined {
  const named = knowledgeMatchers().codes.find(text);
  const codes = knowledge.dressCodes.codes;
  if (named) {
    // "interview at a bank" names the general code first; the industry's code is more specific.
    const specific = codes.find((c) => c.id === named.id);
    return specific;
  }
  const byOccasion: Record<string, string> = {
    wedding: 'wedding_guest',
    funeral: 'funeral',
    interview: 'interview',
    'formal event': 'black_tie',
    party: 'cocktail',
    work: 'smart_casual',
  };
  const id = slots.occasion ? byOccasion[slots.occasion] : undefined;
  return id ? codes.find((c) => c.id === id) : undefined;
}

const COLOR_WORDS = /\b(bright|colou?rful|colou?rs?|vibrant)\b|彩色|鲜艳|亮色/;

function etiquetteRule(knowledge: Knowledge, code: DressCode, slots: Slots, text: string): EtiquetteRule | undefined {
  const colors = slots.color ?? [];
  const category = slots.category;
  const rules = knowledge.dressCodes.rules.filter((r) => r.codes.includes(code.id));
  // "Bright colours", "colourful", "彩色": any colour but the dark ones.
  if ((colors.length === 0 || colors.includes('multi')) && COLOR_WORDS.test(normalize(text))) {
    const colorful = rules.find((r) => r.id.startsWith('colour_'));
    if (colorful) return colorful;
  }
  return (
    rules.find((r) => r.colors?.some((c) => colors.includes(c))) ??
    rules.find((r) => r.colors?.some((c) => colors.some((asked) => colorFamily(asked) === c))) ??
    (category ? rules.find((r) => r.categories?.includes(category)) : undefined)
  );
}

/** What to wear under a dress code, or the verdict of an etiquette question about it. */
export function dressCodeAdvice(knowledge: Knowledge, { slots, language, gender, text }: AdviceRequest): Advice {
  const code = dressCodeOf(knowledge, slots, text);
  if (!code) {
    return {
      topic: 'dress_code',
      question: true,
      text:
        language === 'zh'
          ? '是什么场合？比如婚礼、面试、葬礼、年会、见家长，或者请柬上写的着装要求。'
          : "What's the occasion — a wedding, an interview, a funeral, a black-tie event — or what does the invitation say?",
    };
  }
  const rule: PieceRule = {
    categories: code.categories,
    colors: code.colors,
    avoidColors: code.avoidColors,
    avoidWords: code.avoidWords,
    formality: code.formality,
    genders: genders(gender),
  };
  const etiquette = etiquetteRule(knowledge, code, slots, text);
  const carry: Slots = {
    occasion: code.occasion,
    gender,
    exclude_color: code.avoidColors.length ? code.avoidColors : undefined,
  };
  if (!etiquette) {
    return {
      topic: 'dress_code',
      entry: code.id,
      text: code.advice[language],
      because: language === 'zh' ? `${code.aliases.zh[0]}的着装要求` : `the ${code.aliases.en[0]} dress code`,
      rule,
      carry,
    };
  }
  // Never show what the answer just advised against: a "no" or "it depends" colour or kind of piece is left out.
  const against = etiquette.verdict !== 'yes';
  const { colors } = etiquette;
  if (colors) {
    if (against) rule.avoidColors = [...new Set([...(rule.avoidColors ?? []), ...colors])];
    else rule.colors = colors;
    if (rule.colors && against) rule.colors = rule.colors.filter((c) => !colors.includes(c));
    carry.exclude_color = rule.avoidColors;
  }
  if (etiquette.categories) {
    const named = new Set(etiquette.categories);
    if (against) {
      rule.categories = rule.categories.filter((c) => !named.has(c));
      rule.avoidWords = [...(rule.avoidWords ?? []), ...etiquette.categories.map((c) => c.replace(/-/g, ' '))];
    } else rule.categories = etiquette.categories;
  }
  return {
    topic: 'dress_code',
    entry: `rule:${etiquette.id}`,
    verdict: etiquette.verdict,
    text: etiquette.answer[language],
    because:
      language === 'zh'
        ? `${code.aliases.zh[0]}的礼仪：${etiquette.answer.zh.split(/[——：]/)[0]}`
        : `${code.aliases.en[0]} etiquette`,
    rule,
    carry,
  };
}
