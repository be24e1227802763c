/** A tone the shopper chose wins over an experiment arm's — the default tone too ("be friendly"). */
import { writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestBot, type TestBot } from '../support/bot.ts';

const file = path.join(os.tmpdir(), `fa-tone-${process.pid}.json`);
writeFileSync(
  file,
  JSON.stringify({
    minUsersPerArm: 5,
    experiments: [
      {
        name: 'brevity',
        start: '2020-01-01T00:00:00Z',
        primaryMetric: 'positive',
        arms: [
          { name: 'brief', weight: 1, params: { tone: 'concise' } },
          { name: 'terse', weight: 1, params: { tone: 'concise' } },
        ],
      },
    ],
  }),
);

/** The first words of the help text in each tone (prompts/en/friendly.md, concise.md). */
const FRIENDLY_HELP = /^I can put together outfits/;
const CONCISE_HELP = /^Outfits \(/;

describe('the tone of a reply', () => {
  let bot: TestBot;
  beforeAll(async () => {
    bot = await createTestBot({ env: { FASHION_EXPERIMENTS: file } });
  });
  afterAll(() => bot.close());

  it('follows the experiment arm while the shopper has chosen none', async () => {
    expect((await bot.send('help', 'test:tone:arm')).text).toMatch(CONCISE_HELP);
  });

  it('stays friendly after "be friendly", whatever the arm says', async () => {
    const user = 'test:tone:chosen';
    await bot.send('be friendly', user);
    expect(bot.deps().experiments!.armsFor(bot.deps().pseudonymize!(user))[0]!.arm).toMatch(/brief|terse/);
    expect((await bot.send('help', user)).text).toMatch(FRIENDLY_HELP);
  });

  it('follows a tone chosen later: "be brief" after "be friendly"', async () => {
    const user = 'test:tone:changed';
    await bot.send('be friendly', user);
    await bot.send('be brief', user);
    expect((await bot.send('help', user)).text).toMatch(CONCISE_HELP);
  });
});
