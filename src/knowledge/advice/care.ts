/** Care by fabric, named or read from a shown piece's own description. */

import { term } from '../../nlg/lexicon.ts';
import type { Item } from '../../types.ts';
import type { Knowledge } from '../load.ts';
import { knowledgeMatchers, normalize } from '../match.ts';
import type { FabricCare } from '../schema.ts';
import type { Advice, AdviceRequest } from './shared.ts';

/** Fabrics from the most delicate to the sturdiest: a blend is cared for as its most delicate fibre. */
const DELICACY = [
  'cashmere',
  'silk',
  'merino',
  'wool',
  'viscose',
  'leather',
  'faux-leather',
  'down',
  'linen',
  'denim',
  'cotton',
  'polyester',
];

/**
 * The fabric entry for a piece: its listed materials; only when none is known, fabric words (whole words) in its name
 * and description — and "down" there only for outerwear, since "buttons down the front" is no filling.
 */
function fabricOfItem(knowledge: Knowledge, item: Item): FabricCare | undefined {
  const byDelicacy = (a: FabricCare, b: FabricCare) => DELICACY.indexOf(a.material) - DELICACY.indexOf(b.material);
  const listed = knowledge.care.fabrics.filter((f) => item.materials.includes(f.material));
  if (listed.length > 0) return listed.sort(byDelicacy)[0];
  const text = ` ${normalize(`${item.name} ${item.description ?? ''}`).replace(/[^\p{L}\p{N}]+/gu, ' ')} `;
  const named = knowledge.care.fabrics.filter(
    (f) =>
      (f.material !== 'down' || item.category === 'outerwear') &&
      [f.material, ...f.aliases.en].some((a) => text.includes(` ${a} `)),
  );
  return named.sort(byDelicacy)[0];
}

/** Washing, drying and ironing for a fabric or a shown piece. */
export function careAdvice(knowledge: Knowledge, { slots, language, text, item }: AdviceRequest): Advice {
  const zh = language === 'zh';
  const named = knowledgeMatchers().fabrics.find(text)?.id ?? slots.material;
  let fabric = named
    ? knowledge.care.fabrics.find((f) => f.material === named || f.aliases.en.includes(named))
    : undefined;
  if (!fabric && item) fabric = fabricOfItem(knowledge, item);
  if (!fabric) {
    return {
      topic: 'care',
      question: true,
      text: zh
        ? '是什么面料的？看看衣服里的洗涤标签——棉、羊毛、真丝、亚麻还是化纤？告诉我就能给你洗护建议。'
        : "What's it made of? The care label inside says — cotton, wool, silk, linen, synthetics? Tell me and I'll explain how to wash it.",
    };
  }
  const lower = normalize(text);
  let lead = '';
  if (/dryer|tumble|烘干|烘/.test(lower)) {
    lead =
      fabric.tumble === 'never'
        ? zh
          ? '不建议烘干。'
          : 'No — keep it out of the dryer. '
        : fabric.tumble === 'low'
          ? zh
            ? '可以，但只用低温。'
            : 'Only on low heat. '
          : zh
            ? '可以烘干。'
            : 'Yes. ';
  } else if (/shrink|缩水/.test(lower)) {
    lead = fabric.shrinks
      ? zh
        ? '会的，遇热容易缩水。'
        : 'It can, with heat. '
      : zh
        ? '基本不会缩水。'
        : 'Hardly at all. ';
  }
  const about =
    item && !named
      ? zh
        ? `${item.name} [${item.id}] 是${term('material', fabric.material, language)}面料。`
        : `${item.name} [${item.id}] is ${fabric.material.replace('-', ' ')}. `
      : '';
  return {
    topic: 'care',
    entry: fabric.material,
    text: `${lead}${about}${fabric.advice[language]}`,
  };
}
