/** Seeded shuffling, the same draws wherever a list is shuffled (training batches, the protocol's revealed likes). */
import type { Random } from '../../src/types.ts';

/**
 * Shuffles a list in place (Fisher–Yates from the end, one draw per place).
 * @example
 * shuffle(groups, seededRandom(42));
 */
export function shuffle<T>(list: T[], random: Random): void {
  for (let i = list.length - 1; i > 0; i--) {
    const j = Math.floor(random.next() * (i + 1));
    const [a, b] = [list[i], list[j]];
    if (a === undefined || b === undefined) continue;
    list[i] = b;
    list[j] = a;
  }
}
