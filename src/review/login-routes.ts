/**
 * Signing in and out of the console: the login form (with a pre-session CSRF token), the password check behind the
 * login gate and the failure throttle, a session cookie, and audit rows for every sign-in, failure and lockout.
 */
import { randomBytes } from 'node:crypto';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { AUDIT_NAME_CHARS, csrfMatches, csrfToken } from './accounts.ts';
import type { AuditBudget } from './audit-budget.ts';
import type { LoginGate } from './login-gate.ts';
import { addressKey, type LoginThrottle } from './login-throttle.ts';
import { errorPage, loginPage } from './pages.ts';
import { COOKIE_OPTIONS, LOGIN_COOKIE, type RouteKit, SESSION_COOKIE } from './route-kit.ts';

/** The limits in front of the password check. */
export interface LoginLimits {
  throttle: LoginThrottle;
  gate: LoginGate;
  /** Bounds the audit rows written on behalf of nobody (failed and refused logins). */
  auditBudget: AuditBudget;
}

/** Audit rows for refused logins: the 1st, 10th, 100th … refusal of a window, each saying how many so far. */
const isLoggedRefusal = (n: number) => n === 1 || /^10+$/.test(String(n));

/**
 * Adds `GET /login`, `POST /login` and `POST /logout`.
 * @example
 * registerLoginRoutes(app, kit, { throttle, gate, auditBudget });
 */
export function registerLoginRoutes(app: FastifyInstance, kit: RouteKit, limits: LoginLimits): void {
  app.get('/login', async (request, reply) => {
    if (await kit.stylistOf(request)) return reply.redirect('/conversations', 303);
    const pre = randomBytes(24).toString('base64url');
    reply.setCookie(LOGIN_COOKIE, pre, { ...COOKIE_OPTIONS, maxAge: 3600 });
    return kit.sendHtml(reply, loginPage(csrfToken(pre)));
  });
  app.post('/login', loginHandler(kit, limits));
  app.post('/logout', async (request, reply) => {
    const stylist = await kit.requireStylist(request, reply, false);
    if (!stylist) return reply;
    if (!csrfMatches(request.cookies[SESSION_COOKIE], (request.body as { csrf?: unknown } | undefined)?.csrf)) {
      const page = errorPage('Refused', 'The form expired; reload the page.', kit.pageContext(request, stylist));
      return kit.sendHtml(reply, page, 403);
    }
    await kit.accounts.endSession(request.cookies[SESSION_COOKIE] ?? '');
    await kit.accounts.audit(stylist.name, 'logout', stylist.name);
    reply.clearCookie(SESSION_COOKIE, { path: '/' });
    return reply.redirect('/login', 303);
  });
}

/** `POST /login`: checks the form, the limits and the password, then starts a session. */
function loginHandler(kit: RouteKit, { throttle, gate, auditBudget }: LoginLimits) {
  /** An audit row on behalf of nobody (a failed or refused login), within the budget for such rows. */
  const auditUnauthenticated = async (action: 'login-failed' | 'login-locked', target: string, detail: string) => {
    const allowance = auditBudget.take();
    if (!allowance.write) return;
    if (allowance.suppressed > 0) {
      const note = `${allowance.suppressed} failed or refused login(s) not logged one by one`;
      await kit.accounts.audit('—', 'audit-suppressed', 'login form', note);
    }
    await kit.accounts.audit('—', action, target, detail);
  };
  return async (request: FastifyRequest, reply: FastifyReply) => {
    const body = z
      .object({ name: z.string().max(200), password: z.string().max(1000), csrf: z.string() })
      .safeParse(request.body);
    const pre = request.cookies[LOGIN_COOKIE] ?? randomBytes(24).toString('base64url');
    reply.setCookie(LOGIN_COOKIE, pre, { ...COOKIE_OPTIONS, maxAge: 3600 });
    const again = (message: string, code: number) => kit.sendHtml(reply, loginPage(csrfToken(pre), message), code);
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
          const detail = `${from}: ${slot.refused} attempt(s) refused in this window (too many failures for this ${slot.scope})`;
          await auditUnauthenticated('login-locked', shownName, detail);
        }
        reply.header('retry-after', String(Math.ceil(throttle.limits.windowMs / 1000)));
        return again(
          slot.scope === 'account'
            ? 'Too many failed attempts for this account; wait 15 minutes.'
            : 'Too many failed attempts from your network; wait 15 minutes.',
          429,
        );
      }
      const stylist = await kit.accounts.authenticate(name, body.data.password);
      if (!stylist) {
        await auditUnauthenticated('login-failed', shownName, from);
        return again('Wrong name or password.', 401);
      }
      await slot.release();
      const token = await kit.accounts.startSession(stylist);
      await kit.accounts.audit(stylist.name, 'login', stylist.name, from);
      reply.clearCookie(LOGIN_COOKIE, { path: '/' });
      reply.setCookie(SESSION_COOKIE, token, { ...COOKIE_OPTIONS, maxAge: 12 * 3600 });
      return reply.redirect('/conversations', 303);
    } finally {
      pass();
    }
  };
}
