/**
 * What the console's routes share: the cookies, sending a page, and the signed-in stylist (or an answer that sends
 * the browser to the login page).
 */
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { OpenTurnLog } from '../log/index.ts';
import type { Logger, TrendService } from '../types.ts';
import { csrfToken, type Stylist, type StylistAccounts } from './accounts.ts';
import type { PageContext } from './pages.ts';

/** The session cookie (a signed-in stylist). */
export const SESSION_COOKIE = 'fa_session';
/** The pre-session cookie of the login form (its CSRF token is derived from it). */
export const LOGIN_COOKIE = 'fa_login';
/** Every cookie the console sets: not readable by scripts, never sent cross-site. */
export const COOKIE_OPTIONS = { httpOnly: true, sameSite: 'strict', path: '/', secure: 'auto' } as const;

/** The console's parts and helpers, handed to each group of routes. */
export interface RouteKit {
  log: OpenTurnLog;
  accounts: StylistAccounts;
  logger: Logger;
  trends: TrendService | undefined;
  /** The stylist of the request's session, if it is a live one. */
  stylistOf(request: FastifyRequest): Promise<Stylist | undefined>;
  /** The signed-in stylist, or undefined after answering (redirect to the login page for pages, 401 for data). */
  requireStylist(request: FastifyRequest, reply: FastifyReply, page?: boolean): Promise<Stylist | undefined>;
  /** What every signed-in page needs. */
  pageContext(request: FastifyRequest, stylist: Stylist): PageContext;
  sendHtml(reply: FastifyReply, body: string, code?: number): FastifyReply;
}

/**
 * The helpers of the routes over these parts.
 * @example
 * const kit = routeKit({ log, accounts, logger, trends });
 */
export function routeKit(parts: Pick<RouteKit, 'log' | 'accounts' | 'logger' | 'trends'>): RouteKit {
  const stylistOf = (request: FastifyRequest) => parts.accounts.session(request.cookies[SESSION_COOKIE]);
  return {
    ...parts,
    stylistOf,
    async requireStylist(request, reply, page = true) {
      const stylist = await stylistOf(request);
      if (stylist) return stylist;
      if (page && request.method === 'GET') await reply.redirect('/login', 303);
      else await reply.code(401).type('text/plain').send('log in first');
      return undefined;
    },
    pageContext: (request, stylist) => ({ stylist, csrf: csrfToken(request.cookies[SESSION_COOKIE] ?? '') }),
    sendHtml: (reply, body, code = 200) => reply.code(code).type('text/html; charset=utf-8').send(body),
  };
}
