/**
 * "Do you have the first one in grey?": the piece's own colour variants (H&M article ids share a 7-digit product code),
 * else the pieces most like it in that colour, saying it does not come in it.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createCatalog, loadDemoItems } from '../../src/catalog/index.ts';
import { colorVariants, productOf } from '../../src/catalog/variants.ts';
import { projectRoot } from '../../src/config.ts';
import type { Item } from '../../src/types.ts';
import { createTestBot, type TestBot } from '../support/bot.ts';

/** One H&M blazer in three colours (the same product code), more popular than any demo piece. */
const blazer = (variant: string, color: string): Item => ({
  id: `hm:0713995${variant}`,
  source: 'hm',
  name: 'Oz skinny fit blazer',
  gender: 'men',
  category: 'outerwear',
  articleType: 'blazer',
  colors: [color],
  materials: ['polyester'],
  seasons: [],
  usage: ['formal', 'smart_casual'],
  formality: 0.8,
  price: 59.99,
  brand: 'H&M',
  popularity: 10_000,
});
const variants = [blazer('001', 'navy'), blazer('003', 'black'), blazer('004', 'light-grey')];
const demo = loadDemoItems(projectRoot);
const catalog = createCatalog([...variants, ...demo], ['hm', 'demo']);

describe('colour variants', () => {
  it('are the other articles of an H&M product; other sources have none', () => {
    expect(productOf(variants[0]!)).toBe('0713995');
    expect(colorVariants(catalog, catalog.get('hm:0713995001')!).map((i) => i.id)).toEqual([
      'hm:0713995003',
      'hm:0713995004',
    ]);
    expect(colorVariants(catalog, catalog.get(demo[0]!.id)!)).toEqual([]);
  });
});

describe('asking for a piece in another colour', () => {
  let bot: TestBot;
  beforeAll(async () => {
    bot = await createTestBot({ catalog });
  });
  afterAll(() => bot.close());
  const ORDINALS = ['first', 'second', 'third', 'fourth', 'fifth'];

  it('shows the piece itself in that colour when it comes in it', async () => {
    const shown = await bot.send("show me men's blazers", 'test:variants:1');
    const position = shown.items.findIndex((i) => i.id === 'hm:0713995001');
    expect(position).toBeGreaterThanOrEqual(0);
    const reply = await bot.send(`do you have the ${ORDINALS[position]} one in grey?`, 'test:variants:1');
    expect(reply.text).toMatch(/comes in grey/i);
    expect(reply.items.map((i) => i.id)).toEqual(['hm:0713995004']);
  });

  it('says so when it does not, and shows similar pieces in that colour', async () => {
    const shown = await bot.send("show me men's blazers", 'test:variants:2');
    const position = shown.items.findIndex((i) => i.id === 'hm:0713995001');
    const reply = await bot.send(`does the ${ORDINALS[position]} one come in light blue?`, 'test:variants:2');
    expect(reply.text).toMatch(/doesn't come in light blue|no light blue version/i);
    expect(reply.items.length).toBeGreaterThan(0);
    for (const item of reply.items) {
      expect(item.id).not.toMatch(/^hm:0713995/);
      expect(catalog.get(item.id)!.colors).toContain('light-blue');
    }
  });

  it('keeps the piece asked about in focus, so "save it" saves it without asking which', async () => {
    const shown = await bot.send("show me men's blazers", 'test:variants:3');
    const position = shown.items.findIndex((i) => i.id === 'hm:0713995001');
    const reply = await bot.send(`the ${ORDINALS[position]} one in black or grey?`, 'test:variants:3');
    expect(reply.items.map((i) => i.id)).toEqual(['hm:0713995003', 'hm:0713995004']);
    const saved = await bot.send('save it', 'test:variants:3');
    expect(saved.text).not.toMatch(/which one/i);
    expect(saved.text).toMatch(/wishlist/i);
    const list = await bot.send('what have i saved', 'test:variants:3');
    expect(list.items.map((i) => i.id)).toEqual(['hm:0713995003']);
  });
});
