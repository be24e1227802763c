/** Replays `test/conversations/*.txt` through the whole engine (see the README there for the format). */
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadTrends } from '../models/trends/index.ts';
import { colorFamily } from '../src/catalog/taxonomy.ts';
import { loadConfig } from '../src/config.ts';
import { loadClimate } from '../src/knowledge/climate.ts';
import { createRestyler } from '../src/nlg/llm.ts';
import type { Item, MessageAction, Reply } from '../src/types.ts';
import { silentLogger } from '../src/util/logger.ts';
import { type ChatMode, type ChatServer, startChatServer } from './nlg/chat-server.ts';
import { createTestBot, type TestBot } from './support/bot.ts';

const DIR = path.join(import.meta.dirname, 'conversations');

interface Step {
  line: number;
  text: string;
}

function itemsOf(reply: Reply, bot: TestBot): Item[] {
  const ids = [...reply.items.map((i) => i.id), ...reply.outfits.flatMap((o) => o.items.map((i) => i.id))];
  return [...new Set(ids)].map((id) => bot.deps().catalog.get(id)!);
}

const familyMatches = (item: Item, family: string) =>
  item.colors.some((c) => c === family || colorFamily(c) === family);

function compare(actual: number, op: string, expected: number): boolean {
  return {
    '>': actual > expected,
    '>=': actual >= expected,
    '=': actual === expected,
    '<=': actual <= expected,
    '<': actual < expected,
  }[op]!;
}

async function runStep(step: Step, bot: TestBot, replies: Reply[], user: { id: string; remembered?: string }) {
  const where = `line ${step.line}: ${step.text}`;
  const last = replies.at(-1);
  const [word, ...rest] = step.text.split(' ');
  const arg = rest.join(' ');
  const userMatch = /^user(?:@(\S+))?>\s?(.*)$/.exec(step.text);
  if (userMatch) {
    if (userMatch[1]) user.id = `test:${userMatch[1]}`;
    replies.push(await bot.send(userMatch[2]!, user.id));
    return;
  }
  if (word === 'press>') {
    const [kind, value, ordinal] = rest;
    const index = Number((ordinal ?? value)!.replace('#', '')) - 1;
    const itemId = itemsOf(last!, bot)[index]?.id ?? last!.items[index]?.id;
    expect(itemId, where).toBeDefined();
    const action: MessageAction =
      kind === 'feedback'
        ? { type: 'feedback', itemId: itemId!, value: value === '+1' ? 1 : -1 }
        : { type: kind as 'save', itemId: itemId! };
    replies.push(await bot.press(action, user.id));
    return;
  }
  if (word === 'remember') {
    user.remembered = itemsOf(last!, bot)[Number(rest[0]!.replace('#', '')) - 1]?.id;
    return expect(user.remembered, where).toBeDefined();
  }
  if (word === 'restart') return bot.restart();
  if (word === 'chart') return expect(last!.chart?.svg, where).toMatch(/^<svg|<svg/);
  if (word === 'bot~') return expect(last!.text, where).toMatch(new RegExp(arg, 'i'));
  if (word === 'bot!~') return expect(last!.text, where).not.toMatch(new RegExp(arg, 'i'));
  if (word !== 'expect') throw new Error(`${where}: unknown step`);
  const [check, ...args] = rest;
  const items = itemsOf(last!, bot);
  switch (check) {
    case 'intent':
      return expect(last!.intent, where).toBe(args[0]);
    case 'items':
    case 'outfits': {
      const count = check === 'items' ? items.length : last!.outfits.length;
      return expect(compare(count, args[0]!, Number(args[1])), `${where} (got ${count})`).toBe(true);
    }
    case 'outfit-has': {
      expect(last!.outfits.length, where).toBeGreaterThan(0);
      for (const outfit of last!.outfits) {
        const pieces = outfit.items.map((i) => bot.deps().catalog.get(i.id)!);
        const categories = new Set<string>([...pieces.map((p) => p.category), ...pieces.map((p) => p.articleType)]);
        for (const group of args) {
          expect(
            group.split('|').some((c) => categories.has(c)),
            `${where}: outfit ${outfit.items.map((i) => i.id).join(', ')}`,
          ).toBe(true);
        }
      }
      return;
    }
    case 'prices': {
      const prices = items.map((i) => i.price);
      expect(
        prices.every((p) => p !== undefined),
        where,
      ).toBe(true);
      const sorted = [...(prices as number[])].sort((a, b) => (args[0] === 'ascending' ? a - b : b - a));
      return expect(prices, where).toEqual(sorted);
    }
    case 'items-lack':
      return expect(
        items.map((i) => i.id),
        where,
      ).not.toContain(user.remembered);
    case 'outfits-hold': {
      expect(last!.outfits.length, where).toBeGreaterThan(0);
      for (const outfit of last!.outfits)
        expect(
          outfit.items.map((i) => i.id),
          where,
        ).toContain(user.remembered);
      return;
    }
    case 'all':
    case 'some':
    case 'none': {
      const [attribute, value] = args as [string, string];
      const test = (item: Item) =>
        attribute === 'gender'
          ? item.gender === value || item.gender === 'unisex'
          : attribute === 'season'
            ? item.seasons.length === 0 || item.seasons.includes(value as Item['seasons'][number])
            : attribute === 'category'
              ? item.category === value || item.articleType === value
              : familyMatches(item, value);
      expect(items.length, where).toBeGreaterThan(0);
      const passing = items.filter(test).map((i) => i.id);
      const failing = items
        .filter((i) => !test(i))
        .map((i) => `${i.id} (${i.colors.join('/')}, ${i.gender}, ${i.seasons.join('/')})`);
      if (check === 'all') return expect(failing, where).toEqual([]);
      if (check === 'none') return expect(passing, where).toEqual([]);
      return expect(passing.length, where).toBeGreaterThan(0);
    }
    case 'max-price': {
      expect(items.length, where).toBeGreaterThan(0);
      for (const item of items) expect(item.price, `${where}: ${item.id}`).toBeLessThan(Number(args[1]));
      return;
    }
    case 'profile-gender': {
      const { profile } = await bot.deps().store.load(user.id);
      return expect(profile.gender, where).toBe(args[0]);
    }
    case 'profile-empty': {
      const { profile, session } = await bot.deps().store.load(user.id);
      expect(profile.dislikedColors, where).toEqual([]);
      expect(profile.wishlist, where).toEqual([]);
      expect(profile.feedback, where).toEqual([]);
      expect(session.turns, where).toBe(0);
      return;
    }
    default:
      throw new Error(`${where}: unknown check "${check}"`);
  }
}

const files = readdirSync(DIR).filter((f) => f.endsWith('.txt'));
const config = loadConfig({ LOG_LEVEL: 'silent' });

/** Transcripts whose first line is `@trends` talk to the trend predictor over the real series. */
const needsTrends = (file: string) => readFileSync(path.join(DIR, file), 'utf8').startsWith('@trends');

/** Transcripts whose first line is `@llm <mode>` restyle replies through a loopback chat-completions server. */
const llmMode = (file: string) =>
  /^@llm (\S+)/.exec(readFileSync(path.join(DIR, file), 'utf8'))?.[1] as ChatMode | undefined;

/** Transcripts whose first line is `@climate` ask about cities' weather: they need the data directory's climate table. */
const needsClimate = (file: string) => readFileSync(path.join(DIR, file), 'utf8').startsWith('@climate');
const dataDir = process.env.FASHION_DATA_DIR ?? config.dataDir;
const climate = dataDir ? loadClimate(dataDir) : undefined;

describe.each(files)('conversation %s', (file) => {
  let bot: TestBot;
  let llm: ChatServer | undefined;
  const skip = (needsTrends(file) && !config.dataDir) || (needsClimate(file) && !climate);
  beforeAll(async () => {
    if (skip) return;
    const trends = needsTrends(file) ? await loadTrends(config, silentLogger) : undefined;
    const mode = llmMode(file);
    if (mode) llm = await startChatServer({ slowMs: 4000 });
    const restyle = llm
      ? createRestyler(loadConfig({ LLM_BASE_URL: llm.url(mode!), LLM_TIMEOUT_MS: '1500' }), silentLogger)
      : undefined;
    const env = needsClimate(file) && dataDir ? { FASHION_DATA_DIR: dataDir } : undefined;
    bot = await createTestBot({ trends, restyle, env });
  }, 300_000);
  afterAll(async () => {
    await bot?.close();
    await llm?.close();
  });

  it.skipIf(skip)('replays as written', async () => {
    const steps = readFileSync(path.join(DIR, file), 'utf8')
      .split('\n')
      .map((text, i) => ({ line: i + 1, text: text.trim() }))
      .filter((s) => s.text && !s.text.startsWith('#') && !s.text.startsWith('@'));
    const replies: Reply[] = [];
    const user = { id: 'test:shopper' };
    for (const step of steps) await runStep(step, bot, replies, user);
  });
});
