/**
 * The engine decides which replies are private (the adapters only honour `Reply.private`): every reply that reveals
 * what is kept about the shopper — the export, the profile summary, preference and size confirmations, forgotten
 * preferences, the wishlist, the erasure — is private; shopping answers are not. Each private reply says its language.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestBot, type TestBot } from '../support/bot.ts';

describe('private replies', () => {
  let bot: TestBot;
  beforeAll(async () => {
    bot = await createTestBot();
  });
  afterAll(() => bot.close());

  it('marks every reply about the shopper private, and shopping answers public', async () => {
    const user = 'test:private:1';
    const turn = async (text: string) => {
      const reply = await bot.send(text, user);
      return { text, intent: reply.intent, private: reply.private, language: reply.language };
    };
    const personal = [
      await turn("I'm a woman, I hate yellow and I'm a size M"),
      await turn('my budget is always 80 euros'),
    ];
    const search = await bot.send('show me shoes', user);
    expect(search.private).toBe(false);
    expect(search.items.length).toBeGreaterThan(0);
    const saved = await bot.send('save the first one', user);
    personal.push(
      { text: 'save the first one', intent: saved.intent, private: saved.private, language: saved.language },
      await turn('show my wishlist'),
      await turn('what do you know about me?'),
      await turn('export my data'),
      await turn('forget my sizes'),
    );
    expect(personal.map((p) => p.intent)).toEqual([
      'set_preference',
      'set_preference',
      'save_item',
      'save_item',
      'privacy_export',
      'privacy_export',
      'set_preference',
    ]);
    for (const reply of personal) expect(reply, reply.text).toMatchObject({ private: true, language: 'en' });
    const forgotten = await bot.send('forget me', user);
    expect(forgotten).toMatchObject({ intent: 'privacy_forget', private: true });
  });

  it('says the language of a Chinese reply', async () => {
    const reply = await bot.send('你知道我什么', 'test:private:zh');
    expect(reply).toMatchObject({ intent: 'privacy_export', private: true, language: 'zh' });
    const greeting = await bot.send('你好', 'test:private:zh');
    expect(greeting).toMatchObject({ private: false, language: 'zh' });
  });
});
