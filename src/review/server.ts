/**
 * The stylist review console: a fastify app with server-rendered pages over the conversation log.
 * Sessions live in httpOnly SameSite=Strict cookies; every form carries a CSRF token; pages and data need a session;
 * every view, annotation and export is written to the audit log.
 */
import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import cookie from '@fastify/cookie';
import formbody from '@fastify/formbody';
import Fastify, { type FastifyReply, type FastifyRequest } from 'fastify';
import { z } from 'zod';
import type { Config } from '../config.ts';
import { AnnotationError, type AnnotationInput, type ConversationFilter, type OpenTurnLog } from '../log/index.ts';
import { type Clock, INTENTS, type Logger, type TrendService } from '../types.ts';
import { systemClock } from '../util/random.ts';
import { AUDIT_ACTIONS, AUDIT_NAME_CHARS, csrfMatches, csrfToken, type Stylist, StylistAccounts } from './accounts.ts';
import { AuditBudget } from './audit-budget.ts';
import { inlineSvg } from './html.ts';
import { LoginGate } from './login-gate.ts';
import { addressKey, LoginThrottle } from './login-throttle.ts';
import { auditPage, conversationPage, errorPage, listPage, loginPage, type PageContext, trendsPage } from './pages.ts';

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

export interface ReviewServer {
  url: string;
  close(): Promise<void>;
}

const SESSION_COOKIE = 'fa_session';
const LOGIN_COOKIE = 'fa_login';
/** Audit rows for refused logins: the 1st, 10th, 100th … refusal of a window, each saying how many so far. */
const isLoggedRefusal = (n: number) => n === 1 || /^10+$/.test(String(n));
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

const DATE = /^\d{4}-\d{2}-\d{2}$/;
const flag = z
  .union([z.literal('1'), z.literal('on'), z.literal('')])
  .optional()
  .transform((v) => v === '1' || v === 'on');
const filterSchema = z.object({
  platform: z.enum(['', 'cli', 'telegram', 'discord', 'bench', 'test']).optional(),
  from: z.string().regex(DATE, 'from: expected a date YYYY-MM-DD').or(z.literal('')).optional(),
  to: z.string().regex(DATE, 'to: expected a date YYYY-MM-DD').or(z.literal('')).optional(),
  intent: z.enum(['', ...INTENTS]).optional(),
  low: flag,
  negative: flag,
  unreviewed: flag,
  q: z.string().max(200, 'text search: at most 200 characters').optional(),
  page: z.coerce.number().int().min(1).max(100_000).optional(),
});

const auditQuerySchema = z.object({
  page: z.coerce.number().int().min(1, 'page: expected 1 or more').max(100_000).optional(),
  action: z.enum(['', 'signed-in', ...AUDIT_ACTIONS], { message: 'action: not an audit action' }).optional(),
});

const annotationFormSchema = z.object({
  csrf: z.string().optional(),
  rating: z.string().optional(),
  tags: z.string().max(800).optional(),
  corrected_intent: z.string().optional(),
  corrected_slots: z.string().max(2000).optional(),
  better_item: z.string().max(100).optional(),
  note: z.string().max(4000).optional(),
});

/** Turns the annotation form into an `AnnotationInput`, or lists what is wrong with it. */
function annotationInput(form: z.infer<typeof annotationFormSchema>): AnnotationInput | string[] {
  const errors: string[] = [];
  const input: AnnotationInput = {
    tags: (form.tags ?? '')
      .split(',')
      .map((t) => t.trim())
      .filter(Boolean),
  };
  if (form.rating) input.rating = Number(form.rating);
  if (form.corrected_intent) input.correctedIntent = form.corrected_intent as AnnotationInput['correctedIntent'];
  if (form.corrected_slots?.trim()) {
    try {
      const slots = JSON.parse(form.corrected_slots) as unknown;
      if (!slots || typeof slots !== 'object' || Array.isArray(slots))
        errors.push('corrected slots: expected a JSON object');
      else input.correctedSlots = slots as AnnotationInput['correctedSlots'];
    } catch {
      errors.push('corrected slots: not valid JSON (example: {"color":["navy"]})');
    }
  }
  if (form.better_item?.trim()) input.betterItem = form.better_item.trim();
  if (form.note?.trim()) input.note = form.note.trim();
  return errors.length > 0 ? errors : input;
}

/** The host of an Origin header, or undefined when it is malformed. */
function originHost(origin: string): string | undefined {
  try {
    return new URL(origin).host;
  } catch {
    return undefined;
  }
}

const isoDay = (text: string | undefined, endOfDay: boolean) =>
  text ? Date.parse(`${text}T00:00:00Z`) + (endOfDay ? 86_400_000 - 1 : 0) : undefined;

/**
 * Starts the review console.
 * @example
 * const server = await startReviewServer({ log, config, logger, port: 0 });
 * console.log(server.url); // http://127.0.0.1:41234
 * await server.close();
 */
export async function startReviewServer(options: ReviewServerOptions): Promise<ReviewServer> {
  const { log, logger, trends } = options;
  const clock = options.clock ?? systemClock;
  const accounts = new StylistAccounts(log.db, clock, options.config.REVIEW_SESSION_IDLE_MINUTES * 60_000);
  const throttle = new LoginThrottle(log.db, clock);
  const gate = new LoginGate(clock);
  const auditBudget = new AuditBudget(clock);
  // Behind a trusted proxy, request.ip and request.protocol come from its X-Forwarded-For/-Proto; from anyone else
  // those headers are ignored.
  const app = Fastify({ logger: false, bodyLimit: 64 * 1024, trustProxy: options.config.REVIEW_TRUST_PROXY ?? false });
  await app.register(cookie);
  await app.register(formbody);

  const cookieOptions = { httpOnly: true, sameSite: 'strict', path: '/', secure: 'auto' } as const;

  let warnedUntrustedForward = false;
  app.addHook('onRequest', async (request) => {
    if (warnedUntrustedForward || options.config.REVIEW_TRUST_PROXY || !request.headers['x-forwarded-for']) return;
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

  /** An audit row on behalf of nobody (a failed or refused login), within the budget for such rows. */
  const auditUnauthenticated = async (action: 'login-failed' | 'login-locked', target: string, detail: string) => {
    const allowance = auditBudget.take();
    if (!allowance.write) return;
    if (allowance.suppressed > 0) {
      await accounts.audit(
        '—',
        'audit-suppressed',
        'login form',
        `${allowance.suppressed} failed or refused login(s) not logged one by one`,
      );
    }
    await accounts.audit('—', action, target, detail);
  };

  /** Refuses cross-site POSTs outright when the browser tells us the origin. */
  app.addHook('preHandler', async (request, reply) => {
    if (request.method !== 'POST') return;
    const origin = request.headers.origin;
    if (origin && origin !== 'null' && originHost(origin) !== request.headers.host) {
      return reply.code(403).type('text/plain').send('cross-site request refused');
    }
  });

  const stylistOf = (request: FastifyRequest) => accounts.session(request.cookies[SESSION_COOKIE]);
  const context = (request: FastifyRequest, stylist: Stylist): PageContext => ({
    stylist,
    csrf: csrfToken(request.cookies[SESSION_COOKIE]!),
  });
  const sendHtml = (reply: FastifyReply, body: string, code = 200) =>
    reply.code(code).type('text/html; charset=utf-8').send(body);

  /** The signed-in stylist, or undefined after answering (redirect to the login page for pages, 401 for data). */
  const requireStylist = async (request: FastifyRequest, reply: FastifyReply, page = true) => {
    const stylist = await stylistOf(request);
    if (stylist) return stylist;
    if (page && request.method === 'GET') await reply.redirect('/login', 303);
    else await reply.code(401).type('text/plain').send('log in first');
    return undefined;
  };

  app.get('/static/console.css', async (_request, reply) =>
    reply.type('text/css; charset=utf-8').header('cache-control', 'public, max-age=3600').send(CSS),
  );

  app.get('/login', async (request, reply) => {
    if (await stylistOf(request)) return reply.redirect('/conversations', 303);
    const pre = randomBytes(24).toString('base64url');
    reply.setCookie(LOGIN_COOKIE, pre, { ...cookieOptions, maxAge: 3600 });
    return sendHtml(reply, loginPage(csrfToken(pre)));
  });

  app.post('/login', async (request, reply) => {
    const body = z
      .object({ name: z.string().max(200), password: z.string().max(1000), csrf: z.string() })
      .safeParse(request.body);
    const pre = request.cookies[LOGIN_COOKIE] ?? randomBytes(24).toString('base64url');
    reply.setCookie(LOGIN_COOKIE, pre, { ...cookieOptions, maxAge: 3600 });
    const again = (message: string, code: number) => sendHtml(reply, loginPage(csrfToken(pre), message), code);
    if (!body.success) return again('Enter a name and a password.', 400);
    if (!csrfMatches(request.cookies[LOGIN_COOKIE], body.data.csrf)) {
      return again('The form expired; please try again.', 403);
    }
    const name = body.data.name.trim();
    const shownName = name.slice(0, AUDIT_NAME_CHARS);
    const from = `from ${addressKey(request.ip).slice(3)}`;
    const pass = gate.enter(request.ip);
    if (typeof pass === 'string') {
      reply.header('retry-after', '10');
      return again('Too many login attempts at once; wait a few seconds and try again.', 429);
    }
    try {
      const slot = await throttle.reserve(name, request.ip);
      if (!slot.ok) {
        if (isLoggedRefusal(slot.refused)) {
          await auditUnauthenticated(
            'login-locked',
            shownName,
            `${from}: ${slot.refused} attempt(s) refused in this window (too many failures for this ${slot.scope})`,
          );
        }
        reply.header('retry-after', String(Math.ceil(throttle.limits.windowMs / 1000)));
        return again(
          slot.scope === 'account'
            ? 'Too many failed attempts for this account; wait 15 minutes.'
            : 'Too many failed attempts from your network; wait 15 minutes.',
          429,
        );
      }
      const stylist = await accounts.authenticate(name, body.data.password);
      if (!stylist) {
        await auditUnauthenticated('login-failed', shownName, from);
        return again('Wrong name or password.', 401);
      }
      await slot.release();
      const token = await accounts.startSession(stylist);
      await accounts.audit(stylist.name, 'login', stylist.name, from);
      reply.clearCookie(LOGIN_COOKIE, { path: '/' });
      reply.setCookie(SESSION_COOKIE, token, { ...cookieOptions, maxAge: 12 * 3600 });
      return reply.redirect('/conversations', 303);
    } finally {
      pass();
    }
  });

  app.post('/logout', async (request, reply) => {
    const stylist = await requireStylist(request, reply, false);
    if (!stylist) return reply;
    if (!csrfMatches(request.cookies[SESSION_COOKIE], (request.body as { csrf?: unknown } | undefined)?.csrf)) {
      return sendHtml(
        reply,
        errorPage('Refused', 'The form expired; reload the page.', context(request, stylist)),
        403,
      );
    }
    await accounts.endSession(request.cookies[SESSION_COOKIE]!);
    await accounts.audit(stylist.name, 'logout', stylist.name);
    reply.clearCookie(SESSION_COOKIE, { path: '/' });
    return reply.redirect('/login', 303);
  });

  app.get('/', async (_request, reply) => reply.redirect('/conversations', 303));

  app.get('/conversations', async (request, reply) => {
    const stylist = await requireStylist(request, reply);
    if (!stylist) return reply;
    const parsed = filterSchema.safeParse(request.query);
    const ctx = context(request, stylist);
    if (!parsed.success) {
      const message = parsed.error.issues.map((i) => i.message).join('; ');
      const empty = { conversations: [], total: 0, totalCapped: false, hasNext: false, page: 1, pageSize: 50 };
      return sendHtml(reply, listPage(ctx, {}, empty, log.lowConfidence, `Invalid filter: ${message}`), 400);
    }
    const q = parsed.data;
    const filter: ConversationFilter & { fromText?: string; toText?: string } = {
      lowConfidence: q.low,
      negativeFeedback: q.negative,
      unreviewed: q.unreviewed,
      page: q.page ?? 1,
    };
    if (q.platform) filter.platform = q.platform;
    if (q.intent) filter.intent = q.intent;
    if (q.from) {
      filter.from = isoDay(q.from, false);
      filter.fromText = q.from;
    }
    if (q.to) {
      filter.to = isoDay(q.to, true);
      filter.toText = q.to;
    }
    if (q.q?.trim()) filter.text = q.q.trim();
    const result = await log.listConversations(filter);
    // The search words themselves stay out of the audit log: it keeps their blind-index hashes (shortened).
    const { q: words, ...others } = request.query as Record<string, string>;
    const audited = new URLSearchParams(others);
    const hashes = log.searchTermHashes(words ?? '').map((hash) => hash.slice(0, 16));
    if (hashes.length > 0) audited.set('terms', hashes.join(','));
    await accounts.audit(stylist.name, 'list', 'conversations', audited.toString());
    return sendHtml(reply, listPage(ctx, filter, result, log.lowConfidence));
  });

  app.get('/conversations/:id', async (request, reply) => {
    const stylist = await requireStylist(request, reply);
    if (!stylist) return reply;
    const { id } = request.params as { id: string };
    const turns = /^[0-9a-f]{32}$/.test(id) ? await log.conversation(id) : undefined;
    if (!turns)
      return sendHtml(
        reply,
        errorPage('Not found', 'No such conversation (it may have been erased).', context(request, stylist)),
        404,
      );
    await accounts.audit(stylist.name, 'view', id, `${turns.length} turns`);
    return sendHtml(reply, conversationPage(context(request, stylist), id, turns, log.lowConfidence));
  });

  app.post('/turns/:id/annotation', async (request, reply) => {
    const stylist = await requireStylist(request, reply, false);
    if (!stylist) return reply;
    const ctx = context(request, stylist);
    const form = annotationFormSchema.safeParse(request.body);
    if (!form.success || !csrfMatches(request.cookies[SESSION_COOKIE], form.data.csrf)) {
      return sendHtml(reply, errorPage('Refused', 'The form expired or is invalid; reload the page.', ctx), 403);
    }
    const turnId = Number((request.params as { id: string }).id);
    const turn = Number.isSafeInteger(turnId) ? await log.turn(turnId) : undefined;
    if (!turn) return sendHtml(reply, errorPage('Not found', 'No such turn (it may have been erased).', ctx), 404);
    const input = annotationInput(form.data);
    const showErrors = async (errors: string[]) => {
      const turns = (await log.conversation(turn.conversationId))!;
      const { csrf, ...values } = form.data;
      const draft = { turnId, values: values as Record<string, string>, errors };
      return sendHtml(reply, conversationPage(ctx, turn.conversationId, turns, log.lowConfidence, draft), 400);
    };
    if (Array.isArray(input)) return showErrors(input);
    try {
      await log.annotate(turnId, stylist.name, input);
    } catch (error) {
      if (error instanceof AnnotationError) return showErrors(error.issues);
      throw error;
    }
    await accounts.audit(stylist.name, 'annotate', turn.conversationId, `turn ${turnId}`);
    return reply.redirect(`/conversations/${turn.conversationId}#turn-${turnId}`, 303);
  });

  app.get('/export.jsonl', async (request, reply) => {
    const stylist = await requireStylist(request, reply, false);
    if (!stylist) return reply;
    const lines = await log.trainingLines();
    await accounts.audit(stylist.name, 'export', 'annotations', `${lines.length} lines`);
    return reply
      .type('application/x-ndjson; charset=utf-8')
      .header('content-disposition', 'attachment; filename="annotations.jsonl"')
      .send(lines.map((line) => `${JSON.stringify(line)}\n`).join(''));
  });

  app.get('/trends', async (request, reply) => {
    const stylist = await requireStylist(request, reply);
    if (!stylist) return reply;
    const [analytics, mentions] = await Promise.all([log.analytics(30), log.weeklyMentions()]);
    let forecasts: Parameters<typeof trendsPage>[3];
    if (trends) {
      try {
        forecasts = {
          name: trends.name,
          forecasts: trends.top({}, 4).map((forecast) => ({ forecast, svg: inlineSvg(trends.chart(forecast)) })),
        };
      } catch (error) {
        logger.error('trend charts failed', { reason: (error as Error).message });
      }
    }
    await accounts.audit(stylist.name, 'view', 'trends');
    return sendHtml(reply, trendsPage(context(request, stylist), analytics, mentions, forecasts));
  });

  app.get('/audit', async (request, reply) => {
    const stylist = await requireStylist(request, reply);
    if (!stylist) return reply;
    const parsed = auditQuerySchema.safeParse(request.query);
    if (!parsed.success) {
      const message = parsed.error.issues.map((i) => i.message).join('; ');
      return sendHtml(reply, errorPage('Bad request', message, context(request, stylist)), 400);
    }
    const action = parsed.data.action || undefined;
    const result = await accounts.auditEntries({ page: parsed.data.page, action });
    await accounts.audit(stylist.name, 'view', 'audit log', `page ${result.page}${action ? ` of ${action}` : ''}`);
    return sendHtml(reply, auditPage(context(request, stylist), result, action));
  });

  app.setNotFoundHandler(async (_request, reply) => sendHtml(reply, errorPage('Not found', 'No such page.'), 404));
  app.setErrorHandler(async (error, request, reply) => {
    const status = (error as { statusCode?: number }).statusCode ?? 500;
    if (status >= 500)
      logger.error('review console request failed', { url: request.url, reason: (error as Error).message });
    const message = status >= 500 ? 'Something went wrong; it has been logged.' : (error as Error).message;
    return sendHtml(reply, errorPage(status >= 500 ? 'Error' : 'Bad request', message), status);
  });

  const host = options.host ?? '127.0.0.1';
  const address = await app.listen({ port: options.port ?? options.config.REVIEW_PORT, host });
  logger.info('review console listening', { url: address });
  return {
    url: address.replace('[::1]', 'localhost'),
    close: () => app.close(),
  };
}
