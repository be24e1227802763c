/**
 * The city climate table of the shared data directory (`city-climate/climate.json`: 105 cities × 12 months of average
 * high/low °C, rainfall, dry and snow days), keyed by lower-case city name without the US state code.
 */
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { z } from 'zod';

/** One month's averages (index 0 is January). */
export interface MonthClimate {
  high: number;
  low: number;
  dryDays: number;
  snowDays: number;
  rainfall: number;
}

/** City name (lower case, "chicago", "new york city") → its display name and 12 months of averages. */
export type ClimateTable = ReadonlyMap<string, { name: string; country: string; months: MonthClimate[] }>;

const month = z.object({
  high: z.number(),
  low: z.number(),
  dryDays: z.number(),
  // A few cities have no snow record (null): no snow days.
  snowDays: z
    .number()
    .nullable()
    .transform((days) => days ?? 0),
  rainfall: z
    .number()
    .nullable()
    .transform((mm) => mm ?? 0),
});
const file = z.array(
  z.object({ city: z.string(), country: z.string(), monthlyAvg: z.array(month).length(12) }).passthrough(),
);

/** "Chicago IL" → "chicago", "New York City NY" → "new york city". */
export const cityKey = (name: string) =>
  name
    .replace(/\s+[A-Z]{2}$/, '')
    .toLowerCase()
    .trim();

/**
 * Reads the climate table of a data directory; undefined when the directory has none or it is malformed.
 * @example
 * loadClimate('/data')?.get('tokyo')?.months[2] // { high: 13, low: 5, … }
 */
export function loadClimate(dataDir: string): ClimateTable | undefined {
  const where = path.join(dataDir, 'city-climate', 'climate.json');
  if (!existsSync(where)) return undefined;
  const parsed = file.safeParse(JSON.parse(readFileSync(where, 'utf8')));
  if (!parsed.success) return undefined;
  return new Map(
    parsed.data.map((row) => [
      cityKey(row.city),
      { name: row.city.replace(/\s+[A-Z]{2}$/, ''), country: row.country, months: row.monthlyAvg },
    ]),
  );
}
