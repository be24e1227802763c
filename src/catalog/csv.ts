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
  const cursor: Cursor = { position: 0, line: 1 };
  while (cursor.position < text.length) {
    const startLine = cursor.line;
    const fields = plainRecord(text, cursor) ?? quotedRecord(text, cursor);
    if (fields.length === 1 && fields[0] === '') continue;
    onRecord(fields, startLine);
  }
}

/** Where a reader is in the text: the offset and the (1-based) line there. */
interface Cursor {
  position: number;
  line: number;
}

/**
 * The record at the cursor when it is one line without a quote (most records: split at its commas), and moves past
 * it; undefined, without moving, otherwise.
 */
function plainRecord(text: string, cursor: Cursor): string[] | undefined {
  const newline = text.indexOf('\n', cursor.position);
  const end = newline === -1 ? text.length : newline;
  const bodyEnd = end > cursor.position && text.charCodeAt(end - 1) === CR ? end - 1 : end;
  const body = text.slice(cursor.position, bodyEnd);
  if (body.includes('"') || body.includes('\r')) return undefined;
  cursor.position = newline === -1 ? text.length : newline + 1;
  cursor.line++;
  return body.split(',');
}

/** The record at the cursor, quoted fields and all (RFC 4180), and moves past it. */
function quotedRecord(text: string, cursor: Cursor): string[] {
  const length = text.length;
  const fields: string[] = [];
  for (;;) {
    let value = '';
    if (text.charCodeAt(cursor.position) === QUOTE) {
      let from = cursor.position + 1;
      for (;;) {
        const close = text.indexOf('"', from);
        if (close === -1) {
          value += text.slice(from);
          cursor.position = length;
          break;
        }
        value += text.slice(from, close);
        if (text.charCodeAt(close + 1) === QUOTE) {
          value += '"';
          from = close + 2;
        } else {
          cursor.position = close + 1;
          break;
        }
      }
      for (let i = value.indexOf('\n'); i !== -1; i = value.indexOf('\n', i + 1)) cursor.line++;
    }
    // Unquoted text, or anything between a closing quote and the next separator, is kept as is.
    let end = cursor.position;
    while (end < length) {
      const c = text.charCodeAt(end);
      if (c === COMMA || c === LF || c === CR) break;
      end++;
    }
    fields.push(value + text.slice(cursor.position, end));
    cursor.position = end;
    const c = text.charCodeAt(cursor.position);
    if (c === COMMA) {
      cursor.position++;
      continue;
    }
    if (c === CR) cursor.position++;
    if (text.charCodeAt(cursor.position) === LF) cursor.position++;
    cursor.line++;
    return fields;
  }
}

/** A CSV file's header (column name → index) and the fields of its records, in order. */
export interface CsvTable {
  readonly columns: ReadonlyMap<string, number>;
  readonly rows: string[][];
}

/**
 * Reads a CSV file (gunzipped when its name ends in `.gz`) into its header and records, with the quoting rules of
 * `forEachCsvRecord`. Throws an error naming the file when it cannot be read or lacks one of `required` columns.
 * @example
 * const { columns, rows } = readCsvTable('transactions.csv.gz', ['t_dat', 'customer_id']);
 */
export function readCsvTable(file: string, required: readonly string[]): CsvTable {
  let text: string;
  try {
    text = readTextFile(file);
  } catch (error) {
    throw new Error(`cannot read ${file}: ${(error as Error).message}`);
  }
  const rows: string[][] = [];
  forEachCsvRecord(text, (fields) => {
    rows.push(fields);
  });
  const columns = new Map((rows.shift() ?? []).map((name, i) => [name, i]));
  const missing = required.filter((name) => !columns.has(name));
  if (missing.length > 0) throw new Error(`${file}: missing column(s) ${missing.join(', ')}`);
  return { columns, rows };
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
      const example = other.examples[reason];
      if (example !== undefined) this.examples[prefix + reason] ??= example;
    }
  }
  get total(): number {
    return Object.values(this.counts).reduce((a, b) => a + b, 0);
  }
}
