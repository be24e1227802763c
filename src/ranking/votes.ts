/** The 👍/👎 a shopper stands by: one vote per item, the latest. */
import type { FeedbackEntry } from '../types.ts';

/**
 * The latest vote per item (a later 👍 replaces an earlier 👎), in the order items were first voted on.
 * @example
 * latestVotes([{ itemId: 'a', value: -1, at: 1 }, { itemId: 'a', value: 1, at: 2 }]); // Map { 'a' => { value: 1, … } }
 */
export function latestVotes(feedback: readonly FeedbackEntry[]): Map<string, FeedbackEntry> {
  const latest = new Map<string, FeedbackEntry>();
  for (const entry of feedback) {
    const previous = latest.get(entry.itemId);
    if (!previous || entry.at >= previous.at) latest.set(entry.itemId, entry);
  }
  return latest;
}
