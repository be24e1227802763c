/** A small, fast CSV reader (RFC 4180 quoting: `"a, b"`, `""` for a quote, quoted line breaks) and file helpers. */
import { readFileSync } from 'node:fs';
import { gunzipSync } from 'node:zlib';

const COMMA = 44;
const QUOTE = 34;
const LF = 10;
const CR = 13;

/**
 * Calls `onRecord` with the fields of every record of a CSV text, header included, in order.
 * Empty lines are skipped. A quote opening a field starts a quoted field; elsewhere it is kept literally.
 * @example
 * forEachCsvRecord('a,"b, c"\n1,2\n', (fields) => console.log(fields)); // ['a', 'b, c'] then ['1', '2']
 */
export function forEachCsvRecord(text: string, onRecord: (fields: string[], line: number) => void): void {
  const length = text.length;
  let position = 0;
  let line = 1;
  while (position < length) {
    const startLine = line;
    const fields: string[] = [];
    let endOfRecord = false;
    while (!endOfRecord) {
      if (text.charCodeAt(position) === QUOTE) {
        let value = '';
        let from = position + 1;
        for (;;) {
          const close = text.indexOf('"', from);
          if (close === -1) {
            value += text.slice(from);
            position = length;
            break;
          }
          value += text.slice(from, close);
          if (text.charCodeAt(close + 1) === QUOTE) {
            value += '"';
            from = close + 2;
          } else {
            position = close + 1;
            break;
          }
        }
        for (let i = value.indexOf('\n'); i !== -1; i = value.indexOf('\n', i + 1)) line++;
        // Anything between the closing quote and the next separator is kept as is.
        let end = position;
        while (end < length) {
          const c = text.charCodeAt(end);
          if (c === COMMA || c === LF || c === CR) break;
          end++;
        }
        fields.push(end > position ? value + text.slice(position, end) : value);
        position = end;
      } else {
        let end = position;
        while (end < length) {
          const c = text.charCodeAt(end);
          if (c === COMMA || c === LF || c === CR) break;
          end++;
        }
        fields.push(text.slice(position, end));
        position = end;
      }
      const c = text.charCodeAt(position);
      if (c === COMMA) {
        position++;
      } else {
        if (c === CR) position++;
        if (text.charCodeAt(position) === LF) position++;
        line++;
        endOfRecord = true;
      }
    }
    if (fields.length === 1 && fields[0] === '') continue;
    onRecord(fields, startLine);
  }
}

/** Reads a text file, gunzipping it when its name ends in `.gz`; strips a UTF-8 byte-order mark. */
export function readTextFile(file: string): string {
  const raw = readFileSync(file);
  const text = (file.endsWith('.gz') ? gunzipSync(raw) : raw).toString('utf8');
  return text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
}

/** Counts skipped rows by reason, for one warning per reason at the end of a load. */
export class SkipCounter {
  readonly counts: Record<string, number> = {};
  readonly examples: Record<string, string> = {};
  skip(reason: string, example: string): void {
    this.counts[reason] = (this.counts[reason] ?? 0) + 1;
    this.examples[reason] ??= example;
  }
  /** Adds another counter's counts, with `prefix` before each reason. */
  merge(other: SkipCounter, prefix: string): void {
    for (const [reason, count] of Object.entries(other.counts)) {
      this.counts[prefix + reason] = (this.counts[prefix + reason] ?? 0) + count;
      this.examples[prefix + reason] ??= other.examples[reason]!;
    }
  }
  get total(): number {
    return Object.values(this.counts).reduce((a, b) => a + b, 0);
  }
}
