/**
 * The stylist review console: a fastify app with server-rendered pages over the conversation log.
 * Sessions live in httpOnly SameSite=Strict cookies; every form carries a CSRF token; pages and data need a session;
 * every view, annotation and export is written to the audit log. The routes are in `login-routes.ts` and
 * `review-routes.ts`; here, the app and what guards every request.
 */
import { readFileSync } from 'node:fs';
import cookie from '@fastify/cookie';
import formbody from '@fastify/formbody';
import Fastify, { type FastifyInstance } from 'fastify';
import type { Config } from '../config.ts';
import type { OpenTurnLog } from '../log/index.ts';
import type { Clock, Logger, TrendService } from '../types.ts';
import { systemClock } from '../util/random.ts';
import { StylistAccounts } from './accounts.ts';
import { AuditBudget } from './audit-budget.ts';
import { LoginGate } from './login-gate.ts';
import { registerLoginRoutes } from './login-routes.ts';
import { LoginThrottle } from './login-throttle.ts';
import { errorPage } from './pages.ts';
import { registerReviewRoutes } from './review-routes.ts';
import { routeKit } from './route-kit.ts';

/** What the console is started with. */
export interface ReviewServerOptions {
  log: OpenTurnLog;
  config: Config;
  logger: Logger;
  /** 0 picks a free port. Default: `config.REVIEW_PORT`. */
  port?: number;
  /** Default 127.0.0.1 (put a TLS reverse proxy in front to expose it). */
  host?: string;
  trends?: TrendService;
  clock?: Clock;
}

/** A running console: where it listens, and how to stop it. */
export interface ReviewServer {
  url: string;
  close(): Promise<void>;
}

const HSTS = 'max-age=31536000';
const CSS = readFileSync(new URL('./static/console.css', import.meta.url), 'utf8');

const SECURITY_HEADERS = {
  'content-security-policy':
    "default-src 'none'; style-src 'self'; style-src-attr 'unsafe-inline'; img-src 'self' data:; form-action 'self'; frame-ancestors 'none'; base-uri 'none'",
  'x-content-type-options': 'nosniff',
  'referrer-policy': 'no-referrer',
  'x-frame-options': 'DENY',
  'cache-control': 'no-store',
};

/** The host of an Origin header, or undefined when it is malformed. */
function originHost(origin: string): string | undefined {
  try {
    return new URL(origin).host;
  } catch {
    return undefined;
  }
}

/**
 * Starts the review console.
 * @example
 * const server = await startReviewServer({ log, config, logger, port: 0 });
 * console.log(server.url); // http://127.0.0.1:41234
 * await server.close();
 */
export async function startReviewServer(options: ReviewServerOptions): Promise<ReviewServer> {
  const { log, logger } = options;
  const clock = options.clock ?? systemClock;
  const accounts = new StylistAccounts(log.db, clock, options.config.REVIEW_SESSION_IDLE_MINUTES * 60_000);
  // Behind a trusted proxy, request.ip and request.protocol come from its X-Forwarded-For/-Proto; from anyone else
  // those headers are ignored.
  const app = Fastify({ logger: false, bodyLimit: 64 * 1024, trustProxy: options.config.REVIEW_TRUST_PROXY ?? false });
  await app.register(cookie);
  await app.register(formbody);
  guardRequests(app, options.config, logger);
  const kit = routeKit({ log, accounts, logger, trends: options.trends });
  app.get('/static/console.css', async (_request, reply) =>
    reply.type('text/css; charset=utf-8').header('cache-control', 'public, max-age=3600').send(CSS),
  );
  const limits = {
    throttle: new LoginThrottle(log.db, clock),
    gate: new LoginGate(clock),
    auditBudget: new AuditBudget(clock),
  };
  registerLoginRoutes(app, kit, limits);
  registerReviewRoutes(app, kit);
  app.setNotFoundHandler(async (_request, reply) => kit.sendHtml(reply, errorPage('Not found', 'No such page.'), 404));
  app.setErrorHandler(async (error, request, reply) => {
    const status = (error as { statusCode?: number }).statusCode ?? 500;
    if (status >= 500)
      logger.error('review console request failed', { url: request.url, reason: (error as Error).message });
    const message = status >= 500 ? 'Something went wrong; it has been logged.' : (error as Error).message;
    return kit.sendHtml(reply, errorPage(status >= 500 ? 'Error' : 'Bad request', message), status);
  });

  const host = options.host ?? '127.0.0.1';
  const address = await app.listen({ port: options.port ?? options.config.REVIEW_PORT, host });
  logger.info('review console listening', { url: address });
  return {
    url: address.replace('[::1]', 'localhost'),
    close: () => app.close(),
  };
}

/**
 * What every request goes through: security headers (HSTS over HTTPS), cross-site POSTs refused when the browser
 * names their origin, and one warning when forwarded headers arrive that no trusted proxy vouches for.
 */
function guardRequests(app: FastifyInstance, config: Config, logger: Logger): void {
  let warnedUntrustedForward = false;
  app.addHook('onRequest', async (request) => {
    if (warnedUntrustedForward || config.REVIEW_TRUST_PROXY || !request.headers['x-forwarded-for']) return;
    warnedUntrustedForward = true;
    logger.warn(
      'review console: requests carry X-Forwarded-For but REVIEW_TRUST_PROXY is unset; the header is ignored, so behind a proxy every client shares its address for the login limits',
    );
  });
  app.addHook('onSend', async (request, reply, payload) => {
    reply.headers(SECURITY_HEADERS);
    if (request.protocol === 'https') reply.header('strict-transport-security', HSTS);
    return payload;
  });
  app.addHook('preHandler', async (request, reply) => {
    if (request.method !== 'POST') return;
    const origin = request.headers.origin;
    if (origin && origin !== 'null' && originHost(origin) !== request.headers.host) {
      return reply.code(403).type('text/plain').send('cross-site request refused');
    }
  });
}
