/**
 * The console's pages for a signed-in stylist: the conversation list, one conversation, annotating a turn, the
 * annotation export, the trends page and the audit log. Every view, annotation and export is audited.
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { AnnotationError } from '../log/index.ts';
import { csrfMatches } from './accounts.ts';
import { annotationFormSchema, annotationInput, auditQuerySchema, filterSchema, listFilter } from './forms.ts';
import { inlineSvg } from './html.ts';
import { auditPage, conversationPage, errorPage, listPage, trendsPage } from './pages.ts';
import { type RouteKit, SESSION_COOKIE } from './route-kit.ts';

type Handler = (request: FastifyRequest, reply: FastifyReply) => Promise<FastifyReply>;

/**
 * Adds the signed-in pages and the export.
 * @example
 * registerReviewRoutes(app, kit);
 */
export function registerReviewRoutes(app: FastifyInstance, kit: RouteKit): void {
  app.get('/', async (_request, reply) => reply.redirect('/conversations', 303));
  app.get('/conversations', listRoute(kit));
  app.get('/conversations/:id', conversationRoute(kit));
  app.post('/turns/:id/annotation', annotationRoute(kit));
  app.get('/export.jsonl', exportRoute(kit));
  app.get('/trends', trendsRoute(kit));
  app.get('/audit', auditRoute(kit));
}

/** `GET /conversations`: one page of the filtered list; the audit keeps the filter, and hashes of the words. */
function listRoute({ log, accounts, requireStylist, pageContext, sendHtml }: RouteKit): Handler {
  return async (request, reply) => {
    const stylist = await requireStylist(request, reply);
    if (!stylist) return reply;
    const parsed = filterSchema.safeParse(request.query);
    const ctx = pageContext(request, stylist);
    if (!parsed.success) {
      const message = parsed.error.issues.map((i) => i.message).join('; ');
      const empty = { conversations: [], total: 0, totalCapped: false, hasNext: false, page: 1, pageSize: 50 };
      return sendHtml(reply, listPage(ctx, {}, empty, log.lowConfidence, `Invalid filter: ${message}`), 400);
    }
    const filter = listFilter(parsed.data);
    const result = await log.listConversations(filter);
    // The search words themselves stay out of the audit log: it keeps their blind-index hashes (shortened).
    const { q: words, ...others } = request.query as Record<string, string>;
    const audited = new URLSearchParams(others);
    const hashes = log.searchTermHashes(words ?? '').map((hash) => hash.slice(0, 16));
    if (hashes.length > 0) audited.set('terms', hashes.join(','));
    await accounts.audit(stylist.name, 'list', 'conversations', audited.toString());
    return sendHtml(reply, listPage(ctx, filter, result, log.lowConfidence));
  };
}

/** `GET /conversations/:id`: every turn of one conversation, with its annotation form. */
function conversationRoute({ log, accounts, requireStylist, pageContext, sendHtml }: RouteKit): Handler {
  return async (request, reply) => {
    const stylist = await requireStylist(request, reply);
    if (!stylist) return reply;
    const { id } = request.params as { id: string };
    const turns = /^[0-9a-f]{32}$/.test(id) ? await log.conversation(id) : undefined;
    if (!turns) {
      const page = errorPage(
        'Not found',
        'No such conversation (it may have been erased).',
        pageContext(request, stylist),
      );
      return sendHtml(reply, page, 404);
    }
    await accounts.audit(stylist.name, 'view', id, `${turns.length} turns`);
    return sendHtml(reply, conversationPage(pageContext(request, stylist), id, turns, log.lowConfidence));
  };
}

/** `POST /turns/:id/annotation`: saves a stylist's annotation, or shows the form again with what is wrong. */
function annotationRoute({ log, accounts, requireStylist, pageContext, sendHtml }: RouteKit): Handler {
  return async (request, reply) => {
    const stylist = await requireStylist(request, reply, false);
    if (!stylist) return reply;
    const ctx = pageContext(request, stylist);
    const form = annotationFormSchema.safeParse(request.body);
    if (!form.success || !csrfMatches(request.cookies[SESSION_COOKIE], form.data.csrf)) {
      return sendHtml(reply, errorPage('Refused', 'The form expired or is invalid; reload the page.', ctx), 403);
    }
    const turnId = Number((request.params as { id: string }).id);
    const turn = Number.isSafeInteger(turnId) ? await log.turn(turnId) : undefined;
    if (!turn) return sendHtml(reply, errorPage('Not found', 'No such turn (it may have been erased).', ctx), 404);
    const input = annotationInput(form.data);
    const showErrors = async (errors: string[]) => {
      const turns = (await log.conversation(turn.conversationId)) ?? [];
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
  };
}

/** `GET /export.jsonl`: the NLU training lines the annotations make. */
function exportRoute({ log, accounts, requireStylist }: RouteKit): Handler {
  return async (request, reply) => {
    const stylist = await requireStylist(request, reply, false);
    if (!stylist) return reply;
    const lines = await log.trainingLines();
    await accounts.audit(stylist.name, 'export', 'annotations', `${lines.length} lines`);
    return reply
      .type('application/x-ndjson; charset=utf-8')
      .header('content-disposition', 'attachment; filename="annotations.jsonl"')
      .send(lines.map((line) => `${JSON.stringify(line)}\n`).join(''));
  };
}

/** `GET /trends`: the log's analytics and weekly mentions, and the trend model's top forecasts when there is one. */
function trendsRoute({ log, accounts, logger, trends, requireStylist, pageContext, sendHtml }: RouteKit): Handler {
  return async (request, reply) => {
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
    return sendHtml(reply, trendsPage(pageContext(request, stylist), analytics, mentions, forecasts));
  };
}

/** `GET /audit`: one page of the audit log, optionally of one action. */
function auditRoute({ accounts, requireStylist, pageContext, sendHtml }: RouteKit): Handler {
  return async (request, reply) => {
    const stylist = await requireStylist(request, reply);
    if (!stylist) return reply;
    const parsed = auditQuerySchema.safeParse(request.query);
    if (!parsed.success) {
      const message = parsed.error.issues.map((i) => i.message).join('; ');
      return sendHtml(reply, errorPage('Bad request', message, pageContext(request, stylist)), 400);
    }
    const action = parsed.data.action || undefined;
    const result = await accounts.auditEntries({ page: parsed.data.page, action });
    await accounts.audit(stylist.name, 'view', 'audit log', `page ${result.page}${action ? ` of ${action}` : ''}`);
    return sendHtml(reply, auditPage(pageContext(request, stylist), result, action));
  };
}
