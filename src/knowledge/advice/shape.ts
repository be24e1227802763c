/** Cuts, lengths and details for a body shape. */
import type { Knowledge } from '../load.ts';
import { type Advice, type AdviceRequest, genders } from './shared.ts';

/** Cuts and details to prefer and to avoid for a body shape. */
export function shapeAdvice(knowledge: Knowledge, { slots, language, gender }: AdviceRequest): Advice {
  const shape = knowledge.body.shapes.find((s) => s.id === slots.body_shape);
  if (!shape) {
    return {
      topic: 'body_shape',
      question: true,
      text:
        language === 'zh'
          ? '你的身材更接近哪种？梨形、苹果型、沙漏型、H型、倒三角，或者娇小、高挑、大码？'
          : 'Which is closest to your shape — pear, apple, hourglass, rectangle or inverted triangle; or petite, tall or plus size?',
    };
  }
  const femaleShape = ['pear', 'hourglass', 'big_bust'].includes(shape.id);
  const department = gender ?? (femaleShape ? 'women' : undefined);
  const asked = slots.category ? [slots.category] : shape.categories;
  return {
    topic: 'body_shape',
    entry: shape.id,
    text: shape.advice[language],
    because:
      language === 'zh'
        ? `适合${shape.aliases.zh[0]}的版型：${shape.prefer.slice(0, 4).join('、')}`
        : `cuts that suit a ${shape.aliases.en[0]} figure: ${shape.prefer.slice(0, 4).join(', ')}`,
    rule: {
      categories: asked,
      words: shape.prefer,
      requireWords: true,
      avoidWords: shape.avoid,
      genders: genders(department),
    },
    carry: { gender: department },
  };
}
