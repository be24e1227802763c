import { describe, expect, it } from 'vitest';
import { feedbackReason, type Positive } from '../../../models/recommender/feedback-serving.ts';
import { createCatalog } from '../../../src/catalog/index.ts';
import { makeItem } from '../../support/items.ts';

const catalog = createCatalog([
  makeItem({ name: 'Manson blazer', articleType: 'blazer', colors: ['black'] }),
  makeItem({ name: 'Bella jeans', articleType: 'jeans', colors: ['blue'] }),
  makeItem({ name: 'Lina shirt', articleType: 'shirt', colors: ['white'] }),
]);
const likes: Positive[] = [
  { index: 0, kind: 'liked' },
  { index: 1, kind: 'liked' },
];

describe('the feedback reason of a recommended item', () => {
  it('names both likes when the item relates to both, the newer first', () => {
    const reason = feedbackReason(catalog, likes, 2, () => 0.4);
    expect(reason?.detail).toBe('because you liked the blue Bella jeans and the black Manson blazer');
  });

  it('names only the like the item relates to clearly more', () => {
    const reason = feedbackReason(catalog, likes, 2, (liked) => (liked === 0 ? 0.9 : 0.1));
    expect(reason?.detail).toBe('because you liked the black Manson blazer');
  });

  it('names the item itself when it was liked, and nothing when no like relates', () => {
    expect(feedbackReason(catalog, likes, 1, () => 0)?.detail).toBe('because you liked the blue Bella jeans');
    expect(feedbackReason(catalog, likes, 2, () => 0)).toBeUndefined();
  });
});
