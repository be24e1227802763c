/** Reading the gzip CSV files of the H&M dataset. */
import { readFileSync } from 'node:fs';
import { gunzipSync } from 'node:zlib';

/**
 * Splits one CSV line into fields (RFC 4180 quotes: `"a, b"` and `""` inside quotes).
 * @example
 * csvFields('1,"Top, black",x'); // ['1', 'Top, black', 'x']
 */
export function csvFields(line: string): string[] {
  if (!line.includes('"')) return line.split(',');
  const fields: string[] = [];
  let at = 0;
  while (at <= line.length) {
    if (line.charCodeAt(at) === 34) {
      // quoted field: up to the closing quote that is not doubled
      let value = '';
      let from = at + 1;
      for (;;) {
        const quote = line.indexOf('"', from);
        if (quote < 0) {
          value += line.slice(from);
          at = line.length;
          break;
        }
        value += line.slice(from, quote);
        if (line.charCodeAt(quote + 1) === 34) {
          value += '"';
          from = quote + 2;
        } else {
          at = quote + 1;
          break;
        }
      }
      fields.push(value);
      const comma = line.indexOf(',', at);
      if (comma < 0) break;
      at = comma + 1;
    } else {
      const comma = line.indexOf(',', at);
      if (comma < 0) {
        fields.push(line.slice(at));
        break;
      }
      fields.push(line.slice(at, comma));
      at = comma + 1;
    }
  }
  return fields;
}

/**
 * Reads a gzip CSV file into its header and lines (quoted fields may not span lines in these files).
 * Throws an error naming the file when it is missing, not gzip, or lacks one of `required` columns.
 * @example
 * const { columns, lines } = readGzipCsv('transactions.csv.gz', ['t_dat', 'customer_id']);
 */
export function readGzipCsv(
  file: string,
  required: readonly string[],
): { columns: Map<string, number>; lines: string[] } {
  let text: string;
  try {
    text = gunzipSync(readFileSync(file)).toString('utf8');
  } catch (error) {
    throw new Error(`cannot read ${file}: ${(error as Error).message}`);
  }
  const lines = text.split('\n');
  const header = csvFields((lines.shift() ?? '').replace(/\r$/, ''));
  const columns = new Map(header.map((name, i) => [name, i]));
  const missing = required.filter((name) => !columns.has(name));
  if (missing.length > 0) throw new Error(`${file}: missing column(s) ${missing.join(', ')}`);
  if (lines.at(-1) === '') lines.pop();
  return { columns, lines };
}
