import { describe, expect, it } from 'vitest';
import type { LruCache } from '../../src/util/lru-cache.ts';
import { openRealApp } from '../adapters/support/real-app.ts';

describe('the app’s answer caches', () => {
  it('answer a repeated request from the cache until forgotten, then rank again', async () => {
    const app = await openRealApp();
    try {
      const answers = (app.deps.recommender as unknown as { cache: LruCache<unknown> }).cache;
      const ask = (userId: string) =>
        app.handleTurn({ platform: 'cli', userId, conversationId: userId, text: 'show me shirts for men' });
      await ask('cli:a');
      const missesAfterFirst = answers.misses;
      await ask('cli:b');
      expect(answers.misses).toBe(missesAfterFirst);
      app.forgetAnswers();
      expect(answers.size).toBe(0);
      await ask('cli:c');
      expect(answers.misses).toBeGreaterThan(missesAfterFirst);
    } finally {
      await app.close();
    }
  });
});
