import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Readable, Writable } from 'node:stream';
import { afterAll, describe, expect, it } from 'vitest';
import type { CommandContext } from '../../src/cli/command.ts';
import { parse } from '../../src/cli/parse.ts';
import { loadConfig } from '../../src/config.ts';
import { evalNlu, trainNlu } from '../../src/nlu/cli.ts';
import { loadParser, modelPath } from '../../src/nlu/index.ts';
import { INTENTS } from '../../src/types.ts';
import { createLogger } from '../../src/util/logger.ts';

const home = mkdtempSync(path.join(tmpdir(), 'fa-nlu-'));
afterAll(() => rmSync(home, { recursive: true, force: true }));

function context(input = '') {
  let out = '';
  let err = '';
  const logs: string[] = [];
  const ctx: CommandContext = {
    config: loadConfig({ FASHION_HOME: home }),
    logger: createLogger('info', 'test', (line) => logs.push(line)),
    stdin: Readable.from([input]),
    stdout: new Writable({
      write(chunk, _encoding, callback) {
        out += chunk;
        callback();
      },
    }),
    stderr: new Writable({
      write(chunk, _encoding, callback) {
        err += chunk;
        callback();
      },
    }),
  };
  return { ctx, out: () => out, err: () => err, logs };
}

/** A tiny data set (4 utterances per intent and language) so that training and 2-fold CV stay fast. */
function tinyData(): string {
  const dir = path.join(home, 'tiny');
  for (const language of ['en', 'zh']) {
    mkdirSync(path.join(dir, language), { recursive: true });
    for (const intent of INTENTS) {
      const lines = [1, 2, 3, 4].map((i) =>
        language === 'en' ? `${intent.replace('_', ' ')} please ${i}` : `${intent}请${i}`,
      );
      writeFileSync(path.join(dir, language, `${intent}.txt`), `${lines.join('\n')}\n`);
    }
  }
  return dir;
}

describe('parse command', () => {
  it('prints exactly one JSON line per input line, even for empty lines, using the previous line as context', async () => {
    const { ctx, out } = context('hi\n\nblue jeans under 50\nin black?\n我想要红色的裙子\n');
    expect(await parse({ positionals: [], flags: { json: true } }, ctx)).toBe(0);
    const lines = out()
      .trimEnd()
      .split('\n')
      .map((l) => JSON.parse(l));
    expect(lines).toHaveLength(5);
    expect(lines.map((l) => l.intent)).toEqual(['greet', 'out_of_scope', 'product_search', 'refine', 'product_search']);
    expect(lines[1]).toEqual({ text: '', intent: 'out_of_scope', confidence: 0, slots: {} });
    expect(lines[2].slots).toMatchObject({ category: 'jeans', color: ['blue'], budget_max: 50, currency: 'EUR' });
    expect(Object.keys(lines[0]).sort()).toEqual(['confidence', 'intent', 'slots', 'text']);
  });

  it('prints a readable line without --json', async () => {
    const { ctx, out } = context('no yellow please\n');
    await parse({ positionals: [], flags: {} }, ctx);
    expect(out()).toMatch(/^\w+ \(\d\.\d\d\) {2}exclude_color=yellow\n$/);
  });
});

describe('train and load', () => {
  it('trains on --data with --extra, saves model and metrics, and loadParser uses the saved model', async () => {
    const extra = path.join(home, 'extra.jsonl');
    writeFileSync(extra, '{"text":"zorbly flimflam","intent":"greet"}\n');
    const { ctx, out } = context();
    expect(await trainNlu({ positionals: [], flags: { data: tinyData(), extra, json: true } }, ctx)).toBe(0);
    const summary = JSON.parse(out());
    expect(summary.examples).toBe(INTENTS.length * 8 + 1);
    const model = JSON.parse(readFileSync(modelPath(home), 'utf8'));
    expect(model.threshold).toBe(summary.calibration.threshold);
    expect(JSON.parse(readFileSync(path.join(home, 'nlu', 'metrics.json'), 'utf8')).data_hash).toBe(model.dataHash);

    const { ctx: loadCtx, logs } = context();
    const parser = await loadParser(loadCtx.config, loadCtx.logger);
    expect(logs.join('\n')).toMatch(/loaded trained model/);
    expect(parser.parse('zorbly flimflam').intent).toBe('greet');
    expect(parser.threshold).toBe(model.threshold);
  });

  it('falls back to the bundled data when the saved model is corrupt', async () => {
    writeFileSync(modelPath(home), '{"not":"a model"}');
    const { ctx, logs } = context();
    const parser = await loadParser(ctx.config, ctx.logger);
    expect(logs.join('\n')).toMatch(/cannot load the trained model/);
    expect(parser.parse('hello').intent).toBe('greet');
  });

  it('rejects an unreadable --extra file with a usage error', async () => {
    const { ctx } = context();
    await expect(
      trainNlu({ positionals: [], flags: { extra: path.join(home, 'missing.jsonl') } }, ctx),
    ).rejects.toThrow(/--extra: cannot read/);
  });
});

describe('eval nlu', () => {
  it('prints the cross-validation report with per-intent scores, languages and slots', async () => {
    const { ctx, out } = context();
    const flags = { data: tinyData(), folds: '2', 'no-peer': true, json: true };
    expect(await evalNlu({ positionals: [], flags }, ctx)).toBe(0);
    const report = JSON.parse(out());
    expect(report.folds).toBe(2);
    expect(Object.keys(report.per_intent).length).toBeGreaterThan(0);
    expect(report.languages.en.examples).toBe(INTENTS.length * 4);
    expect(report.slots).toHaveProperty('f1');
    expect(report.peer.nlpjs).toEqual({ skipped: 'not requested' });
    expect(report.macro_f1).toBeGreaterThanOrEqual(0);
  });
});
