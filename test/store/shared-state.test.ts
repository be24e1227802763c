/** Two instances sharing Redis: turns of one user racing on both never lose an update, and context carries over. */
import { createClient } from '@keyv/redis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestBot, type TestBot } from '../support/bot.ts';

const REDIS_URL = 'redis://127.0.0.1:6379';

async function redisReachable(): Promise<boolean> {
  const client = createClient({ url: REDIS_URL, socket: { connectTimeout: 500, reconnectStrategy: false } });
  try {
    await client.connect();
    await client.quit();
    return true;
  } catch {
    return false;
  }
}

describe.skipIf(!(await redisReachable()))('two instances on one Redis', () => {
  let a: TestBot;
  let b: TestBot;
  beforeAll(async () => {
    a = await createTestBot({ env: { REDIS_URL } });
    b = await createTestBot({ env: { REDIS_URL } });
  });
  afterAll(async () => {
    await a.close();
    await b.close();
  });

  it('loses no preference when turns of one user race on both instances', async () => {
    const user = `test:race:${process.pid}:${Date.now()}`;
    const colors = ['yellow', 'green', 'red', 'orange', 'purple', 'pink', 'brown', 'grey', 'beige', 'olive'];
    await Promise.all(colors.map((color, i) => (i % 2 ? a : b).send(`I hate ${color}`, user)));
    const { profile, session } = await a.deps().store.load(user);
    expect([...profile.dislikedColors].sort()).toEqual([...colors].sort());
    expect(session.turns).toBe(colors.length);
    await a.send('forget me', user);
  });

  it('lets instance B refine what instance A showed', async () => {
    const user = `test:alternate:${process.pid}:${Date.now()}`;
    const shown = await a.send('show me shoes for men', user);
    expect(shown.items.length).toBeGreaterThan(2);
    await b.send('the second one — how much is it?', user);
    const cheaper = await b.send('cheaper', user);
    expect(cheaper.intent).toBe('refine');
    const reference = a.deps().catalog.get(shown.items[1]!.id)!.price!;
    expect(cheaper.items.length).toBeGreaterThan(0);
    for (const item of cheaper.items) {
      expect(item.price!).toBeLessThan(reference);
      expect(['footwear']).toContain(a.deps().catalog.get(item.id)!.category);
    }
    await a.send('forget me', user);
  });
});
