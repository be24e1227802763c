/** Named styles and moods mapped to colors, categories and description words; unknown names get a question. */
import type { Knowledge } from '../load.ts';
import { styleReferenceIn } from '../match.ts';
import { type Advice, type AdviceRequest, colorNames, genders } from './shared.ts';

/** What a named style is made of, with the pieces that follow it. */
export function styleAdvice(knowledge: Knowledge, { slots, language, gender, text }: AdviceRequest): Advice {
  const reference = slots.style_reference ? { id: slots.style_reference } : styleReferenceIn(text);
  const style =
    knowledge.styles.styles.find((s) => s.id === reference?.id) ??
    knowledge.styles.styles.find((s) => s.id === styleReferenceIn(text)?.id);
  if (!style) {
    const name = slots.style_reference ?? styleReferenceIn(text)?.name ?? '';
    return {
      topic: 'style_reference',
      entry: `unknown-style:${name}`,
      question: true,
      text:
        language === 'zh'
          ? `我还不认识“${name}”这种风格——你喜欢它的哪一点？颜色、版型，还是某件单品？`
          : `I don't know the style “${name}” yet — what do you like about it: the colours, the cut, a particular piece?`,
    };
  }
  return {
    topic: 'style_reference',
    entry: style.id,
    text: style.advice[language],
    because:
      language === 'zh'
        ? `${style.aliases.zh[0]}的要素：${colorNames(style.colors, language, 4)}`
        : `the ${style.aliases.en[0]} look: ${colorNames(style.colors, language, 4)}`,
    rule: {
      categories: slots.category ? [slots.category] : style.categories,
      colors: style.colors,
      avoidColors: style.avoidColors,
      words: style.words,
      genders: genders(gender),
    },
    carry: { gender },
  };
}
