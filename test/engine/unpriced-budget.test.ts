/**
 * A budget needs every piece priced. When the pieces a look needs have no price (Myntra lists none), the bot says so
 * and shows the looks without the budget, instead of asking for a higher budget that would not help.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createCatalog, loadDemoItems } from '../../src/catalog/index.ts';
import { projectRoot } from '../../src/config.ts';
import { createTestBot, type TestBot } from '../support/bot.ts';

describe('a budget over pieces without prices', () => {
  let bot: TestBot;
  beforeAll(async () => {
    // The demo catalogue with no price on any shoe.
    const items = loadDemoItems(projectRoot).map((item) =>
      item.category === 'footwear' ? { ...item, price: undefined } : item,
    );
    bot = await createTestBot({ catalog: createCatalog(items, ['demo']) });
  });
  afterAll(() => bot.close());

  it('says which pieces have no price and shows the looks without the budget', async () => {
    const reply = await bot.send("outfit for work, I'm a man, under 500", 'test:unpriced:1');
    expect(reply.text).toMatch(/no prices for the [^:.]*(shoes|loafers|boots|sneakers|sandals)/i);
    expect(reply.outfits.length).toBeGreaterThan(0);
    expect(reply.text).not.toMatch(/higher budget/i);
  });

  it('still blames the budget when every piece has a price and the budget is too low', async () => {
    const priced = await createTestBot();
    try {
      const reply = await priced.send("outfit for work, I'm a man, under 20", 'test:unpriced:2');
      expect(reply.outfits).toEqual([]);
      expect(reply.text).toMatch(/budget/i);
      expect(reply.text).not.toMatch(/no prices/i);
    } finally {
      await priced.close();
    }
  });
});
