/**
 * Property-based tests over the whole engine: any text, interleaved across shoppers, never throws, always answers
 * within platform limits, and never shows one shopper another's items, preferences or words.
 */
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestBot, type TestBot } from '../support/bot.ts';

/** Text a hostile or careless user might send. */
const messageText = fc.oneof(
  { weight: 3, arbitrary: fc.string({ unit: 'grapheme', maxLength: 200 }) },
  { weight: 2, arbitrary: fc.string({ unit: 'binary', maxLength: 300 }) },
  { weight: 1, arbitrary: fc.string({ unit: 'binary', minLength: 3000, maxLength: 20_000 }) },
  {
    weight: 3,
    arbitrary: fc.constantFrom(
      'show me red dresses',
      'cheaper',
      'the second one',
      'I hate green',
      'outfit for a wedding, women',
      'why?',
      "<b>bold</b> & <script>alert('x')</script>",
      '1; DROP TABLE users; --',
      '@everyone look',
      '\u0000\u0001\u001b[2J',
      '我想要黑色的鞋子',
      'save the first one',
      '👍',
    ),
  },
);

/** A secret word each shopper says; no other shopper may ever see it. */
const SECRETS = ['zebracode', 'lanternfox', 'quillmoss'] as const;

describe('engine properties', () => {
  let bot: TestBot;
  let runs = 0;
  beforeAll(async () => {
    bot = await createTestBot();
  });
  afterAll(() => bot.close());

  it('answers thousands of messages, each once, within limits, and keeps shoppers apart', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.tuple(fc.integer({ min: 0, max: 2 }), messageText, fc.boolean()), { minLength: 1, maxLength: 25 }),
        async (turns) => {
          const run = ++runs;
          const users = SECRETS.map((_, i) => `test:prop:${run}:${i}`);
          const replies = await Promise.all(
            turns.map(([u, text, withSecret]) =>
              bot.send(withSecret ? `${text} ${SECRETS[u]}` : text, users[u]).then((reply) => ({ u, reply })),
            ),
          );
          for (const { u, reply } of replies) {
            expect(reply.text.length).toBeGreaterThan(0);
            expect(reply.text.length).toBeLessThanOrEqual(4096 * 4);
            expect(reply.text).not.toMatch(/went wrong on my side/);
            for (const [other, secret] of SECRETS.entries()) {
              if (other !== u) expect(reply.text).not.toContain(secret);
            }
          }
          for (const [u, userId] of users.entries()) {
            const { profile, session } = await bot.deps().store.load(userId);
            const mine = JSON.stringify({ profile, session });
            for (const [other, secret] of SECRETS.entries()) if (other !== u) expect(mine).not.toContain(secret);
            expect(session.turns).toBe(turns.filter(([owner]) => owner === u).length);
          }
        },
      ),
      { numRuns: 150, seed: 20261128 },
    );
  });
});
