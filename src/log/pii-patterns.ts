/**
 * The detectors behind `redact`: each finds one kind of personal data in a text whose full-width characters have
 * been folded to ASCII (`foldWidth`, same length, so offsets hold for the original). A detector is a pattern plus,
 * where a pattern alone over-matches, a check of the match and its surroundings (dates, prices, sizes, catalogue ids
 * and measurements look like phone or card numbers; "at … dot com" is also ordinary English).
 */

/** What a span of personal data is; also the placeholder written in its place (`[phone]`). */
export type PiiKind = 'email' | 'iban' | 'id' | 'card' | 'passport' | 'address' | 'postcode' | 'phone';

/** A span of personal data in a text: `[start, end)` in UTF-16 units. */
export interface PiiSpan {
  start: number;
  end: number;
  kind: PiiKind;
}

interface Detector {
  kind: PiiKind;
  /** Global (`g`) pattern over the folded text. */
  pattern: RegExp;
  /** A cheap test that every match needs (a keyword, an `@`); the pattern runs only when it passes. */
  gate?: RegExp;
  /** Whether a match is personal data; may narrow it to a capture group. Default: the whole match. */
  accept?: (match: RegExpExecArray, text: string) => boolean | { start: number; end: number };
}

/**
 * Full-width forms (U+FF01–U+FF5E, e.g. `１２３`, `＠`, `．`) become their ASCII twins and the ideographic space a
 * space; every other character stays, so the result has the same length.
 */
export function foldWidth(text: string): string {
  if (!/[\uFF01-\uFF5E\u3000]/.test(text)) return text;
  return text.replace(/[\uFF01-\uFF5E\u3000]/g, (ch) =>
    ch === '\u3000' ? ' ' : String.fromCharCode(ch.charCodeAt(0) - 0xfee0),
  );
}

const digitsOf = (text: string) => text.replace(/\D/g, '');

/** The text just before a match, lower-cased (for context words). */
const before = (text: string, index: number, width: number) =>
  text.slice(Math.max(0, index - width), index).toLowerCase();

// ── e-mail ────────────────────────────────────────────────────────────────────────────────────────────────────────

const EMAIL =
  /(?<![\w.%+-])[A-Za-z0-9._%+-]+\s?@\s?[A-Za-z0-9-]+(?:\s?\.\s?[A-Za-z0-9-]+)*\s?\.\s?[A-Za-z]{2,}(?![A-Za-z])/g;

/** Written-out "at" and "dot": `[at]`, `(at)`, `{at}`, ` at `, `艾特`; `[dot]`, ` dot `, `点`, `.`. */
const AT = String.raw`(?:\s*[[({<]at[\])}>]\s*|\s+at\s+|\s*艾特\s*)`;
const DOT = String.raw`(?:\s*[[({<]dot[\])}>]\s*|\s+dot\s+|\s*点\s*|\s?\.\s?)`;
const TLDS =
  'com|net|org|edu|gov|info|biz|io|co|me|fm|tv|app|dev|uk|de|fr|it|es|nl|be|ch|at|ie|pt|pl|se|no|dk|fi|eu|ru|' +
  'cn|hk|tw|jp|kr|sg|in|au|nz|ca|us|br|mx';
const OBFUSCATED_EMAIL = new RegExp(
  String.raw`(?<![\w.%+-])[A-Za-z0-9_%+-]+(?:${DOT}[A-Za-z0-9_%+-]+)*${AT}[A-Za-z0-9-]+(?:${DOT}[A-Za-z0-9-]+)*${DOT}(?:${TLDS})(?![A-Za-z])`,
  'gi',
);
/** Words that end up in front of a plain " at " in ordinary sentences ("I saw it at zara dot com"). */
const NOT_A_MAILBOX = new Set(
  (
    'it this that these those them me us him her you one ones look looks looking shop shopping bought buy got ' +
    'found saw seen sale sold stuff items available online order ordered cheaper price prices deal deals also ' +
    'there here what which store something anything everything dress shoes'
  ).split(' '),
);

function acceptObfuscatedEmail(match: RegExpExecArray): boolean {
  const text = match[0];
  if (!/[[({<]at[\])}>]|[[({<]dot[\])}>]|\sdot\s|艾特|点|\sat\s/i.test(text)) return false;
  const local = /^[A-Za-z0-9_%+.-]+/.exec(text)?.[0].toLowerCase() ?? '';
  // A bare " at " between words needs a local part that is not an ordinary word before "at".
  return /[[({<]at[\])}>]|艾特/i.test(text) || !NOT_A_MAILBOX.has(local);
}

// ── account and document numbers ──────────────────────────────────────────────────────────────────────────────────

const IBAN_COUNTRIES =
  'AD|AE|AL|AT|AZ|BA|BE|BG|BH|BR|CH|CR|CY|CZ|DE|DK|DO|EE|EG|ES|FI|FO|FR|GB|GE|GI|GL|GR|GT|HR|HU|IE|IL|IQ|IS|IT|JO|' +
  'KW|KZ|LB|LC|LI|LT|LU|LV|MC|MD|ME|MK|MR|MT|MU|NL|NO|PK|PL|PS|PT|QA|RO|RS|SA|SC|SE|SI|SK|SM|ST|SV|TL|TN|TR|UA|VA|VG|XK';
const IBAN = new RegExp(
  String.raw`(?<![A-Za-z0-9])(?:${IBAN_COUNTRIES})\d{2}(?: ?[A-Za-z0-9]{4}){2,7}(?: ?[A-Za-z0-9]{1,3})?(?![A-Za-z0-9])`,
  'gi',
);

/** Chinese resident identity card: 17 digits and a check character. */
const CN_ID = /(?<![A-Za-z0-9])\d{17}[\dXx](?![A-Za-z0-9])/g;
/** US social security number and UK national insurance number. */
const SSN = /(?<![\d-])\d{3}-\d{2}-\d{4}(?![\d-])/g;
const UK_NINO = /(?<![A-Za-z0-9])[A-Z]{2} ?\d{2} ?\d{2} ?\d{2} ?[A-D](?![A-Za-z0-9])/g;

/**
 * Payment cards: 13–19 digits, contiguous or in groups joined by one kind of separator (space, dash, dot, slash,
 * underscore — `4111.1111.1111.1111`). A mix of separators is a list of prices or sizes, not a card.
 */
const CARD = /(?<![\d+])(?:\d{13,19}|\d{1,6}(?:(?<sep> ?[-._/] ?| )\d{1,6}(?:\k<sep>\d{1,6}){0,6})?)(?!\d)/g;
const YEAR = /^(?:19|20)\d\d$/;

function acceptCard(match: RegExpExecArray): boolean {
  const digits = digitsOf(match[0]);
  if (digits.length < 13 || digits.length > 19) return false;
  if (match[0].startsWith('00')) return false; // an international phone number ("0086 137…")
  const groups = match[0].split(/\D+/);
  return !groups.every((g) => YEAR.test(g)); // "trends 2017 2018 2019 2020"
}

/** A passport (or China travel permit) number after the word: 6–10 letters and digits, at least 5 digits. */
const PASSPORT =
  /(?:passport|护照|通行证)[^\n\d]{0,30}?(?<![A-Za-z0-9])([A-Za-z]{0,2}\d[A-Za-z0-9]{5,8})(?![A-Za-z0-9])/gi;

const acceptIban = (match: RegExpExecArray) =>
  digitsOf(match[0]).length >= 8 && match[0].replace(/\s/g, '').length >= 15;

function acceptPassport(match: RegExpExecArray): boolean | { start: number; end: number } {
  const token = match[1];
  if (token === undefined || digitsOf(token).length < 5) return false;
  const end = match.index + match[0].length;
  return { start: end - token.length, end };
}

// ── addresses and postcodes ──────────────────────────────────────────────────────────────────────────────────────────

const STREET_TYPES =
  'Street|St|Road|Rd|Avenue|Ave|Lane|Ln|Drive|Dr|Boulevard|Blvd|Way|Place|Pl|Court|Ct|Terrace|Close|Crescent|' +
  'Square|Sq|Gardens|Grove|Hill|Parkway|Pkwy|Highway|Hwy|Row|Walk|Mews|Loop|Circle|Cir|Alley';
const STREET_WORD = String.raw`(?:[NSEW]|\d{1,3}(?:st|nd|rd|th)|\p{L}[\p{L}'’.-]*)`;
/** "Flat 3, 12 Kings Road", "350 W 34th St", "3/45 George Street": a house number, 1–3 words and a street type. */
const EN_ADDRESS = new RegExp(
  String.raw`(?<![\p{L}\p{N}€$£¥.,])(?:(?:flat|apt\.?|apartment|unit|suite|ste\.?|room)\s*#?\s*[A-Za-z0-9]{1,5},?\s+)?` +
    String.raw`\d{1,5}[A-Za-z]?(?:/\d{1,5})?,?\s+((?:${STREET_WORD}\s+){1,3})(?:${STREET_TYPES})\b\.?(?:\s+(?:NW|NE|SW|SE)\b)?`,
  'giu',
);
/** Words before an address written in lower case ("i live at 7 elm grove"). */
const ADDRESS_CUE = /\b(?:live[sd]?|living|address|ship|send|deliver|post|mail|stay(?:ing)?|move[sd]? to)\b/;

function acceptEnAddress(match: RegExpExecArray, text: string): boolean {
  const street = match[1];
  if (street === undefined) return false;
  const words = street.trim().split(/\s+/);
  const streetType = match[0].trimEnd().split(/\s+/).pop() ?? '';
  const capitalised = [...words, streetType].every((w) => /^(?:\p{Lu}|\d|[NSEW]$)/u.test(w));
  return capitalised || ADDRESS_CUE.test(before(text, match.index, 40));
}

/** "Hauptstraße 5", "Friedrichstr. 123", "Lindenweg 14". */
const DE_ADDRESS =
  /(?<![\p{L}])\p{Lu}[\p{L}-]*(?:straße|strasse|str\.|weg|allee|platz|gasse|damm|ufer|chaussee)\s+\d{1,4}[a-z]?(?![\p{L}\p{N}])/gu;
/** "12 rue de Rivoli", "5 avenue des Champs-Élysées". */
const FR_ADDRESS =
  /(?<![\p{L}\p{N}])\d{1,4}(?:\s?(?:bis|ter))?,?\s+(?:rue|avenue|av\.|boulevard|bd|place|allée|chemin|quai|impasse)\s+(?:(?:de|du|des|la|le|l'|d')\s+)*\p{Lu}[\p{L}']*(?:[\s-]\p{Lu}[\p{L}']*)*/gu;

/** A Han character that can be part of a place name (not a pronoun, verb or particle in front of an address). */
const PLACE_HAN = String.raw`(?:(?![我你他她它的在是到住寄送址请把给了从往烦递收货票去找])\p{Script=Han})`;
/**
 * An administrative unit ("北京市", "朝阳区"). Its name has none of the unit words, so a run of them splits one way
 * only (names that may hold them made "市区市区…1号" take minutes).
 */
const ADMIN_NAME_HAN = `(?:(?![省市区县旗镇乡])${PLACE_HAN})`;
const ZH_ADMIN = `(?:${ADMIN_NAME_HAN}{1,7}(?:省|自治区|特别行政区|市|区|县|旗|镇|乡|街道))`;
const ZH_ROAD = String.raw`${PLACE_HAN}{1,8}?(?:大道|大街|路|街|道|巷|弄|胡同)(?:[一二三四五六七八九十东西南北中]{1,3}段)?\d{1,5}(?:弄\d{1,4})?号`;
const ZH_ESTATE = String.raw`${PLACE_HAN}{1,8}?(?:小区|花园|公寓|家园|苑|城|村|大厦|广场)(?:\d{1,3}期)?\d{1,4}(?:栋|幢|号楼|座)(?:\d{1,2}单元)?(?:\d{2,5}(?:室|号)?)?`;
const ZH_UNIT = String.raw`(?:${PLACE_HAN}{0,8}?(?:\d{1,5}(?:号楼|栋|幢|座|单元|楼|层|室|期)|[A-Z]座)(?:\d{2,5}(?:室|号)?)?)`;
/** "北京市朝阳区建国路88号", "中山路18号2单元301", "阳光花园小区3栋2单元501室". */
const ZH_ADDRESS = new RegExp(`${ZH_ADMIN}{0,5}(?:${ZH_ROAD}${ZH_UNIT}{0,4}|${ZH_ESTATE})`, 'gu');

/** UK postcodes in capitals anywhere ("SW1A 1AA"); in lower case only after a postcode word (below). */
const UK_POSTCODE = /(?<![A-Za-z0-9])[A-PR-UWYZ][A-HK-Y]?\d[A-Z\d]? ?\d[ABD-HJLNP-UW-Z]{2}(?![A-Za-z0-9])/g;
/** The code after "postcode", "zip", "PLZ", "eircode", "邮编" … */
const CUED_POSTCODE =
  /(?:post\s?code|postal\s+code|zip\s?code|zip|plz|eircode|邮编|邮政编码)(?:\s*(?:is|:|#|是|为))?\s*((?:[A-Za-z]{1,2}\d[A-Za-z\d]? ?\d[A-Za-z]{2}|[A-Za-z]\d{2} ?[A-Za-z\d]{4}|\d{4,6}(?:-\d{4})?|\d{4} ?[A-Za-z]{2}))(?![A-Za-z0-9])/gi;
const US_STATES =
  'AL|AK|AZ|AR|CA|CO|CT|DE|DC|FL|GA|HI|ID|IL|IN|IA|KS|KY|LA|ME|MD|MA|MI|MN|MS|MO|MT|NE|NV|NH|NJ|NM|NY|NC|ND|OH|OK|' +
  'OR|PA|RI|SC|SD|TN|TX|UT|VT|VA|WA|WV|WI|WY';
/** A US ZIP after a state ("Austin, TX 78701"). */
const US_ZIP = new RegExp(String.raw`(?<=\b(?:${US_STATES}) )\d{5}(?:-\d{4})?(?!\d)`, 'g');
/** A continental postcode before a town: "10115 Berlin", "75008 Paris", "1012 AB Amsterdam". */
const EU_POSTCODE = /(?<![\p{L}\p{N}€$£¥.,])(?:\d{5}|\d{4} ?(?!SS|SA|SD)[A-Z]{2})(?= \p{Lu}\p{Ll}{2,})/gu;
/** Capitalised words after a number that are not towns. */
const NOT_A_TOWN = /^ (?:Yen|Won|Euros?|Dollars?|Steps|Reviews|Views|Likes|Followers|Pieces|Items|Points)\b/;

const cuedPostcode = (match: RegExpExecArray) => ({
  start: match.index + match[0].length - (match[1] ?? match[0]).length,
  end: match.index + match[0].length,
});

function acceptEuPostcode(match: RegExpExecArray, text: string): boolean {
  return !NOT_A_TOWN.test(text.slice(match.index + match[0].length, match.index + match[0].length + 12));
}

// ── phone numbers ───────────────────────────────────────────────────────────────────────────────────────────────────

/**
 * Groups of digits joined by a space, dot, dash or slash, with an optional `+`/`00` and `(area)`. Each group is a
 * whole run of digits (`(?!\d)`), so a long run is not tried in every split (that backtracking made long messages slow: bench/README.md).
 */
const PHONE =
  /(?<![A-Za-z0-9_.,/+#-])(?<!\d:)(?<!(?:hm|myntra|demo):)(?:\+ ?|00)?(?:\(\d{1,5}\) ?|\d{1,15}(?!\d))(?:(?: ?- ?|[ ./])?(?:\(\d{1,5}\) ?|\d{1,15}(?!\d))){0,7}(?![A-Za-z0-9])/g;
/** Dates (2020-04-12, 24.12.2026, 05/06/2026, 20240501) and year ranges (2020-2021) are never phone numbers. */
const DATE_LIKE =
  /^(?:(?:19|20)\d\d[-./](?:0?[1-9]|1[0-2])[-./](?:0?[1-9]|[12]\d|3[01])|(?:0?[1-9]|[12]\d|3[01])[-./](?:0?[1-9]|[12]\d|3[01])[-./](?:19|20)\d\d|(?:19|20)\d\d(?:0[1-9]|1[0-2])(?:0[1-9]|[12]\d|3[01])|(?:19|20)\d\d ?[-/] ?(?:19|20)\d\d)$/;
const UNIT_AFTER =
  /^\s?(?:cm|mm|m\b|kg|g\b|lbs?\b|ml|°|%|x\b|元|块|円|yen|eur|euros?|usd|sek|cny|rmb|码|号|岁|度|件|条|双|套|步|折|斤|公斤)/i;
/** Words that announce a phone number, so that a short or oddly grouped one counts. */
const PHONE_CUE =
  /(?:phone|tel|call|text|ring|mobile|cell|whatsapp|number|contact|fax|sms|qq|电话|手机|号码|联系|微信|座机|致电|打给)/i;

function acceptPhone(match: RegExpExecArray, text: string): boolean {
  const candidate = match[0];
  const digits = digitsOf(candidate);
  if (digits.length < 7 || digits.length > 15) return false;
  if (DATE_LIKE.test(candidate)) return false;
  const end = match.index + candidate.length;
  if (UNIT_AFTER.test(text.slice(end, end + 5))) return false;
  if (/[€$£¥￥]\s?$/.test(text.slice(Math.max(0, match.index - 2), match.index))) return false;
  if (/^(?:\+|00)/.test(candidate) || candidate.includes('(')) return true;
  if (/^1[3-9]\d{9}$/.test(digits)) return true; // mainland China mobile
  if (digits.startsWith('0') && digits.length >= 9) return true; // national trunk prefix
  if (/^[2-9]\d{2}[-. ]\d{3}[-. ]\d{4}$/.test(candidate)) return true; // North American grouping
  if (/^\d{10,11}$/.test(candidate)) return true;
  return PHONE_CUE.test(before(text, match.index, 25));
}

/** Every detector, most specific first: when spans overlap, the earlier detector names the merged span. */
export const DETECTORS: readonly Detector[] = [
  { kind: 'email', pattern: EMAIL, gate: /@/ },
  { kind: 'email', pattern: OBFUSCATED_EMAIL, gate: /[[({<]at[\])}>]|艾特|\sat\s/i, accept: acceptObfuscatedEmail },
  { kind: 'iban', pattern: IBAN, gate: /[A-Za-z]{2}\d\d/, accept: acceptIban },
  { kind: 'id', pattern: CN_ID, gate: /\d{17}/ },
  { kind: 'id', pattern: SSN, gate: /\d{3}-\d\d-\d{4}/ },
  { kind: 'id', pattern: UK_NINO, gate: /[A-Z]{2} ?\d\d/ },
  { kind: 'passport', pattern: PASSPORT, gate: /passport|护照|通行证/i, accept: acceptPassport },
  { kind: 'card', pattern: CARD, accept: acceptCard },
  {
    kind: 'address',
    pattern: EN_ADDRESS,
    gate: new RegExp(String.raw`\b(?:${STREET_TYPES})\b`, 'i'),
    accept: acceptEnAddress,
  },
  {
    kind: 'address',
    pattern: DE_ADDRESS,
    gate: /(?:straße|strasse|str\.|weg|allee|platz|gasse|damm|ufer|chaussee)\s+\d/i,
  },
  {
    kind: 'address',
    pattern: FR_ADDRESS,
    gate: /\d,?\s+(?:rue|avenue|av\.|boulevard|bd|place|allée|chemin|quai|impasse)\s/i,
  },
  { kind: 'address', pattern: ZH_ADDRESS, gate: /\d(?:号|栋|幢|座)/ },
  { kind: 'postcode', pattern: CUED_POSTCODE, gate: /post|zip|plz|eircode|邮编|邮政编码/i, accept: cuedPostcode },
  { kind: 'postcode', pattern: UK_POSTCODE, gate: /\d[A-Z]{2}\b/ },
  { kind: 'postcode', pattern: US_ZIP, gate: /\b[A-Z]{2} \d{5}/ },
  { kind: 'postcode', pattern: EU_POSTCODE, gate: /\d{4}/, accept: acceptEuPostcode },
  { kind: 'phone', pattern: PHONE, accept: acceptPhone },
];

/** Detectors that can match a text without any digit (written-out e-mail addresses). */
export const DIGITLESS_KINDS: ReadonlySet<PiiKind> = new Set(['email']);
