import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { PassThrough } from 'node:stream';
import { describe, expect, it } from 'vitest';
import type { CommandContext } from '../../src/cli/command.ts';
import {
  missingModels,
  TRAINING_STEPS,
  type Trainer,
  trainMissingModels,
  untrainedHint,
} from '../../src/cli/first-run.ts';
import { loadConfig } from '../../src/config.ts';
import { silentLogger } from '../../src/util/logger.ts';

/** A data home holding the artifacts of the named steps. */
function homeWith(trained: string[]): string {
  const home = mkdtempSync(path.join(os.tmpdir(), 'fa-first-run-'));
  for (const step of TRAINING_STEPS.filter((s) => trained.includes(s.name))) {
    mkdirSync(path.dirname(path.join(home, step.artifact)), { recursive: true });
    writeFileSync(path.join(home, step.artifact), '{}');
  }
  return home;
}

function contextFor(home: string) {
  const stderr = new PassThrough();
  let shown = '';
  stderr.on('data', (chunk) => {
    shown += chunk;
  });
  const context: CommandContext = {
    config: { ...loadConfig({ FASHION_HOME: home }), home },
    logger: silentLogger,
    stdin: new PassThrough(),
    stdout: new PassThrough(),
    stderr,
  };
  return { context, shown: () => shown };
}

describe('first run', () => {
  it('finds the models whose artifact is missing', () => {
    expect(missingModels(homeWith(['nlu', 'trends'])).map((s) => s.name)).toEqual(['recommender', 'outfits']);
    expect(missingModels(homeWith(TRAINING_STEPS.map((s) => s.name)))).toEqual([]);
  });

  it('trains only what is missing, shows one line per model, and sends the trainers’ output to a log', async () => {
    const home = homeWith(['nlu']);
    const { context, shown } = contextFor(home);
    const asked: string[] = [];
    const train: Trainer = async (name, quiet) => {
      asked.push(name);
      quiet.stderr.write(`epoch 1 of ${name}\n`);
      return name === 'trends' ? 1 : 0;
    };
    let clock = 0;
    const trained = await trainMissingModels(context, { train, now: () => (clock += 2000) });
    expect(asked).toEqual(['recommender', 'trends', 'outfits']);
    expect(trained).toEqual(['recommender', 'outfits']);
    const lines = shown().trim().split('\n');
    expect(lines[0]).toMatch(/^First run: training 3 missing models .* Details: .*first-run\.log$/);
    expect(lines.slice(1)).toEqual([
      '  [1/3] training the recommender … done in 2 s',
      '  [2/3] training the trend predictor … failed (see the log); the bot uses its untrained the trend predictor',
      '  [3/3] training the outfit compatibility model … done in 2 s',
    ]);
    expect(shown()).not.toContain('epoch');
    expect(readFileSync(path.join(home, 'first-run.log'), 'utf8')).toContain('epoch 1 of outfits');
  });

  it('does nothing, and says nothing, when every model is trained', async () => {
    const home = homeWith(TRAINING_STEPS.map((s) => s.name));
    const { context, shown } = contextFor(home);
    expect(await trainMissingModels(context, { train: async () => 1 })).toEqual([]);
    expect(shown()).toBe('');
    expect(untrainedHint(home)).toBeUndefined();
  });

  it('tells a chat on untrained models how to train them', () => {
    expect(untrainedHint(homeWith(['nlu', 'recommender', 'outfits']))).toMatch(
      /the trend predictor is not trained yet.*npm start.*train all/,
    );
  });
});
