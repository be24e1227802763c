/**
 * Text preparation for the parser: language detection, normalisation and tokenisation with character offsets.
 * English is split on word boundaries; Chinese runs are segmented with `Intl.Segmenter`.
 */
import type { Language } from '../types.ts';

/** One token: its normalised form and where it sits in the original text. */
export interface Token {
  /** Lower-cased, with typographic quotes and dashes folded. */
  norm: string;
  start: number;
  end: number;
  /** `cjk` for a Chinese segment, `num` for a number, `word` for a Latin word, `sym` for anything else. */
  kind: 'word' | 'num' | 'cjk' | 'sym';
}

const CJK = /[\u3400-\u9fff\uf900-\ufaff]/;
const CJK_GLOBAL = /[\u3400-\u9fff\uf900-\ufaff]/g;
const LATIN_GLOBAL = /[a-z]/gi;
const TOKEN = /[\u3400-\u9fff\uf900-\ufaff]+|\d+(?:[.,]\d+)?|[a-z\u00c0-\u024f]+(?:['’][a-z]+)?|[^\s]/giu;

const segmenter = new Intl.Segmenter('zh', { granularity: 'word' });

/**
 * Detects the language of an utterance: Chinese when it has at least as many CJK characters as Latin letters / 3.
 * @example
 * detectLanguage('我想要蓝色的裙子'); // 'zh'
 */
export function detectLanguage(text: string): Language {
  const cjk = text.match(CJK_GLOBAL)?.length ?? 0;
  if (cjk === 0) return 'en';
  const latin = text.match(LATIN_GLOBAL)?.length ?? 0;
  return cjk * 3 >= latin ? 'zh' : 'en';
}

/** True when the string holds a Chinese character. */
export function hasCjk(text: string): boolean {
  return CJK.test(text);
}

/**
 * Lower-cases and folds typographic variants (curly quotes, en/em dashes, full-width digits and punctuation),
 * keeping the string length identical so that offsets stay valid.
 * @example
 * normalizeText('€30–60'); // '€30-60'
 */
export function normalizeText(text: string): string {
  let out = '';
  for (const ch of text.toLowerCase()) {
    // A character of a string is never empty, so `?? 0` never applies.
    const code = ch.codePointAt(0) ?? 0;
    if (ch === '’' || ch === '‘' || ch === '`') out += "'";
    else if (ch === '–' || ch === '—' || ch === '～' || ch === '~') out += '-';
    else if (code >= 0xff10 && code <= 0xff19) out += String.fromCharCode(code - 0xff10 + 48);
    else if (ch === '，' || ch === '、') out += ',';
    else if (ch === '？') out += '?';
    else if (ch === '！') out += '!';
    else out += ch;
  }
  return out;
}

/**
 * Splits normalised text into tokens with offsets. Chinese runs are segmented into words with `Intl.Segmenter`.
 * @example
 * tokenize(normalizeText('Blue tee 蓝色T恤')).map((t) => t.norm); // ['blue', 'tee', '蓝色', 't', '恤'] (segmenter-dependent)
 */
export function tokenize(normalized: string): Token[] {
  const tokens: Token[] = [];
  for (const match of normalized.matchAll(TOKEN)) {
    const value = match[0];
    const start = match.index;
    if (CJK.test(value)) {
      if (value.length === 1) {
        tokens.push({ norm: value, start, end: start + 1, kind: 'cjk' });
        continue;
      }
      for (const segment of segmenter.segment(value)) {
        const s = start + segment.index;
        tokens.push({ norm: segment.segment, start: s, end: s + segment.segment.length, kind: 'cjk' });
      }
    } else if (/^\d/.test(value)) {
      tokens.push({ norm: value, start, end: start + value.length, kind: 'num' });
    } else if (/^[a-z\u00c0-\u024f]/.test(value)) {
      tokens.push({ norm: value.replace('’', "'"), start, end: start + value.length, kind: 'word' });
    } else {
      tokens.push({ norm: value, start, end: start + value.length, kind: 'sym' });
    }
  }
  return tokens;
}
