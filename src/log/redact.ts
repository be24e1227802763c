/**
 * Redaction of personal data before a turn is stored: e-mail addresses, card-like numbers and phone numbers
 * are replaced by `[email]`, `[card]` and `[phone]`.
 */

const EMAIL = /[\p{L}\p{N}._%+-]+@[\p{L}\p{N}-]+(?:\.[\p{L}\p{N}-]+)*\.\p{L}{2,}/gu;
/** 13–19 digits, optionally grouped by spaces or dashes (payment cards). */
const CARD = /(?<![\p{N}])\d(?:[ -]?\d){12,18}(?![\p{N}])/gu;
/**
 * International or national phone numbers: 7+ digits with optional +, spaces, dots, dashes, parentheses — but not
 * catalogue item ids (`hm:0108775015`), which replies name on purpose.
 */
const PHONE =
  /(?<![\p{N}\w])(?<!\b(?:hm|myntra|demo):)(?:\+|00)?\(?\d{1,4}\)?(?:[ .-]?\(?\d{1,4}\)?){2,6}(?![\p{N}])/gu;

/** Dates such as 2024-05-01 or 01.05.2024 look like phone numbers but are kept. */
const DATE = /^(?:\d{4}[-.]\d{1,2}[-.]\d{1,2}|\d{1,2}[-.]\d{1,2}[-.]\d{4})$/;

function digitCount(text: string): number {
  let n = 0;
  for (const ch of text) if (ch >= '0' && ch <= '9') n++;
  return n;
}

/**
 * Replaces e-mail addresses, card-like numbers and phone numbers (7–15 digits) in a text.
 * Prices ("under 50"), sizes ("38"), years and dates stay; ambiguous digit runs are redacted.
 * @example
 * redact('mail me at ann@example.com or +44 20 7946 0958'); // 'mail me at [email] or [phone]'
 */
export function redact(text: string): string {
  return text
    .replace(EMAIL, '[email]')
    .replace(CARD, '[card]')
    .replace(PHONE, (match) => {
      const digits = digitCount(match);
      return digits >= 7 && digits <= 15 && !DATE.test(match) ? '[phone]' : match;
    });
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
