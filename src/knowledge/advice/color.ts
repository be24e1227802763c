/** Colors for a skin tone, and what goes with a named color. */
import { colorFamily, isColor } from '../../catalog/taxonomy.ts';
import { term } from '../../nlg/lexicon.ts';
import type { Knowledge } from '../load.ts';
import { type Advice, type AdviceRequest, colorNames, genders } from './shared.ts';

/** Colors that flatter a skin tone (and ones to keep from the face), or what goes with a named color. */
export function colorAdvice(knowledge: Knowledge, { slots, language, gender, text }: AdviceRequest): Advice {
  const tone = knowledge.colors.tones.find((t) => t.id === slots.skin_tone);
  const categories = slots.category ? [slots.category] : gender === 'men' ? ['top'] : ['top', 'dress'];
  if (tone) {
    const zh = language === 'zh';
    const avoid = tone.avoid.length
      ? zh
        ? `；${colorNames(tone.avoid, language)}不放在脸旁`
        : `; not ${colorNames(tone.avoid, language)} near the face`
      : '';
    return {
      topic: 'color',
      entry: tone.id,
      text: tone.advice[language],
      because: `${zh ? '适合' : 'colours that flatter '}${tone.aliases[language][0] ?? tone.id}${zh ? '：' : ': '}${colorNames(tone.flatter, language, 5)}${avoid}`,
      rule: { categories, colors: tone.flatter, avoidColors: tone.avoid, genders: genders(gender) },
      // Only the department carries over: colours to keep from the face are no rule for the next search.
      carry: { gender },
    };
  }
  // "What goes with navy?": the colours that pair with it.
  const named = slots.color?.[0];
  const pair = named
    ? (knowledge.colors.pairs.find((p) => p.color === named) ??
      knowledge.colors.pairs.find((p) => p.color === colorFamily(named)))
    : undefined;
  if (pair) {
    const withColors = pair.with.filter(isColor);
    return {
      topic: 'color',
      entry: `pair:${pair.color}`,
      text: pair[language],
      because: `${language === 'zh' ? '和' : 'colours that go with '}${term('color', pair.color, language)}${language === 'zh' ? '相配的颜色' : ''}: ${colorNames(withColors, language, 6)}`,
      rule: {
        categories: slots.category ? [slots.category] : ['top', 'bottom', 'outerwear'],
        colors: withColors,
        genders: genders(gender),
      },
    };
  }
  void text;
  return {
    topic: 'color',
    question: true,
    text:
      language === 'zh'
        ? '说说你的肤色吧——偏暖、偏冷还是中性？或者是白皮、黄皮、小麦色、橄榄皮还是深肤色？'
        : 'Tell me about your skin — warm, cool or neutral undertone, or fair, olive, medium or deep? (Veins looking greenish usually means warm, bluish means cool.)',
  };
}
