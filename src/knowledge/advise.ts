/**
 * The stylist's answers: from a message's advice slots (and its text, for the finer dress codes and the specific
 * care question), one or two sentences of advice in the reply's language, the rule catalogue pieces must follow
 * to be shown with it (see `pieces.ts`), a short "because" for "why?", and the slots later requests inherit.
 */
import type { Slots } from '../types.ts';
import { careAdvice } from './advice/care.ts';
import { colorAdvice } from './advice/color.ts';
import { dressCodeAdvice } from './advice/dress-code.ts';
import { shapeAdvice } from './advice/shape.ts';
import { ADVICE_TOPICS, type Advice, type AdviceRequest, type AdviceTopic } from './advice/shared.ts';
import { sizeAdvice } from './advice/size.ts';
import { styleAdvice } from './advice/style.ts';
import { weatherAdvice } from './advice/weather.ts';
import type { Knowledge } from './load.ts';
import { knowledgeMatchers } from './match.ts';

export { ADVICE_TOPICS, type Advice, type AdviceRequest, type AdviceTopic };

/** The topic of a request: the extractor's, else what its slots are about. */
export function topicOf(slots: Slots, text: string): AdviceTopic | undefined {
  const stated = slots.advice_topic as AdviceTopic | undefined;
  if (stated && (ADVICE_TOPICS as readonly string[]).includes(stated)) return stated;
  if (slots.skin_tone) return 'color';
  if (slots.body_shape) return 'body_shape';
  if (slots.style_reference) return 'style_reference';
  if (slots.height_cm || slots.weight_kg) return 'size';
  if (slots.place || slots.weather) return 'weather';
  if (knowledgeMatchers().codes.find(text) || slots.occasion) return 'dress_code';
  return undefined;
}

/**
 * Advice for a request.
 * @example
 * advise(knowledge, { slots: { advice_topic: 'color', skin_tone: 'olive' }, text: 'what colours suit olive skin', language: 'en', now })
 * // { topic: 'color', text: 'Olive skin looks best in rich jewel and earth tones …', rule: { colors: ['burgundy', …], … } }
 */
export function advise(knowledge: Knowledge, request: AdviceRequest): Advice {
  const topic = topicOf(request.slots, request.text);
  switch (topic) {
    case 'color':
      return colorAdvice(knowledge, request);
    case 'body_shape':
      return shapeAdvice(knowledge, request);
    case 'dress_code':
      return dressCodeAdvice(knowledge, request);
    case 'weather':
      return weatherAdvice(knowledge, request);
    case 'care':
      return careAdvice(knowledge, request);
    case 'size':
      return sizeAdvice(knowledge, request);
    case 'style_reference':
      return styleAdvice(knowledge, request);
    default:
      return {
        topic: 'unknown',
        question: true,
        text:
          request.language === 'zh'
            ? '你想听哪方面的建议？肤色配色、身材版型、着装规范、天气和旅行、衣物护理还是尺码？'
            : 'What would you like advice on — colours for your skin, cuts for your shape, a dress code, weather and travel, care or sizes?',
      };
  }
}
