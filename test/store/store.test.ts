import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createClient } from '@keyv/redis';
import { afterAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config.ts';
import { openStateStore } from '../../src/store/index.ts';
import { silentLogger } from '../../src/util/logger.ts';

const REDIS_URL = 'redis://127.0.0.1:6379';

async function redisReachable(): Promise<boolean> {
  const client = createClient({ url: REDIS_URL, socket: { connectTimeout: 500, reconnectStrategy: false } });
  try {
    await client.connect();
    await client.ping();
    await client.quit();
    return true;
  } catch {
    return false;
  }
}

const home = mkdtempSync(path.join(os.tmpdir(), 'fa-store-'));
afterAll(() => rmSync(home, { recursive: true, force: true }));

const backends = [
  { name: 'sqlite', env: { FASHION_HOME: home } },
  { name: 'redis', env: { FASHION_HOME: home, REDIS_URL }, skip: !(await redisReachable()) },
];

describe.each(backends)('state store on $name', ({ env, skip }) => {
  it.skipIf(skip)('survives a restart and erases a user completely', async () => {
    const userId = `test:${process.pid}:${Date.now()}`;
    const first = await openStateStore(loadConfig(env), silentLogger);
    const state = await first.load(userId);
    expect(state.profile.dislikedColors).toEqual([]);
    await first.save({
      profile: { ...state.profile, dislikedColors: ['yellow'] },
      session: { ...state.session, lastShown: ['demo:a'] },
    });
    await first.close();

    const second = await openStateStore(loadConfig(env), silentLogger);
    const reloaded = await second.load(userId);
    expect(reloaded.profile.dislikedColors).toEqual(['yellow']);
    expect(reloaded.session.lastShown).toEqual(['demo:a']);
    await second.erase(userId);
    expect((await second.load(userId)).profile.dislikedColors).toEqual([]);
    await second.close();
  });

  it.skipIf(skip)('keeps users apart', async () => {
    const store = await openStateStore(loadConfig(env), silentLogger);
    const a = `test:a:${Date.now()}`;
    const b = `test:b:${Date.now()}`;
    const sa = await store.load(a);
    await store.save({ ...sa, profile: { ...sa.profile, wishlist: ['demo:x'] } });
    expect((await store.load(b)).profile.wishlist).toEqual([]);
    await store.erase(a);
    await store.close();
  });
});
