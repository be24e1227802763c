/** Sizes: children's ages, height and weight, conversions between systems, and a shown piece's fit. */

import { readNumber } from '../../nlu/numbers.ts';
import type { Knowledge } from '../load.ts';
import { bodyMeasures, normalize } from '../match.ts';
import type { Advice, AdviceRequest } from './shared.ts';

type SizeTable = Knowledge['sizes']['tables'][number];

const LETTERS = ['XS', 'S', 'M', 'L', 'XL', 'XXL'];
const SIZE_SYSTEMS: Record<string, string> = { 欧码: 'eu', 英码: 'uk', 美码: 'us', 国标: 'cn' };

/** A likely size from an age, height and weight, or a stated size in another system; else a question back. */
export function sizeAdvice(knowledge: Knowledge, request: AdviceRequest): Advice {
  const { slots, text } = request;
  const lower = normalize(text);
  const measures = {
    ...bodyMeasures(text),
    ...(slots.height_cm ? { height_cm: slots.height_cm } : {}),
    ...(slots.weight_kg ? { weight_kg: slots.weight_kg } : {}),
  };
  const age = childAge(slots.age, lower);
  if (age !== undefined && !measures.height_cm) return childSize(knowledge, request, age);
  if (measures.height_cm || measures.weight_kg) return bodySize(knowledge, request, measures);
  return convertedSize(knowledge, request, lower) ?? pieceSize(knowledge, request);
}

/** A child's age: the slot, else "what size for a 6yo", "6岁"; only ages the kids' table covers (2–14). */
function childAge(slot: number | undefined, lower: string): number | undefined {
  const zhAge = /(十[一二]?|[两二三四五六七八九])\s*岁/.exec(lower)?.[1];
  const digits = /\b(\d{1,2})\s*(?:yo|y\/o|years? old|year-old)|(\d{1,2})\s*岁/.exec(lower);
  const age = slot ?? (zhAge ? readNumber(zhAge) : undefined) ?? Number(digits?.[1] ?? digits?.[2] ?? Number.NaN);
  return Number.isFinite(age) && age >= 2 && age <= 14 ? age : undefined;
}

/** A size table the bundled knowledge holds; throws naming it when the data lacks it. */
function sizeTable(knowledge: Knowledge, what: string, matches: (table: SizeTable) => boolean): SizeTable {
  const table = knowledge.sizes.tables.find(matches);
  if (!table) throw new Error(`the size knowledge has no ${what} table`);
  return table;
}

function childSize(knowledge: Knowledge, { language }: AdviceRequest, age: number): Advice {
  const note = knowledge.sizes.note[language];
  const kids = sizeTable(knowledge, 'kids', (t) => t.id === 'kids');
  const row = kids.rows.find((r) => Number(r[0]) === age);
  if (!row) throw new Error(`the kids' size table has no row for age ${age}`);
  return {
    topic: 'size',
    entry: `kids:${age}`,
    text:
      language === 'zh'
        ? `${age} 岁的孩子一般穿欧码 ${row[1]}（美码 ${row[2]}、国标 ${row[3]}）——个子偏高或偏矮就按身高选；${note}。`
        : `A ${age}-year-old usually wears EU ${row[1]} (US ${row[2]}, CN ${row[3]}) — go by height if they're tall or small for their age; ${note}.`,
  };
}

/** The letter sizes a height and a weight point to, as a range ("M–L"), with the EU size of the larger. */
function bodySize(
  knowledge: Knowledge,
  { language, gender }: AdviceRequest,
  measures: { height_cm?: number; weight_kg?: number },
): Advice {
  const zh = language === 'zh';
  const note = knowledge.sizes.note[language];
  const department: 'men' | 'women' = gender === 'women' || gender === 'girls' ? 'women' : 'men';
  const body = knowledge.sizes.bodies.find((b) => b.gender === department);
  if (!body) throw new Error(`the size knowledge has no ${department}'s body sizes`);
  const pick = (rows: [number, string][], value?: number) =>
    value === undefined ? undefined : rows.find(([max]) => value < max)?.[1];
  const found = [pick(body.height, measures.height_cm), pick(body.weight, measures.weight_kg)].filter(
    (s): s is string => s !== undefined,
  );
  // The body rows end at an upper bound no one reaches, so a given measure always has a letter.
  const letters = found.sort((a, b) => LETTERS.indexOf(a) - LETTERS.indexOf(b));
  const [smallest, largest] = [letters.at(0), letters.at(-1)];
  if (smallest === undefined || largest === undefined)
    throw new Error(`no ${department}'s letter size for ${JSON.stringify(measures)}`);
  const range = smallest === largest ? smallest : `${smallest}–${largest}`;
  const table = sizeTable(knowledge, `${department}_tops`, (t) => t.id === `${department}_tops`);
  const row = table.rows.find((r) => r[0] === largest);
  const said = [
    measures.height_cm ? `${measures.height_cm} cm` : '',
    measures.weight_kg ? `${measures.weight_kg} kg` : '',
  ]
    .filter(Boolean)
    .join(zh ? '、' : ' and ');
  const assumed = gender ? '' : zh ? '（按男装估算，女装请告诉我）' : " (men's sizing — tell me if you shop women's)";
  return {
    topic: 'size',
    entry: `body:${department}:${range}`,
    text: zh
      ? `${said}一般穿 ${range} 码${assumed}，欧码约 ${row?.[1] ?? '-'}——${note}。`
      : `At ${said} you're most likely an ${range} in ${department}'s tops${assumed}, about EU ${row?.[1] ?? '-'}; ${note}.`,
    carry: { size: range.split('–').at(-1) },
  };
}

/** "EU 38 in US?", "what is a UK 10 in EU", "欧码39是美码几码": the size's row of the matching table. */
function convertedSize(knowledge: Knowledge, { slots, language, gender }: AdviceRequest, lower: string) {
  const stated =
    /\b(eu|uk|us|cn)\s*(\d{1,2}(?:\.5)?)\b/.exec(lower) ??
    /(欧码|英码|美码|国标)\s*(\d{1,3}(?:\.5)?)/.exec(lower) ??
    /()(\d{2})\s*码/.exec(lower);
  const sizeSlot = slots.size ? /^(?:(eu|uk|us|cn)\s*)?(\S+)$/i.exec(slots.size) : null;
  const asked = stated?.[2] ?? sizeSlot?.[2];
  if (!asked) return undefined;
  const fromSystem = stated?.[1] ? (SIZE_SYSTEMS[stated[1]] ?? stated[1].toLowerCase()) : sizeSlot?.[1]?.toLowerCase();
  const shoes = /shoe|sneaker|boot|trainer|heel|sandal|鞋/.test(lower) || slots.category === 'footwear';
  const department = gender === 'men' || /\bm[ae]n'?s?\b|\bguys?\b|男/.test(lower) ? 'men' : 'women';
  const kind = shoes ? 'shoes' : /jean|trouser|pant|waist|裤/.test(lower) ? 'bottoms' : 'tops';
  const table = sizeTable(knowledge, `${department}'s ${kind}`, (t) => t.gender === department && t.kind === kind);
  const column = table.columns.indexOf(fromSystem ?? (/^[a-z]+$/i.test(asked) ? 'letter' : 'eu'));
  const row =
    table.rows.find((r) => column >= 0 && r[column]?.toLowerCase() === asked.toLowerCase()) ??
    table.rows.find((r) => r.some((cell) => cell.toLowerCase() === asked.toLowerCase()));
  if (!row) return undefined;
  const note = knowledge.sizes.note[language];
  const cells = table.columns.map((c, i) => `${c === 'letter' ? '' : `${c.toUpperCase()} `}${row[i]}`);
  return {
    topic: 'size',
    entry: `table:${table.id}:${row[0]}`,
    text:
      language === 'zh'
        ? `${table.label.zh}：${cells.join(' = ')}；${note}。`
        : `In ${table.label.en}: ${cells.join(' = ')}; ${note}.`,
  } satisfies Advice;
}

/** How a shown piece fits, with the shopper's usual size when they told it; else what the bot needs to know. */
function pieceSize(knowledge: Knowledge, { language, sizes, item }: AdviceRequest): Advice {
  const zh = language === 'zh';
  const note = knowledge.sizes.note[language];
  const usual = sizes?.clothing ?? sizes?.[item?.articleType ?? ''];
  if (item) {
    const described = `${item.name} ${item.description ?? ''}`;
    const fit = /slim|skinny|fitted|muscle/i.test(described)
      ? 'slim'
      : /oversized|relaxed|loose/i.test(described)
        ? 'oversized'
        : 'regular';
    const fitNotes = knowledge.sizes.fit[fit];
    if (!fitNotes) throw new Error(`the size knowledge has no "${fit}" fit note`);
    const fitNote = fitNotes[language];
    return {
      topic: 'size',
      entry: `item-fit:${fit}`,
      text: usual
        ? zh
          ? `你平时穿 ${usual}：${item.name} [${item.id}] ${fitNote}。${note}。`
          : `You're usually ${/^X*[SML]$/.test(usual) ? `an ${usual}` : usual}: for ${item.name} [${item.id}], ${fitNote}; ${note}.`
        : zh
          ? `${item.name} [${item.id}]：${fitNote}。告诉我你平时穿什么码（或身高体重），我帮你选；${note}。`
          : `For ${item.name} [${item.id}], ${fitNote}. Tell me your usual size (or height and weight) and I'll suggest one; ${note}.`,
    };
  }
  return {
    topic: 'size',
    question: true,
    text: usual
      ? zh
        ? `你说过平时穿 ${usual}。告诉我是哪件衣服，或者给我身高体重，我帮你确认；${note}。`
        : `You told me you're usually ${usual}. Tell me which piece, or your height and weight, and I'll check; ${note}.`
      : zh
        ? '告诉我你的身高体重（或平时穿的码），以及男装还是女装，我帮你估算尺码。'
        : "Tell me your height and weight (or your usual size) and whether you shop men's or women's, and I'll suggest a size.",
  };
}
