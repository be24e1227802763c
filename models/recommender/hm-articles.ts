/**
 * The raw H&M article attributes the hybrid model learns from (`articles.csv.gz`): product code (colour variants
 * share it), product type and group, graphical appearance (pattern), colour, department, index, index group,
 * section, garment group and the words of the description.
 */
import path from 'node:path';
import { readCsvTable } from '../../src/catalog/csv.ts';
import { HM_ARTICLES } from '../../src/catalog/hm-files.ts';
import { words } from './content.ts';

const ATTRIBUTES = [
  ['product_type_name', 'type'],
  ['product_group_name', 'group'],
  ['graphical_appearance_name', 'pattern'],
  ['colour_group_name', 'color'],
  ['perceived_colour_master_name', 'tone'],
  ['department_name', 'dept'],
  ['index_name', 'index'],
  ['index_group_name', 'igroup'],
  ['section_name', 'section'],
  ['garment_group_name', 'garment'],
] as const;

/** H&M articles in file order. */
export interface HmArticles {
  /** 10-digit article ids. */
  readonly ids: string[];
  readonly index: Map<string, number>;
  /** Product code per article (colour variants of one product share it). */
  readonly productCode: Int32Array;
  /** Content tokens per article: `hm-type:vest top`, `hm-dept:jersey basic`, …, `word:jersey`. */
  readonly tokens: string[][];
}

/** The articles file in a data directory. */
export function articlesPath(dataDir: string): string {
  return path.join(dataDir, HM_ARTICLES);
}

/**
 * Reads the article attributes. Rows without a valid article id are skipped.
 * @example
 * const articles = loadHmArticles(articlesPath(config.dataDir)); articles.tokens[articles.index.get('0108775015')]
 */
export function loadHmArticles(file: string): HmArticles {
  const required = ['article_id', 'product_code', 'prod_name', 'detail_desc', ...ATTRIBUTES.map(([c]) => c)];
  const { columns, rows } = readCsvTable(file, required);
  const ids: string[] = [];
  const codes: number[] = [];
  const tokens: string[][] = [];
  // readCsvTable has checked that the required columns are there
  const at = (name: string) => columns.get(name) ?? -1;
  for (const fields of rows) {
    const id = fields[at('article_id')]?.padStart(10, '0');
    if (!id || !/^\d{10}$/.test(id)) continue;
    ids.push(id);
    codes.push(Number(fields[at('product_code')]) || 0);
    const own: string[] = [];
    for (const [column, prefix] of ATTRIBUTES) {
      const value = fields[at(column)]?.trim().toLowerCase();
      if (value && value !== 'unknown') own.push(`hm-${prefix}:${value}`);
    }
    for (const word of words(`${fields[at('prod_name')] ?? ''} ${fields[at('detail_desc')] ?? ''}`))
      own.push(`word:${word}`);
    tokens.push(own);
  }
  return { ids, index: new Map(ids.map((id, i) => [id, i])), productCode: Int32Array.from(codes), tokens };
}
