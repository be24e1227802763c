/** Fixture factories for the log tests: turn records with incrementing ids, configs and PostgreSQL schemas. */
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { type Config, loadConfig } from '../../src/config.ts';
import { createHasher } from '../../src/log/crypto.ts';
import type { TurnRecord } from '../../src/types.ts';

/** 2026-11-02 (a Monday) 09:00 UTC. */
export const T0 = Date.UTC(2026, 10, 2, 9);
export const DAY = 86_400_000;

let sequence = 0;

/** A turn record; every call gets fresh user, conversation and message ids unless given. */
export function makeTurn(overrides: Partial<TurnRecord> = {}): TurnRecord {
  sequence++;
  return {
    at: T0 + sequence * 1000,
    platform: 'telegram',
    userId: `telegram:user-${sequence}`,
    conversationId: `chat-${sequence}`,
    messageId: `m-${sequence}`,
    text: `show me a red dress number ${sequence}`,
    reply: 'Here are three red dresses.',
    intent: 'product_search',
    confidence: 0.9,
    slots: { category: 'dress', color: ['red'] },
    items: [
      {
        id: `demo:dress-${sequence}`,
        name: 'Wrap dress',
        score: 0.81,
        price: 49.9,
        colors: ['red'],
        articleType: 'dress',
        signals: [{ name: 'match', weight: 0.6, detail: 'colour red' }],
      },
    ],
    outfits: [],
    explanation: 'Matches your colour and category.',
    latencyMs: 12.5,
    models: { nlu: 'natural-lr@test', recommender: 'popularity+content' },
    ...overrides,
  };
}

/** A fresh data home in the temp directory, removed by `cleanup`. */
export function tempHome(): { home: string; cleanup: () => void } {
  const home = mkdtempSync(path.join(os.tmpdir(), 'fa-log-'));
  return { home, cleanup: () => rmSync(home, { recursive: true, force: true }) };
}

/** Configuration for a test: a temp home and, optionally, a database URL. */
export function testConfig(home: string, env: Record<string, string> = {}): Config {
  return loadConfig({ FASHION_HOME: home, LOG_LEVEL: 'silent', ...env });
}

export const PG_URL = process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';

/** Whether the test PostgreSQL server answers (tests skip cleanly otherwise). */
export async function postgresReachable(): Promise<boolean> {
  const client = new pg.Client({ connectionString: PG_URL, connectionTimeoutMillis: 2000 });
  try {
    await client.connect();
    await client.query('SELECT 1');
    return true;
  } catch {
    return false;
  } finally {
    await client.end().catch(() => undefined);
  }
}

/** Creates `log_test_<random>`; returns a URL whose connections use it, and a function that drops it. */
export async function freshSchema(): Promise<{
  url: string;
  schema: string;
  client: pg.Client;
  drop: () => Promise<void>;
}> {
  const schema = `log_test_${randomBytes(6).toString('hex')}`;
  const client = new pg.Client({ connectionString: PG_URL });
  await client.connect();
  await client.query(`CREATE SCHEMA ${schema}`);
  await client.query(`SET search_path TO ${schema}`);
  const url = `${PG_URL}${PG_URL.includes('?') ? '&' : '?'}options=${encodeURIComponent(`-c search_path=${schema}`)}`;
  return {
    url,
    schema,
    client,
    drop: async () => {
      await client.query(`DROP SCHEMA ${schema} CASCADE`);
      await client.end();
    },
  };
}

/**
 * The message id as the log keeps it (a keyed hash), for a pseudonym key as configured (`PSEUDONYM_KEY`) or loaded.
 * @example
 * storedMessageId(KEYS.PSEUDONYM_KEY, 'm-1') // 32 hex digits
 */
export function storedMessageId(pseudonymKey: string | Buffer, messageId: string, platform = 'telegram'): string {
  const key = typeof pseudonymKey === 'string' ? Buffer.from(pseudonymKey, 'utf8') : pseudonymKey;
  return createHasher(key).message(platform, messageId);
}
