import { describe, expect, it } from 'vitest';
import { createActionCodec } from '../../adapters/actions.ts';
import { DISCORD_TEXT_LIMIT, discordMessages } from '../../adapters/discord/render.ts';
import { introText, lookButtons, lookCards } from '../../adapters/looks.ts';
import { TELEGRAM_TEXT_LIMIT, telegramMessages } from '../../adapters/telegram/render.ts';
import type { Reply, ReplyItem } from '../../src/types.ts';

let nextId = 1;
function piece(name: string, price: number, color: string): ReplyItem {
  return {
    id: `hm:09${String(nextId++).padStart(8, '0')}`,
    name,
    score: 1,
    price,
    colors: [color],
    articleType: 'dress',
    signals: [],
  };
}

/** A three-look reply as the engine writes it: intro, look lines with the why, piece lines with ids. */
function looksReply(names: string[][]): Reply {
  const outfits = names.map((look, i) => ({
    items: look.map((name, j) => piece(name, 10 + j, 'black')),
    score: 1,
    explanation: `For a wedding: look ${i + 1} — neutral colours that go together`,
  }));
  let n = 0;
  const lines = outfits.flatMap((o, i) => [
    `Look ${i + 1} (€20.00): ${o.explanation}`,
    ...o.items.map((item) => `   ${++n}. ${item.name} — €${item.price}, black [${item.id}]`),
  ]);
  return {
    text: ['Here are 3 looks (wedding · women):', ...lines, 'Say "cheaper" for other prices.'].join('\n'),
    intent: 'outfit_request',
    confidence: 1,
    slots: {},
    items: outfits.flatMap((o) => o.items),
    outfits,
    private: false,
    actionable: true,
    language: 'en',
  };
}

const reply = looksReply([
  ['Cypress Dress', 'Mikita <Mule> & Co', 'Notre Dame Blazer'],
  ['Asta *Dress*', 'Mara Pump'],
  ['Fox Blouse', 'Tilda Trouser', 'Barnet Espadrille', 'Gold Hoops', 'Straw Tote'],
]);

describe('look cards', () => {
  it('keeps the intro and the closing line, without look lines, piece lines or ids', () => {
    expect(introText(reply)).toBe('Here are 3 looks (wedding · women):\nSay "cheaper" for other prices.');
  });

  it('numbers pieces across looks and totals each look', () => {
    const cards = lookCards(reply);
    expect(cards.map((c) => c.title)).toEqual(['Look 1 · €33.00', 'Look 2 · €21.00', 'Look 3 · €60.00']);
    expect(cards[1]!.pieces.map((p) => p.n)).toEqual([4, 5]);
    expect(cards[0]!.why).toBe('For a wedding: look 1');
    expect(cards[0]!.pieces[0]!.line).toBe('Cypress Dress — €10.00 · black');
  });

  it('shows prices in the shopper’s currency too when they gave one', () => {
    const [card] = lookCards({ ...reply, slots: { currency: 'CNY' } });
    expect(card!.title).toBe('Look 1 · €33.00 (≈CN¥254)');
    expect(card!.pieces[0]!.line).toBe('Cypress Dress — €10.00 (≈CN¥77) · black');
  });

  it('writes colours and button labels in Chinese for a Chinese reply', () => {
    const [card] = lookCards({ ...reply, language: 'zh' });
    expect(card!.title).toBe('搭配 1 · €33.00');
    expect(card!.pieces[0]!.line).toBe('Cypress Dress — €10.00，黑色');
    expect(lookButtons(card!, 'zh')[0]!.map((b) => b.label)).toEqual(['👍', '👎', '✨ 类似的', '💾 收藏']);
  });

  it('gives each look one row for its lead piece and at most one row to pick another piece', () => {
    const rows = lookButtons(lookCards(reply)[2]!);
    expect(rows).toHaveLength(2);
    expect(rows[0]!.map((b) => b.label)).toEqual(['👍', '👎', '✨ More like it', '💾 Save']);
    expect(new Set(rows[0]!.map((b) => b.itemId))).toEqual(new Set([reply.outfits[2]!.items[0]!.id]));
    expect(rows[1]!.map((b) => b.itemId)).toEqual(reply.outfits[2]!.items.slice(1).map((i) => i.id));
    for (const b of rows[1]!) expect([...b.label].length).toBeLessThanOrEqual(18);
  });
});

describe('Telegram messages', () => {
  const messages = telegramMessages(reply, createActionCodec(64));

  it('sends the intro, then one message per look with a bold title and its own keyboard', () => {
    expect(messages).toHaveLength(4);
    expect(messages[0]!.keyboard).toBeUndefined();
    expect(messages[1]!.html.split('\n')[0]).toBe('<b>Look 1 · €33.00</b>');
    for (const m of messages.slice(1)) expect(m.keyboard!.inline_keyboard.length).toBeLessThanOrEqual(2);
  });

  it('escapes catalogue names, keeps ids out of the text and callback data within 64 bytes', () => {
    expect(messages[1]!.html).toContain('2. Mikita &lt;Mule&gt; &amp; Co — €11.00 · black');
    for (const m of messages) {
      expect(m.html).not.toMatch(/hm:\d/);
      expect(m.html.length).toBeLessThanOrEqual(TELEGRAM_TEXT_LIMIT);
      for (const b of m.keyboard?.inline_keyboard.flat() ?? [])
        expect(Buffer.byteLength(b.callback_data)).toBeLessThanOrEqual(64);
    }
  });

  it('keeps a look with absurdly long names under the limit', () => {
    const long = looksReply([['x'.repeat(3000), 'y'.repeat(3000)]]);
    for (const m of telegramMessages(long, createActionCodec(64)))
      expect(m.html.length).toBeLessThanOrEqual(TELEGRAM_TEXT_LIMIT);
  });

  it('lists items without looks with the ids taken out of the text', () => {
    const [a, b] = reply.items as [ReplyItem, ReplyItem];
    const text = `Two picks:\n1. ${a.name} — €10, black [${a.id}]\n2. ${b.name} — €11, black [${b.id}]`;
    const list: Reply = { ...reply, outfits: [], items: [a, b], text };
    const [only] = telegramMessages(list, createActionCodec(64));
    expect(only!.html).toBe('Two picks:\n1. Cypress Dress — €10, black\n2. Mikita &lt;Mule&gt; &amp; Co — €11, black');
    expect(only!.keyboard!.inline_keyboard).toHaveLength(2);
  });
});

describe('Discord messages', () => {
  const messages = discordMessages(reply, createActionCodec(100)).map((m) => ({
    content: m.content,
    embeds: m.embeds.map((e) => e.toJSON()),
    components: m.components.map((row) => row.toJSON()),
  }));

  it('sends the intro, then an embed per look with the same buttons', () => {
    expect(messages).toHaveLength(4);
    expect(messages[0]!.embeds).toHaveLength(0);
    expect(messages.slice(1).map((m) => m.embeds[0]!.title)).toEqual([
      'Look 1 · €33.00',
      'Look 2 · €21.00',
      'Look 3 · €60.00',
    ]);
    expect(messages[3]!.components).toHaveLength(2);
    expect(messages[3]!.components[0]!.components).toHaveLength(4);
  });

  it('escapes markdown in names, keeps ids only in custom ids, within the limits', () => {
    const text = JSON.stringify(messages.map((m) => [m.content, m.embeds]));
    expect(text).toContain('Asta \\\\*Dress\\\\*');
    expect(text).not.toMatch(/hm:\d/);
    for (const m of messages) {
      expect(m.content.length).toBeLessThanOrEqual(DISCORD_TEXT_LIMIT);
      for (const row of m.components)
        for (const b of row.components) expect((b as { custom_id: string }).custom_id.length).toBeLessThanOrEqual(100);
    }
  });
});
