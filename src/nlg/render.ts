/** Turns an action's reply parts into text, in the user's language and tone, varying the wording. */
import type { Language, Random, Say, StateEvent, Tone } from '../types.ts';
import type { Templates } from './templates.ts';

export interface RenderOptions {
  language: Language;
  tone: Tone;
  random: Random;
  /** The variant used last for each key (from the session). */
  lastVariants?: Record<string, number>;
}

/**
 * Renders reply parts; returns the text and the events recording which variants were used.
 * @example
 * renderSay([{ key: 'greeting' }], templates, { language: 'en', tone: 'friendly', random })
 */
export function renderSay(say: readonly Say[], templates: Templates, options: RenderOptions) {
  const events: StateEvent[] = [];
  const blocks = say.map((part) => {
    if ('lines' in part) return part.lines.join('\n');
    const { text, variant } = templates.render(part.key, part.vars ?? {}, {
      language: options.language,
      tone: options.tone,
      random: options.random,
      avoid: options.lastVariants?.[part.key],
    });
    events.push({ type: 'template_used', key: part.key, variant });
    return text;
  });
  return { text: blocks.filter((b) => b.length > 0).join('\n'), events };
}
