/** How well a piece suits an occasion: its formality, its usage and its colours against the occasion's. */
import type { Occasion } from '../../catalog/taxonomy.ts';
import type { Item } from '../../types.ts';

/**
 * How badly a piece misses an occasion (0: not at all): how far its formality lies outside the occasion's range, plus
 * a step for a usage the occasion does not take and for a colour it avoids (white at a wedding).
 * @example
 * occasionMisfit(whiteDress, OCCASIONS.wedding) // at least 0.5: a wedding avoids white
 */
export function occasionMisfit(item: Item, occasion: Occasion): number {
  const { min, max } = occasion.formality;
  const outside = Math.max(0, min - item.formality, item.formality - max);
  const usage = item.usage.some((u) => occasion.usages.includes(u)) ? 0 : 0.2;
  const color = item.colors.some((c) => occasion.avoidColors?.includes(c)) ? 0.5 : 0;
  return outside + usage + color;
}
