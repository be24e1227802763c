/**
 * Comparing two shown pieces: the two the shopper names ("the first or the third"), which suits an occasion asked
 * about (or that neither does), then price, colour or what shoppers buy.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestBot, type TestBot } from '../support/bot.ts';

describe('compare', () => {
  let bot: TestBot;
  beforeAll(async () => {
    bot = await createTestBot();
  });
  afterAll(() => bot.close());

  it('compares the two pieces named, not the first two shown', async () => {
    const shown = await bot.send("show me women's dresses", 'test:compare:1');
    expect(shown.items.length).toBeGreaterThanOrEqual(3);
    const [first, second, third] = shown.items;
    const reply = await bot.send('compare the first and the third', 'test:compare:1');
    expect(reply.intent).toBe('compare');
    expect(reply.text).toContain(first!.name);
    expect(reply.text).toContain(third!.name);
    expect(reply.text).not.toContain(second!.name);
  });

  it('says which suits the occasion asked about, or that neither does', async () => {
    await bot.send("show me women's dresses", 'test:compare:2');
    const wedding = await bot.send('which of the first two is better for a wedding?', 'test:compare:2');
    expect(wedding.intent).toBe('compare');
    expect(wedding.text).toMatch(/for a wedding|suit a wedding|made for a wedding/i);
    await bot.send("show me women's t-shirts", 'test:compare:3');
    const funeral = await bot.send('which of the first two is better for a funeral?', 'test:compare:3');
    expect(funeral.text).toMatch(/neither/i);
    expect(funeral.text).not.toMatch(/can't go wrong|either will do/i);
  });
});
