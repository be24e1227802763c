/** Experiments inside live conversations: arms change what users get; exposures and outcomes reach the report. */
import { writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LIST_SIZE_EXPERIMENT } from '../../bench/support/list-size-experiment.ts';
import { createTestBot, type TestBot } from '../support/bot.ts';

const file = path.join(os.tmpdir(), `fa-experiments-${process.pid}.json`);
writeFileSync(
  file,
  JSON.stringify({
    minUsersPerArm: 5,
    experiments: [LIST_SIZE_EXPERIMENT],
  }),
);

describe('experiments in the engine', () => {
  let bot: TestBot;
  beforeAll(async () => {
    bot = await createTestBot({ env: { FASHION_EXPERIMENTS: file } });
  });
  afterAll(() => bot.close());

  it('runs each shopper under their arm and attributes feedback to what they were shown', async () => {
    const sizes = new Map<string, number>();
    for (let u = 0; u < 24; u++) {
      const user = `test:exp:${u}`;
      const reply = await bot.send('show me shoes for women', user);
      sizes.set(user, reply.items.length);
      const arm = bot.deps().experiments!.armsFor(bot.deps().pseudonymize!(user))[0]!.arm;
      expect(reply.items.length).toBe(arm === 'five' ? 5 : 3);
      if (u % 2 === 0) await bot.press({ type: 'feedback', itemId: reply.items[0]!.id, value: 1 }, user);
    }
    expect(new Set(sizes.values())).toEqual(new Set([3, 5]));
    const report = await bot.deps().experiments!.report();
    const text = JSON.stringify(report);
    expect(text).toContain('list-size');
    const experiment = report.experiments.find((e) => e.name === 'list-size')!;
    const exposures = experiment.arms.reduce((sum, arm) => sum + arm.exposures, 0);
    expect(exposures).toBeGreaterThanOrEqual(24);
    const positives = experiment.arms.reduce((sum, arm) => sum + arm.rates.positive.successes, 0);
    expect(positives).toBe(12);
  });

  it('forgets a shopper’s exposures with the rest of their data', async () => {
    const user = 'test:exp:forget';
    const exposures = async () =>
      (await bot.deps().experiments!.report()).experiments[0]!.arms.reduce((sum, arm) => sum + arm.exposures, 0);
    const before = await exposures();
    await bot.send('show me dresses for women', user);
    expect(await exposures()).toBe(before + 1);
    await bot.send('forget me', user);
    expect(await exposures()).toBe(before);
  });
});
