/**
 * Redaction of personal data before a turn is stored: e-mail addresses (also written out, "alice at example dot
 * com", "艾特 … 点 com"), payment cards, IBANs, identity and passport numbers, street addresses, postcodes and phone
 * numbers, in half- or full-width digits, are replaced by a placeholder naming the kind (`[email]`, `[card]`,
 * `[iban]`, `[id]`, `[passport]`, `[address]`, `[postcode]`, `[phone]`). Prices, sizes, heights and weights, dates,
 * times, years, quantities, temperatures and catalogue ids (`hm:0714790020`) stay.
 */
import { DETECTORS, DIGITLESS_KINDS, foldWidth, type PiiKind, type PiiSpan } from './pii-patterns.ts';

export type { PiiKind, PiiSpan } from './pii-patterns.ts';

const HAS_DIGIT = /[0-9\uFF10-\uFF19]/;
const MAY_HOLD_EMAIL = /[@\uFF20]|艾特|\bat\b/i;

/**
 * The spans of personal data in a text, sorted and not overlapping (overlapping finds are merged; the kind is the
 * more specific one's).
 * @example
 * sensitiveSpans('call +44 20 7946 0958'); // [{ start: 5, end: 21, kind: 'phone' }]
 */
export function sensitiveSpans(text: string): PiiSpan[] {
  const hasDigit = HAS_DIGIT.test(text);
  if (!hasDigit && !MAY_HOLD_EMAIL.test(text)) return [];
  const folded = foldWidth(text);
  const found: (PiiSpan & { rank: number })[] = [];
  DETECTORS.forEach((detector, rank) => {
    if (!hasDigit && !DIGITLESS_KINDS.has(detector.kind)) return;
    if (detector.gate && !detector.gate.test(folded)) return;
    for (const match of folded.matchAll(detector.pattern)) {
      const verdict = detector.accept ? detector.accept(match, folded) : true;
      if (verdict === false) continue;
      const span = verdict === true ? { start: match.index, end: match.index + match[0].length } : verdict;
      if (span.end > span.start) found.push({ ...span, kind: detector.kind, rank });
    }
  });
  found.sort((a, b) => a.start - b.start || b.end - a.end);
  const merged: (PiiSpan & { rank: number })[] = [];
  for (const span of found) {
    const last = merged.at(-1);
    if (last && span.start < last.end) {
      last.end = Math.max(last.end, span.end);
      if (span.rank < last.rank) Object.assign(last, { kind: span.kind, rank: span.rank });
    } else merged.push({ ...span });
  }
  return merged.map(({ start, end, kind }) => ({ start, end, kind }));
}

/**
 * Replaces every span of personal data in a text by `[kind]`.
 * @example
 * redact('mail me at ann@example.com or +44 20 7946 0958'); // 'mail me at [email] or [phone]'
 * redact('as of 2020-04-12, 180cm 75kg, hm:0714790020'); // unchanged
 */
export function redact(text: string): string {
  const spans = sensitiveSpans(text);
  if (spans.length === 0) return text;
  let out = '';
  let at = 0;
  for (const span of spans) {
    out += `${text.slice(at, span.start)}[${span.kind satisfies PiiKind}]`;
    at = span.end;
  }
  return out + text.slice(at);
}

/** Redacts every string inside a JSON-like value (slots), keeping its shape. */
export function redactDeep<T>(value: T): T {
  if (typeof value === 'string') return redact(value) as T;
  if (Array.isArray(value)) return value.map((v) => redactDeep(v)) as T;
  if (value && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, redactDeep(v)])) as T;
  }
  return value;
}
