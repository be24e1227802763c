/**
 * `fashion-advisor bench review [--turns N] [--requests N] [--json]`: fills a conversation log with synthetic turns
 * (default 100,000; generated here from a small made-up vocabulary, no dataset rows) and times filtered
 * conversation-list pages served by the real review console over HTTP, on SQLite and — when reachable — PostgreSQL
 * (`DATABASE_URL`, else postgres://postgres@127.0.0.1:5432/test, in a temporary schema dropped afterwards).
 * The baseline measured in the same run is the unfiltered first page. Target: filtered page ≤ 200 ms.
 */
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { type Command, intFlag, printJson } from '../src/cli/command.ts';
import type { Config } from '../src/config.ts';
import { openTurnLog } from '../src/log/index.ts';
import { StylistAccounts } from '../src/review/accounts.ts';
import { startReviewServer } from '../src/review/server.ts';
import { INTENTS, type Logger, type Platform, type Random, type TurnRecord } from '../src/types.ts';
import { silentLogger } from '../src/util/logger.ts';
import { seededRandom, systemClock } from '../src/util/random.ts';
import { quantile } from './stats.ts';

const TARGET_MS = 200;
const DAY = 86_400_000;
const PLATFORMS: Platform[] = ['telegram', 'discord', 'cli'];
const WORDS = [
  'linen',
  'shirt',
  'jeans',
  'dress',
  'wedding',
  'work',
  'navy',
  'black',
  'sneakers',
  'coat',
  'cheaper',
  'summer',
];
const COLORS = ['black', 'navy', 'white', 'red', 'beige', 'green'];
const CATEGORIES = ['shirt', 'jeans', 'dress', 'sneakers', 'coat', 'skirt'];
const PASSWORD = 'bench-password-0123';

/** The filtered list pages timed in the benchmark (one of them per request, in turn). */
const FILTERED_PAGES = [
  'platform=telegram',
  'intent=outfit_request',
  'low=1',
  'negative=1',
  'unreviewed=1',
  'q=linen',
  'q=linen+wedding',
  'platform=discord&intent=product_search&low=1',
  'platform=telegram&negative=1&q=navy',
  'unreviewed=1&page=20',
];

const pick = <T>(random: Random, list: readonly T[]): T => {
  const value = list[Math.floor(random.next() * list.length)];
  if (value === undefined) throw new Error('nothing to pick from');
  return value;
};

/** Synthetic turns: ~5 per conversation, spread over the last 60 days. */
function* syntheticTurns(count: number, now: number, random: Random): Generator<TurnRecord> {
  let conversation = 0;
  let left = 0;
  let platform: Platform = 'telegram';
  let at = now;
  for (let i = 0; i < count; i++) {
    if (left === 0) {
      conversation++;
      left = 1 + Math.floor(random.next() * 9);
      platform = pick(random, PLATFORMS);
      at = now - Math.floor(random.next() * 60 * DAY);
    }
    left--;
    at += 5000 + Math.floor(random.next() * 60_000);
    const words = Array.from({ length: 3 + Math.floor(random.next() * 6) }, () => pick(random, WORDS));
    const negative = random.next() < 0.03;
    const turn: TurnRecord = {
      at: Math.min(at, now),
      platform,
      userId: `${platform}:${conversation % 7000}`,
      conversationId: `c${conversation}`,
      messageId: `m${i}`,
      text: words.join(' '),
      reply: `Here are some ideas with ${pick(random, WORDS)}.`,
      intent: negative ? 'feedback_negative' : pick(random, INTENTS),
      confidence: Math.round(random.next() * 1000) / 1000,
      slots: { category: pick(random, CATEGORIES), color: [pick(random, COLORS)] },
      items: [
        {
          id: `demo:item-${i % 500}`,
          name: `Item ${i % 500}`,
          score: random.next(),
          colors: [pick(random, COLORS)],
          articleType: pick(random, CATEGORIES),
          signals: [{ name: 'match', weight: 0.5 }],
        },
      ],
      outfits: [],
      latencyMs: 5 + random.next() * 40,
      models: { nlu: 'bench', recommender: 'bench' },
    };
    if (negative) turn.feedback = { itemId: `demo:item-${i % 500}`, value: -1 };
    yield turn;
  }
}

interface BackendResult {
  turns: number;
  insert_turns_per_s: number;
  p50_ms: number;
  p99_ms: number;
  max_ms: number;
  baseline_unfiltered_p50_ms: number;
  requests: number;
}

async function login(url: string): Promise<string> {
  const first = await fetch(`${url}/login`);
  // split() always yields the part before the first ';': the cookie's name=value.
  const pre = first.headers.getSetCookie().map((c) => c.split(';')[0] ?? c);
  const csrf = /name="csrf" value="([^"]+)"/.exec(await first.text())?.[1];
  if (!csrf) throw new Error(`bench login page has no csrf field (HTTP ${first.status})`);
  const response = await fetch(`${url}/login`, {
    method: 'POST',
    redirect: 'manual',
    headers: { 'content-type': 'application/x-www-form-urlencoded', cookie: pre.join('; ') },
    body: new URLSearchParams({ name: 'bench', password: PASSWORD, csrf }).toString(),
  });
  const session = response.headers.getSetCookie().find((c) => c.startsWith('fa_session='));
  if (!session) throw new Error(`bench login failed with HTTP ${response.status}`);
  return session.split(';')[0] ?? session;
}

async function timePages(url: string, cookie: string, queries: string[], requests: number): Promise<number[]> {
  const times: number[] = [];
  for (let i = 0; i < requests; i++) {
    const started = performance.now();
    const response = await fetch(`${url}/conversations?${queries[i % queries.length]}`, { headers: { cookie } });
    await response.text();
    if (response.status !== 200) throw new Error(`list page answered HTTP ${response.status}`);
    times.push(performance.now() - started);
  }
  return times;
}

async function benchBackend(config: Config, turns: number, requests: number, progress: Logger): Promise<BackendResult> {
  const log = await openTurnLog(config, silentLogger, { scheduleRetention: false });
  try {
    const random = seededRandom(7);
    const now = systemClock.now();
    const started = performance.now();
    // PostgreSQL: a few batches in flight hide the round trips; SQLite serialises writes anyway.
    const inFlight = log.db.dialect === 'postgres' ? 4 : 1;
    const pending = new Set<Promise<void>>();
    let batch: TurnRecord[] = [];
    let stored = 0;
    const flush = async () => {
      const work = log.appendMany(batch).then((n) => {
        stored += n;
        if (Math.floor(stored / 20_000) > Math.floor((stored - n) / 20_000))
          progress.info('inserted', { turns: stored });
      });
      batch = [];
      const tracked = work.finally(() => pending.delete(tracked));
      pending.add(tracked);
      if (pending.size >= inFlight) await Promise.race(pending);
    };
    for (const turn of syntheticTurns(turns, now, random)) {
      batch.push(turn);
      if (batch.length === 1000) await flush();
    }
    await flush();
    await Promise.all(pending);
    const insertSeconds = (performance.now() - started) / 1000;
    await log.optimize(); // what the hourly maintenance (and PostgreSQL's autovacuum) does in steady state
    await new StylistAccounts(log.db, systemClock).add('bench', PASSWORD);
    const server = await startReviewServer({ log, config, logger: silentLogger, port: 0 });
    try {
      const cookie = await login(server.url);
      await timePages(server.url, cookie, FILTERED_PAGES, FILTERED_PAGES.length * 2); // warm-up
      const baseline = await timePages(server.url, cookie, ['page=1'], Math.max(20, requests / 5));
      const filtered = await timePages(server.url, cookie, FILTERED_PAGES, requests);
      return {
        turns: stored,
        insert_turns_per_s: Math.round(stored / insertSeconds),
        p50_ms: round(quantile(filtered, 0.5)),
        p99_ms: round(quantile(filtered, 0.99)),
        max_ms: round(filtered.at(-1) ?? Number.NaN),
        baseline_unfiltered_p50_ms: round(quantile(baseline, 0.5)),
        requests,
      };
    } finally {
      await server.close();
    }
  } finally {
    await log.close();
  }
}

const round = (ms: number) => Math.round(ms * 10) / 10;

async function postgresSchema(url: string): Promise<{ url: string; drop: () => Promise<void> } | undefined> {
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 3000 });
  try {
    await client.connect();
  } catch {
    return undefined;
  }
  const schema = `bench_review_${randomBytes(5).toString('hex')}`;
  await client.query(`CREATE SCHEMA ${schema}`);
  const scoped = `${url}${url.includes('?') ? '&' : '?'}options=${encodeURIComponent(`-c search_path=${schema}`)}`;
  return {
    url: scoped,
    drop: async () => {
      await client.query(`DROP SCHEMA ${schema} CASCADE`);
      await client.end();
    },
  };
}

/**
 * @example
 * // fashion-advisor bench review --json
 * // {"turns":100000,"p50_ms":…,"p99_ms":…,"target_ms":200,"backends":{"sqlite":{…},"postgres":{…}}}
 */
export const benchReview: Command = async (args, { config, logger, stdout }) => {
  const turns = intFlag(args, 'turns', 100_000);
  const requests = Math.max(10, intFlag(args, 'requests', 200));
  const home = mkdtempSync(path.join(os.tmpdir(), 'fa-bench-review-'));
  const keys = { LOG_ENCRYPTION_KEY: randomBytes(32).toString('hex'), PSEUDONYM_KEY: randomBytes(32).toString('hex') };
  const base: Config = { ...config, ...keys, home, DATABASE_URL: undefined, LOG_RETENTION_DAYS: 90 };
  const backends: Record<string, BackendResult> = {};
  try {
    logger.info('bench review: SQLite', { turns });
    backends.sqlite = await benchBackend(base, turns, requests, logger);
    const pgUrl = config.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
    const schema = await postgresSchema(pgUrl);
    if (schema) {
      try {
        logger.info('bench review: PostgreSQL', { turns });
        backends.postgres = await benchBackend({ ...base, DATABASE_URL: schema.url }, turns, requests, logger);
      } finally {
        await schema.drop();
      }
    } else {
      logger.warn('bench review: PostgreSQL unreachable, skipped');
    }
  } finally {
    rmSync(home, { recursive: true, force: true });
  }
  const results = Object.values(backends);
  const report = {
    turns,
    p50_ms: Math.max(...results.map((r) => r.p50_ms)),
    p99_ms: Math.max(...results.map((r) => r.p99_ms)),
    target_ms: TARGET_MS,
    meets_target: results.every((r) => r.p99_ms <= TARGET_MS),
    backends,
  };
  if (args.flags.json) {
    printJson(stdout, report);
  } else {
    for (const [name, r] of Object.entries(backends)) {
      stdout.write(
        `${name}: ${r.turns} turns (insert ${r.insert_turns_per_s}/s) · filtered list page p50 ${r.p50_ms} ms, p99 ${r.p99_ms} ms, max ${r.max_ms} ms · unfiltered p50 ${r.baseline_unfiltered_p50_ms} ms (ratio ${(r.p50_ms / r.baseline_unfiltered_p50_ms).toFixed(2)})\n`,
      );
    }
    stdout.write(`target ≤ ${TARGET_MS} ms: ${report.meets_target ? 'met' : 'NOT met'}\n`);
  }
  return 0;
};
