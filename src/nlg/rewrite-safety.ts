/**
 * What an LLM rewrite of a reply may not add or drop. A rewrite goes to shoppers on Discord, Telegram and the
 * terminal, so anything that could send them elsewhere or act on the platform — a link, a handle, an e-mail address,
 * a phone number ("send your card number to …"), a mass or role mention, markup, a script, a terminal escape — is
 * allowed only when the template text already had it. Prices are facts: the rewrite keeps each one and invents none.
 */
import { type PiiKind, sensitiveSpans } from '../log/redact.ts';

/** Why a rewrite is unsafe (also the restyler's rejection reason). */
export type UnsafeReason =
  | 'control'
  | 'markup'
  | 'mention'
  | 'url'
  | 'email'
  | 'handle'
  | 'phone'
  | 'personal_data'
  | 'missing_price'
  | 'invented_price';

/** The first problem found, with the offending text (shortened) for the log. */
export interface UnsafeFinding {
  reason: UnsafeReason;
  detail: string;
}

/**
 * C0/C1 control characters other than tab and line breaks (ANSI escapes start with ESC), and the bidirectional
 * overrides that make text display in another order than it reads.
 */
// biome-ignore lint/suspicious/noControlCharactersInRegex: finding control characters is the point
const CONTROL = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F-\u009F\u202A-\u202E\u2066-\u2069]/g;
/** HTML/XML tags and comments, and script URL schemes. */
const MARKUP = /<\/?[a-z][a-z0-9-]*(?:\s[^<>]*)?\/?>|<!--|\b(?:javascript|vbscript|data)\s*:/gi;
/** Discord user, role and channel mentions, `@everyone` and `@here`. */
const MENTION = /<(?:@[!&]?|#)\d+>|@(?:everyone|here)\b/gi;
const TLDS =
  'com|net|org|io|co|me|ly|gl|gg|to|tk|xyz|info|biz|app|dev|site|online|shop|store|link|click|top|live|club|ru|' +
  'cn|de|uk|fr|it|es|nl|eu|us|ca|au|in|jp|kr|hk|tw|sg|ch|se|no|pl|pt|br|mx|tv|cc|ws|su|ai|is|ms|vip|xn--[a-z0-9-]+';
/** Links with a scheme, `www.`, and bare domains (`bit.ly/x`, `t.me/shop`, `example.com`). */
const URL_LIKE = new RegExp(
  String.raw`\b[a-z][a-z0-9+.-]*://\S+|\bwww\.\S+|(?<![@\w.-])(?:[a-z0-9-]+\.)+(?:${TLDS})\b(?:/\S*)?`,
  'gi',
);
/** `@name` that is not part of an e-mail address (Telegram, Instagram, X handles). */
const HANDLE = /(?<![\w.@])@[A-Za-z0-9_][A-Za-z0-9_.]{1,31}/g;
/** Prices with their currency: `€14.99`, `14.99 €`, `EUR 14.99`, `$1,250`, `500 CNY`, `¥299`, `299元`. */
const PRICE =
  /([€$£¥￥])\s?(\d[\d,]*(?:\.\d+)?)|(\d[\d,]*(?:\.\d+)?)\s?(€|eur\b|euros?\b|usd\b|gbp\b|cny\b|rmb\b|sek\b|inr\b|jpy\b|元|块)|\b(eur|usd|gbp|cny|rmb|sek|inr|jpy)\s?(\d[\d,]*(?:\.\d+)?)/gi;
const CURRENCY: Record<string, string> = {
  '€': 'EUR',
  eur: 'EUR',
  euro: 'EUR',
  euros: 'EUR',
  $: 'USD',
  usd: 'USD',
  '£': 'GBP',
  gbp: 'GBP',
  '¥': 'CNY',
  '￥': 'CNY',
  cny: 'CNY',
  rmb: 'CNY',
  元: 'CNY',
  块: 'CNY',
  sek: 'SEK',
  inr: 'INR',
  jpy: 'JPY',
};

const shorten = (text: string) => (text.length > 60 ? `${text.slice(0, 57)}…` : text);
const visible = (text: string) => text.replace(CONTROL, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);

/** Every match of a pattern, normalised for comparison (lower case, no spaces). */
function tokens(pattern: RegExp, text: string): string[] {
  return [...text.matchAll(pattern)].map((m) => m[0].toLowerCase().replace(/\s+/g, ''));
}

/** The first token of the rewrite that the template does not contain. */
function added(pattern: RegExp, answer: string, template: string): string | undefined {
  const known = new Set(tokens(pattern, template));
  return [...answer.matchAll(pattern)].find((m) => !known.has(m[0].toLowerCase().replace(/\s+/g, '')))?.[0];
}

const PII_REASON: Partial<Record<PiiKind, UnsafeReason>> = { email: 'email', phone: 'phone' };

/** Personal data (as the log redaction finds it) in the rewrite that the template does not contain. */
function addedPersonalData(answer: string, template: string): UnsafeFinding | undefined {
  const key = (text: string) => text.toLowerCase().replace(/[^\p{L}\p{N}@]/gu, '');
  const known = new Set(sensitiveSpans(template).map((s) => key(template.slice(s.start, s.end))));
  for (const span of sensitiveSpans(answer)) {
    const text = answer.slice(span.start, span.end);
    if (!known.has(key(text))) return { reason: PII_REASON[span.kind] ?? 'personal_data', detail: shorten(text) };
  }
  return undefined;
}

/** Prices as `CUR amount` strings (`EUR 14.99`), so `€14.99`, `14.99 EUR` and `EUR 14.99` are the same price. */
export function pricesIn(text: string): string[] {
  return [...text.matchAll(PRICE)].flatMap((m) => {
    // Each alternative of PRICE captures one currency and one amount.
    const currency = m[1] ?? m[4] ?? m[5];
    const digits = m[2] ?? m[3] ?? m[6];
    if (currency === undefined || digits === undefined) return [];
    const symbol = currency.toLowerCase();
    const amount = Number(digits.replace(/,/g, ''));
    return [`${CURRENCY[symbol] ?? symbol.toUpperCase()} ${amount.toFixed(2)}`];
  });
}

/**
 * The first thing a rewrite adds that its template did not have — a control character, markup, a mention, a link,
 * personal data or a handle — or undefined.
 * @example
 * unsafeAddition('Shop now at bit.ly/deal — Linen shirt €24.90', 'Linen shirt — €24.90')
 * // { reason: 'url', detail: 'bit.ly/deal' }
 */
export function unsafeAddition(answer: string, template: string): UnsafeFinding | undefined {
  const control = added(CONTROL, answer, template);
  if (control !== undefined) return { reason: 'control', detail: visible(control) };
  const checks: [UnsafeReason, RegExp][] = [
    ['markup', MARKUP],
    ['mention', MENTION],
    ['url', URL_LIKE],
  ];
  for (const [reason, pattern] of checks) {
    const found = added(pattern, answer, template);
    if (found !== undefined) return { reason, detail: shorten(found) };
  }
  const personal = addedPersonalData(answer, template);
  if (personal) return personal;
  const handle = added(HANDLE, answer, template);
  if (handle !== undefined) return { reason: 'handle', detail: handle };
  return undefined;
}

/**
 * A price of the template that the rewrite dropped or changed, or a price it invented.
 * @example
 * priceChange('Linen shirt, a steal', 'Linen shirt — €24.90') // { reason: 'missing_price', detail: 'EUR 24.90' }
 */
export function priceChange(answer: string, template: string): UnsafeFinding | undefined {
  const before = pricesIn(template);
  const after = pricesIn(answer);
  const dropped = before.find((p) => !after.includes(p));
  if (dropped) return { reason: 'missing_price', detail: dropped };
  const invented = after.find((p) => !before.includes(p));
  if (invented) return { reason: 'invented_price', detail: invented };
  return undefined;
}
