/**
 * Conversations can be replayed from the log: 100 generated conversations (preferences, sizes, budgets, forgetting,
 * wishlist saves, likes, searches; English and Chinese) are logged, and each shopper's profile rebuilt from the logged
 * events equals the stored one. `fashion-advisor replay` shows a conversation's actions and events.
 */
import { Writable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { replay } from '../../src/cli/replay.ts';
import { rebuildState } from '../../src/engine/replay.ts';
import type { MessageAction, Profile, Random, Reply } from '../../src/types.ts';
import { silentLogger } from '../../src/util/logger.ts';
import { seededRandom } from '../../src/util/random.ts';
import { createTestBot, type TestBot } from '../support/bot.ts';

const pick = <T>(random: Random, list: readonly T[]): T => list[Math.floor(random.next() * list.length)]!;

const COLORS = ['yellow', 'red', 'navy', 'green', 'black', 'beige'];
const ZH_COLORS = ['黄色', '红色', '绿色', '黑色'];
const SIZES = ['S', 'M', 'L', '38', '42'];
const CATEGORIES = ['dresses', 'sneakers', 'jackets', 'jeans', 'shirts', 'boots'];

/** One shopper's turn: a message, or a button on an item of the last reply. */
type Step = { text: string } | { press: (reply: Reply) => MessageAction | undefined };

const onItem =
  (make: (itemId: string) => MessageAction, index: number) =>
  (reply: Reply): MessageAction | undefined => {
    const items = [...reply.items, ...reply.outfits.flatMap((o) => o.items)];
    const item = items[index % Math.max(items.length, 1)];
    return item ? make(item.id) : undefined;
  };

/** A random step of a shopper's conversation. */
function step(random: Random): Step {
  const color = pick(random, COLORS);
  const steps: (() => Step)[] = [
    () => ({ text: `I hate ${color}` }),
    () => ({ text: `I love ${color}` }),
    () => ({ text: `我讨厌${pick(random, ZH_COLORS)}` }),
    () => ({ text: `I'm a size ${pick(random, SIZES)}` }),
    () => ({ text: `my shoe size is ${pick(random, ['39', '42', '44'])}` }),
    () => ({ text: `my budget is always ${pick(random, [40, 80, 150])} euros` }),
    () => ({ text: pick(random, ["I'm a woman", "I'm a man", '我是女生']) }),
    () => ({ text: pick(random, ['I like minimalist style', 'I like boho style']) }),
    () => ({ text: 'forget my sizes' }),
    () => ({ text: `forget that I hate ${color}` }),
    () => ({ text: `show me ${pick(random, COLORS)} ${pick(random, CATEGORIES)}` }),
    () => ({ text: pick(random, ['an outfit for a summer wedding', 'what should I wear to the office']) }),
    () => ({ text: 'save the second one' }),
    () => ({ press: onItem((itemId) => ({ type: 'save', itemId }), Math.floor(random.next() * 5)) }),
    () => ({ press: onItem((itemId) => ({ type: 'feedback', itemId, value: 1 }), Math.floor(random.next() * 5)) }),
    () => ({ press: onItem((itemId) => ({ type: 'feedback', itemId, value: -1 }), Math.floor(random.next() * 5)) }),
    () => ({ text: pick(random, ['be brief', 'be friendly', 'speak chinese', 'speak english']) }),
    () => ({ text: 'count my requests in trend stats' }),
    () => ({ text: 'cheaper' }),
  ];
  return pick(random, steps)();
}

/** A profile without `createdAt`, which is no event (the store sets it when it first loads the shopper). */
const withoutCreation = ({ createdAt: _, ...profile }: Profile) => profile;

describe('replaying logged conversations', { timeout: 300_000 }, () => {
  let bot: TestBot;
  const users: string[] = [];
  beforeAll(async () => {
    // The test clock is fixed in June 2026: a short retention would let `replay` (opening the log) purge these turns.
    bot = await createTestBot({ env: { LOG_RETENTION_DAYS: '3650' } });
    const random = seededRandom(21);
    for (let u = 0; u < 100; u++) {
      const user = `test:replay:${u}`;
      users.push(user);
      let last: Reply | undefined;
      const turns = 3 + Math.floor(random.next() * 8);
      for (let t = 0; t < turns; t++) {
        const next = step(random);
        if ('text' in next) last = await bot.send(next.text, user);
        else {
          const action = last && next.press(last);
          if (action) last = await bot.press(action, user);
        }
      }
    }
  });
  afterAll(() => bot.close());

  it('rebuilds every stored profile exactly from the logged events', async () => {
    const { log, store } = bot.deps();
    let changed = 0;
    for (const user of users) {
      const turns = await log!.exportUser(user);
      expect(turns.every((turn) => turn.action !== undefined && turn.events !== undefined)).toBe(true);
      const stored = (await store.load(user)).profile;
      const rebuilt = rebuildState(user, turns).profile;
      expect(withoutCreation(rebuilt), user).toEqual(withoutCreation(stored));
      if (JSON.stringify(withoutCreation(stored)) !== JSON.stringify(withoutCreation(rebuildState(user, []).profile))) {
        changed++;
      }
    }
    // The conversations change profiles (the comparison is not between empty ones).
    expect(changed).toBeGreaterThan(80);
  });

  it('would notice a lost event', async () => {
    const { log, store } = bot.deps();
    const user = users[0]!;
    const turns = await log!.exportUser(user);
    const withEvents = turns.findIndex((turn) =>
      turn.events?.some((e) => e.type !== 'request_set' && e.type !== 'shown'),
    );
    const lossy = turns.map((turn, i) => (i === withEvents ? { ...turn, events: [] } : turn));
    expect(withEvents).toBeGreaterThanOrEqual(0);
    expect(withoutCreation(rebuildState(user, lossy).profile)).not.toEqual(
      withoutCreation((await store.load(user)).profile),
    );
  });

  it('shows a conversation with its actions and events (fashion-advisor replay)', async () => {
    let out = '';
    const stdout = new Writable({
      write(chunk, _encoding, done) {
        out += chunk;
        done();
      },
    });
    const context = { config: bot.config, logger: silentLogger, stdin: process.stdin, stdout, stderr: stdout };
    await bot.send('I hate yellow', 'test:replay:shown');
    await bot.send('show me sneakers', 'test:replay:shown');
    expect(await replay({ positionals: ['test:replay:shown'], flags: {} }, context)).toBe(0);
    expect(out).toMatch(/action: set_preference/);
    expect(out).toMatch(/color disliked yellow/);
    expect(out).toMatch(/action: product_search/);
    expect(out).toMatch(/"dislikedColors":\["yellow"\]/);
    out = '';
    expect(await replay({ positionals: ['test:replay:shown'], flags: { json: true } }, context)).toBe(0);
    const json = JSON.parse(out) as { turns: { action: string; events: { type: string }[] }[] };
    expect(json.turns.map((turn) => turn.action)).toEqual(['set_preference', 'product_search']);
    expect(json.turns[1]!.events.map((e) => e.type)).toContain('shown');
  });
});
