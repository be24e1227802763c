/** The three-way profile merge used when an instance copies its outage changes back. */
import { describe, expect, it } from 'vitest';
import { mergeProfile } from '../../src/resilience/merge.ts';
import { newProfile } from '../../src/store/state.ts';

const base = { ...newProfile('telegram:1', 0), dislikedColors: ['red'], likedColors: ['navy'], sizes: { top: 'M' } };

describe('mergeProfile', () => {
  it('keeps what both instances added and what each removed', () => {
    // This instance: dislikes green, no longer likes navy, shoe size 42. The other: dislikes yellow, tone concise.
    const local = { ...base, dislikedColors: ['red', 'green'], likedColors: [], sizes: { top: 'M', shoes: '42' } };
    const current = { ...base, dislikedColors: ['red', 'yellow'], tone: 'concise' as const };
    expect(mergeProfile(base, local, current)).toEqual({
      ...base,
      dislikedColors: ['red', 'yellow', 'green'],
      likedColors: [],
      sizes: { top: 'M', shoes: '42' },
      tone: 'concise',
    });
  });

  it("takes this instance's value for a field both changed, and drops an optional field it cleared", () => {
    const withBudget = { ...base, budgetMax: 50 };
    const local = { ...base, tone: 'editorial' as const };
    const current = { ...withBudget, tone: 'concise' as const };
    const merged = mergeProfile(withBudget, local, current);
    expect(merged.tone).toBe('editorial');
    expect(merged).not.toHaveProperty('budgetMax');
  });
});
