/** `fashion-advisor chat --json` as a real process: the DESIGN §9 contract, and memory across restarts. */
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, describe, expect, it } from 'vitest';
import { createCatalog, loadDemoItems } from '../../src/catalog/index.ts';
import { loadConfig, projectRoot } from '../../src/config.ts';
import { openStateStore } from '../../src/store/index.ts';
import { silentLogger } from '../../src/util/logger.ts';

const run = promisify(execFile);
const home = mkdtempSync(path.join(os.tmpdir(), 'fa-cli-'));
afterAll(() => rmSync(home, { recursive: true, force: true }));

/** Runs one chat process with the given input lines; resolves to the parsed JSON lines. */
async function chat(lines: string[], user = 'cli-test') {
  const child = run(
    process.execPath,
    [path.join(projectRoot, 'bin/fashion-advisor.js'), 'chat', '--json', '--user', user],
    {
      env: { ...process.env, FASHION_HOME: home, FASHION_CATALOGS: 'demo', LOG_LEVEL: 'warn' },
      timeout: 120_000,
      maxBuffer: 64 * 1024 * 1024,
    },
  );
  child.child.stdin!.end(`${lines.join('\n')}\n`);
  const { stdout } = await child;
  return stdout
    .split('\n')
    .filter(Boolean)
    .map((line) => JSON.parse(line));
}

describe('chat --json', { timeout: 300_000 }, () => {
  it('prints exactly one JSON object per input line, even an empty one, with the contract fields', async () => {
    const replies = await chat([
      'hi',
      '',
      "I need an outfit for a summer wedding, I'm a man",
      'show me shirts',
      'x'.repeat(100_000),
    ]);
    expect(replies).toHaveLength(5);
    for (const reply of replies) {
      expect(Object.keys(reply).sort()).toEqual(
        ['confidence', 'explanation', 'intent', 'items', 'outfits', 'slots', 'text'].sort(),
      );
      expect(typeof reply.text).toBe('string');
      expect(reply.text.length).toBeGreaterThan(0);
    }
    const [, empty, outfit, shirts] = replies;
    expect(empty.text).toMatch(/empty|didn't get/i);
    expect(outfit.intent).toBe('outfit_request');
    expect(outfit.outfits.length).toBe(3);
    for (const o of outfit.outfits) {
      expect(o.explanation.length).toBeGreaterThan(0);
      for (const item of o.items) expect(Object.keys(item).sort()).toEqual(['id', 'name', 'score']);
    }
    expect(shirts.items.length).toBeGreaterThan(0);
    expect(shirts.items[0]).toEqual({
      id: expect.stringMatching(/^demo:/),
      name: expect.any(String),
      score: expect.any(Number),
    });
    expect(shirts.text).toContain(shirts.items[0].id);
  });

  it('remembers a dislike across process restarts, and forgets on request', async () => {
    const stored = async () => {
      const store = await openStateStore(loadConfig({ FASHION_HOME: home }), silentLogger);
      const state = await store.load('cli:restart-test');
      await store.close();
      return state;
    };
    await chat(['I hate yellow', 'show me t-shirts for women'], 'restart-test');
    expect((await stored()).profile.dislikedColors).toEqual(['yellow']);
    const [tees] = await chat(['show me t-shirts for women'], 'restart-test');
    const catalog = createCatalog(loadDemoItems(projectRoot), ['demo']);
    expect(tees.items.length).toBeGreaterThan(0);
    for (const item of tees.items) expect(catalog.get(item.id)!.colors).not.toContain('yellow');
    expect((await stored()).session.turns).toBe(3);
    const [forgotten] = await chat(['forget me'], 'restart-test');
    expect(forgotten.intent).toBe('privacy_forget');
    const after = await stored();
    expect(after.profile.dislikedColors).toEqual([]);
    expect(after.session.turns).toBe(0);
  });
});
