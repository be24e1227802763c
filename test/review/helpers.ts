/** Starts a real review console over a real SQLite (or PostgreSQL) log for tests, and a tiny cookie-keeping client. */
import { type OpenTurnLog, openTurnLog } from '../../src/log/index.ts';
import { StylistAccounts } from '../../src/review/accounts.ts';
import { type ReviewServer, startReviewServer } from '../../src/review/server.ts';
import type { Clock, TrendService } from '../../src/types.ts';
import { silentLogger } from '../../src/util/logger.ts';
import { systemClock } from '../../src/util/random.ts';
import { freshSchema, tempHome, testConfig } from '../log/fixtures.ts';

export const PASSWORD = 'correct horse battery staple';

export interface Console {
  log: OpenTurnLog;
  server: ReviewServer;
  accounts: StylistAccounts;
  stop: () => Promise<void>;
}

/** A console with one stylist account, `ada`, whose password is `PASSWORD`; `env` adds configuration variables. */
export async function startConsole(
  options: { postgres?: boolean; trends?: TrendService; env?: Record<string, string>; clock?: Clock } = {},
): Promise<Console> {
  const { home, cleanup } = tempHome();
  const schema = options.postgres ? await freshSchema() : undefined;
  const config = testConfig(home, { ...(schema ? { DATABASE_URL: schema.url } : {}), ...options.env });
  const log = await openTurnLog(config, silentLogger, { scheduleRetention: false });
  const accounts = new StylistAccounts(log.db, systemClock);
  await accounts.add('ada', PASSWORD);
  const server = await startReviewServer({
    log,
    config,
    logger: silentLogger,
    port: 0,
    trends: options.trends,
    clock: options.clock,
  });
  return {
    log,
    server,
    accounts,
    stop: async () => {
      await server.close();
      await log.close();
      await schema?.drop();
      cleanup();
    },
  };
}

/** A fetch that keeps cookies (one jar per client) and never follows redirects. */
export function client(base: string) {
  const jar = new Map<string, string>();
  const request = async (path: string, init: RequestInit = {}) => {
    const headers = new Headers(init.headers);
    if (jar.size > 0) headers.set('cookie', [...jar].map(([k, v]) => `${k}=${v}`).join('; '));
    const response = await fetch(new URL(path, base), { ...init, headers, redirect: 'manual' });
    for (const line of response.headers.getSetCookie()) {
      const [pair] = line.split(';');
      const [name, value] = pair!.split('=') as [string, string];
      if (value === '') jar.delete(name);
      else jar.set(name, value);
    }
    return response;
  };
  const csrfFrom = (page: string) => /name="csrf" value="([^"]+)"/.exec(page)?.[1] ?? '';
  const post = (path: string, fields: Record<string, string>, headers: Record<string, string> = {}) =>
    request(path, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded', ...headers },
      body: new URLSearchParams(fields).toString(),
    });
  return {
    request,
    post,
    csrfFrom,
    jar,
    /** Logs in through the form; resolves to the login response. */
    async login(name = 'ada', password = PASSWORD) {
      const page = await (await request('/login')).text();
      return post('/login', { name, password, csrf: csrfFrom(page) });
    },
  };
}
