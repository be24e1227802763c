import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { styleAffinity } from '../../src/ranking/style.ts';
import { createTestBot, type TestBot } from '../support/bot.ts';

describe('style slot through the engine', () => {
  let bot: TestBot;
  beforeAll(async () => {
    bot = await createTestBot();
  });
  afterAll(() => bot.close());

  it('a boho search shows boho pieces first and "why?" names the style', async () => {
    const reply = await bot.send('show me boho dresses for women', 'test:style:search');
    expect(reply.slots.style).toBe('boho');
    expect(reply.items.length).toBeGreaterThan(0);
    const first = bot.deps().catalog.get(reply.items[0]!.id)!;
    expect(styleAffinity(first, 'boho').score).toBeGreaterThan(0);
    expect(reply.items[0]!.signals?.some((s) => s.name === 'style')).toBe(true);
    const why = await bot.send('why?', 'test:style:search');
    expect(why.text).toMatch(/style you asked for \(boho: /);
  });

  it('a boho outfit request explains the look', async () => {
    const reply = await bot.send('I need a boho outfit for the beach, I am a woman', 'test:style:outfit');
    expect(reply.outfits.length).toBeGreaterThan(0);
    expect(reply.text).toMatch(/a boho look \(/);
    expect(reply.explanation).toMatch(/style you asked for/);
  });
});
