/**
 * Precision and recall of `redact` on a hand-written case set (`test/log/redaction-cases.json`), per language.
 *
 * - A **positive** case is a message with personal data; its `pii` strings are the sensitive spans. It is *caught*
 *   when every letter and digit of every span lies inside a redacted span.
 * - A **negative** case is a look-alike message with none (dates, prices, sizes, heights, catalogue ids …). It is a
 *   *false alarm* when anything in it is redacted. A positive case is a false alarm too when a redaction touches none
 *   of its spans, or touches one of its `keep` strings (a size next to a phone number).
 * - recall = caught / positives; precision = caught / (caught + false alarms).
 */
import { z } from 'zod';
import { type PiiSpan, sensitiveSpans } from './redact.ts';

const PositiveCase = z
  .object({ text: z.string().min(1), pii: z.array(z.string().min(1)).min(1), keep: z.array(z.string()).optional() })
  .refine((c) => [...c.pii, ...(c.keep ?? [])].every((s) => c.text.includes(s)), {
    message: 'every pii and keep string must occur in the text',
  });
const LanguageCases = z.object({ positive: z.array(PositiveCase), negative: z.array(z.string().min(1)) });
/** The case file: `{ en: { positive, negative }, zh: { … } }` (other keys, like `about`, are ignored). */
export const RedactionCases = z.object({ en: LanguageCases, zh: LanguageCases });
export type RedactionCases = z.infer<typeof RedactionCases>;

/** The figures for one language, and the cases that went wrong (for reading, not for the JSON summary). */
export interface LanguageScore {
  precision: number;
  recall: number;
  n_pos: number;
  n_neg: number;
  missed: string[];
  false_alarms: string[];
}

const ALNUM = /[\p{L}\p{N}]/u;
const overlaps = (span: PiiSpan, start: number, end: number) => span.start < end && start < span.end;

function covered(text: string, start: number, end: number, spans: PiiSpan[]): boolean {
  for (let i = start; i < end; i++) {
    if (ALNUM.test(text.charAt(i)) && !spans.some((s) => s.start <= i && i < s.end)) return false;
  }
  return true;
}

const round = (x: number) => Math.round(x * 10000) / 10000;

/**
 * Scores one language's cases.
 * @example
 * scoreLanguage({ positive: [{ text: 'call 0612345678', pii: ['0612345678'] }], negative: ['size 38'] });
 * // { precision: 1, recall: 1, n_pos: 1, n_neg: 1, missed: [], false_alarms: [] }
 */
export function scoreLanguage(cases: RedactionCases['en']): LanguageScore {
  const missed: string[] = [];
  const falseAlarms: string[] = [];
  let caught = 0;
  for (const { text, pii, keep = [] } of cases.positive) {
    const spans = sensitiveSpans(text);
    const ranges = pii.map((s) => [text.indexOf(s), text.indexOf(s) + s.length] as const);
    if (ranges.every(([start, end]) => covered(text, start, end, spans))) caught++;
    else missed.push(text);
    const stray = spans.some((span) => !ranges.some(([start, end]) => overlaps(span, start, end)));
    const keptHit = keep.some((k) => spans.some((span) => overlaps(span, text.indexOf(k), text.indexOf(k) + k.length)));
    if (stray || keptHit) falseAlarms.push(text);
  }
  for (const text of cases.negative) if (sensitiveSpans(text).length > 0) falseAlarms.push(text);
  return {
    precision: round(caught + falseAlarms.length === 0 ? 1 : caught / (caught + falseAlarms.length)),
    recall: round(cases.positive.length === 0 ? 1 : caught / cases.positive.length),
    n_pos: cases.positive.length,
    n_neg: cases.negative.length,
    missed,
    false_alarms: falseAlarms,
  };
}

/**
 * Scores both languages.
 * @example
 * const { en, zh } = scoreRedaction(RedactionCases.parse(JSON.parse(readFileSync(file, 'utf8'))));
 */
export function scoreRedaction(cases: RedactionCases): Record<'en' | 'zh', LanguageScore> {
  return { en: scoreLanguage(cases.en), zh: scoreLanguage(cases.zh) };
}
