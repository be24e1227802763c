/**
 * Occasion fit for searches: an occasion accepts several uses (a party takes party, smart-casual and casual pieces),
 * but pieces made for its most typical use belong first — party dresses before sweater dresses for a party.
 */
import { OCCASIONS } from '../catalog/taxonomy.ts';
import type { ScoredItem, Usage } from '../types.ts';

/**
 * The occasion's most typical use, when it accepts several (with one, every candidate already has it).
 * @example
 * primaryUsage('party'); // 'party'
 */
export function primaryUsage(occasion: string | undefined): Usage | undefined {
  const usages = occasion ? OCCASIONS[occasion]?.usages : undefined;
  return usages && usages.length > 1 ? usages[0] : undefined;
}

/**
 * Pieces made for the occasion's typical use first (ranked among themselves, each with a `match` signal saying so),
 * then the rest of the general ranking; at most `k`.
 * @example
 * typicalFirst(rank({ ...query, usage: ['party'] }), rank(query), 'party', 5);
 */
export function typicalFirst(
  typical: readonly ScoredItem[],
  general: readonly ScoredItem[],
  usage: Usage,
  k: number,
): ScoredItem[] {
  const detail = `made for ${usage.replace(/_/g, ' ')} wear`;
  const out: ScoredItem[] = typical
    .slice(0, k)
    .map((scored) => ({ ...scored, signals: [...scored.signals, { name: 'match', weight: 0, detail }] }));
  const taken = new Set(out.map((s) => s.item.id));
  for (const scored of general) {
    if (out.length >= k) break;
    if (!taken.has(scored.item.id)) out.push(scored);
  }
  return out;
}
