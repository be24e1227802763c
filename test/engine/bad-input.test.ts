import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { INTENTS } from '../../src/types.ts';
import { createTestBot, type TestBot } from '../support/bot.ts';

const HOSTILE: [string, string][] = [
  ['empty line', ''],
  ['spaces only', '   \t  '],
  ['100 KB line', `red dress ${'x'.repeat(100 * 1024)}`],
  ['control characters', '\u0000\u0001\u0002show\u0007 me\u001b[31m shoes'],
  ['emoji only', '👗👠💃🔥'],
  ['markup', '<script>alert(1)</script><img src=x onerror=alert(2)>'],
  ['SQL-looking text', "'; DROP TABLE turns; -- show me jeans"],
  ['huge number', 'jeans under 99999999999999999999999999 euros'],
  ['negative budget', 'a dress for -50 euros'],
  ['binary', '\u0000\ufffd\ufffd\u0000\ufffd\u0001\ufffd'],
  ['lone surrogates', '\ud800\udc00\ud800 shoes'],
  ['right-to-left override', '\u202eshoes for men'],
  ['other language', 'Ich suche eine rote Jacke für den Winter'],
  ['Chinese', '我想买一件红色的连衣裙'],
];

describe('hostile input', () => {
  let bot: TestBot;
  beforeAll(async () => {
    bot = await createTestBot();
  });
  afterAll(() => bot.close());

  it.each(HOSTILE)('%s gets one polite reply and the next message still works', async (name, text) => {
    const user = `test:hostile:${name}`;
    const reply = await bot.send(text, user);
    expect(reply.text.length).toBeGreaterThan(0);
    expect(reply.text.length).toBeLessThan(4000);
    expect(reply.text).not.toMatch(/\bat .*\.ts:\d+|Error:|undefined|NaN|\[object/);
    expect(INTENTS).toContain(reply.intent);
    expect(reply.text).not.toMatch(/went wrong on my side/);
    const next = await bot.send('show me jeans for men', user);
    expect(next.intent).toBe('product_search');
    expect(next.items.length).toBeGreaterThan(0);
  });

  it('never shows negative or absurd budgets as prices', async () => {
    const reply = await bot.send('a dress for -50 euros', 'test:budget');
    for (const item of reply.items) expect(item.price ?? 0).toBeGreaterThanOrEqual(0);
  });

  it('answers empty input with a prompt for what the user wants', async () => {
    const reply = await bot.send('', 'test:empty');
    expect(reply.text).toMatch(/empty|didn't get any text/i);
  });

  it('tells the user when a long message was cut', async () => {
    const reply = await bot.send(`show me jeans ${'and more '.repeat(2000)}`, 'test:long');
    expect(reply.text).toMatch(/very long/i);
  });
});

describe('isolation between users', () => {
  it('never shows one shopper what another said or saved', async () => {
    const bot = await createTestBot();
    await bot.send('I hate yellow', 'test:alice');
    await bot.send('show me dresses for women', 'test:alice');
    await bot.send('save the first one', 'test:alice');
    const bob = await bot.send('the first one — how much is it?', 'test:bob');
    expect(bob.text).toMatch(/haven't shown you anything/i);
    const bobExport = await bot.send('export my data', 'test:bob');
    const exported = JSON.parse(bobExport.attachment!.content);
    expect(exported.profile.wishlist).toEqual([]);
    expect(exported.profile.dislikedColors).toEqual([]);
    expect(JSON.stringify(exported)).not.toContain('yellow');
    await bot.close();
  });
});
