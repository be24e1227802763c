/** Server-rendered pages of the stylist console. Every value goes through the escaping `html` template. */
import type {
  Annotation,
  ConversationFilter,
  ConversationPage,
  LogAnalytics,
  LoggedTurn,
  WeeklyMention,
} from '../log/log-types.ts';
import { INTENTS, type ReplyItem, type TrendForecast } from '../types.ts';
import { AUDIT_ACTIONS, type AuditFilter, type AuditPage, type Stylist } from './accounts.ts';
import { barChart, hbarChart } from './charts.ts';
import { html, type SafeHtml } from './html.ts';

const PLATFORMS = ['cli', 'telegram', 'discord', 'bench', 'test'] as const;

/** What every signed-in page needs: who is signed in and the CSRF token for its forms. */
export interface PageContext {
  stylist: Stylist;
  csrf: string;
}

const time = (ms: number) => new Date(ms).toISOString().replace('T', ' ').slice(0, 19);

function layout(title: string, body: SafeHtml, context?: PageContext): string {
  return html`<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>${title} · Fashion advisor review</title><link rel="stylesheet" href="/static/console.css"></head>
<body>
<header class="top"><strong>Fashion advisor · review</strong>
${
  context
    ? html`<nav><a href="/conversations">Conversations</a> <a href="/trends">Trends</a> <a href="/audit">Audit log</a>
<a href="/export.jsonl" download>Export annotations (JSONL)</a></nav>
<form method="post" action="/logout" class="logout"><input type="hidden" name="csrf" value="${context.csrf}">
<span class="who">${context.stylist.name}</span> <button type="submit">Log out</button></form>`
    : ''
}
</header>
<main>${body}</main>
</body></html>`.value;
}

/** The login form (with its pre-login CSRF token). */
export function loginPage(csrf: string, error?: string): string {
  return layout(
    'Log in',
    html`<h1>Stylist log in</h1>
${error ? html`<p class="error" role="alert">${error}</p>` : ''}
<form method="post" action="/login" class="login">
<input type="hidden" name="csrf" value="${csrf}">
<label>Name <input name="name" autocomplete="username" required maxlength="40"></label>
<label>Password <input name="password" type="password" autocomplete="current-password" required maxlength="200"></label>
<button type="submit">Log in</button>
</form>`,
  );
}

/** The conversation list with its filter form. */
export function listPage(
  context: PageContext,
  filter: ConversationFilter & { fromText?: string; toText?: string },
  result: ConversationPage,
  lowConfidence: number,
  error?: string,
): string {
  const pages = result.totalCapped ? undefined : Math.max(1, Math.ceil(result.total / result.pageSize));
  const query = (page: number) => {
    const params = new URLSearchParams();
    if (filter.platform) params.set('platform', filter.platform);
    if (filter.fromText) params.set('from', filter.fromText);
    if (filter.toText) params.set('to', filter.toText);
    if (filter.intent) params.set('intent', filter.intent);
    if (filter.lowConfidence) params.set('low', '1');
    if (filter.negativeFeedback) params.set('negative', '1');
    if (filter.unreviewed) params.set('unreviewed', '1');
    if (filter.text) params.set('q', filter.text);
    params.set('page', String(page));
    return `/conversations?${params}`;
  };
  const option = (value: string, selected: string | undefined) =>
    html`<option value="${value}"${value === selected ? html` selected` : ''}>${value}</option>`;
  const check = (name: string, on: boolean | undefined, label: string) =>
    html`<label class="check"><input type="checkbox" name="${name}" value="1"${on ? html` checked` : ''}> ${label}</label>`;
  return layout(
    'Conversations',
    html`<h1>Conversations</h1>
${error ? html`<p class="error" role="alert">${error}</p>` : ''}
<form method="get" action="/conversations" class="filters">
<label>Platform <select name="platform"><option value="">any</option>${PLATFORMS.map((p) => option(p, filter.platform))}</select></label>
<label>From <input type="date" name="from" value="${filter.fromText ?? ''}"></label>
<label>To <input type="date" name="to" value="${filter.toText ?? ''}"></label>
<label>Intent <select name="intent"><option value="">any</option>${INTENTS.map((i) => option(i, filter.intent))}</select></label>
${check('low', filter.lowConfidence, `low confidence (< ${lowConfidence})`)}
${check('negative', filter.negativeFeedback, 'negative feedback')}
${check('unreviewed', filter.unreviewed, 'unreviewed')}
<label>Text <input type="search" name="q" value="${filter.text ?? ''}" maxlength="200" placeholder="whole words"></label>
<button type="submit">Filter</button> <a href="/conversations">reset</a>
</form>
<p class="count"><span id="total">${result.totalCapped ? `more than ${result.total}` : result.total}</span> conversation(s) · page ${result.page}${pages ? ` of ${pages}` : ''}</p>
<table class="list"><thead><tr><th>Last activity</th><th>Platform</th><th>Turns</th><th>Min. confidence</th><th>👎</th><th>Reviewed</th><th>First message</th></tr></thead>
<tbody>
${result.conversations.map(
  (c) => html`<tr>
<td><a href="/conversations/${c.id}">${time(c.lastAt)}</a></td><td>${c.platform}</td><td>${c.turns}</td>
<td class="${c.minConfidence < lowConfidence ? 'low' : ''}">${c.minConfidence.toFixed(2)}</td><td>${c.negative || ''}</td>
<td>${c.annotated > 0 ? `${c.annotated} turn(s)` : '—'}</td><td class="preview"><a href="/conversations/${c.id}">${c.preview || '(no text)'}</a></td>
</tr>`,
)}
</tbody></table>
<nav class="pager">${result.page > 1 ? html`<a href="${query(result.page - 1)}" rel="prev">← previous</a>` : ''}
${result.hasNext ? html`<a href="${query(result.page + 1)}" rel="next">next →</a>` : ''}</nav>`,
    context,
  );
}

function itemRows(items: ReplyItem[]): SafeHtml {
  if (items.length === 0) return html``;
  return html`<table class="items"><thead><tr><th>Item</th><th>Id</th><th>Type</th><th>Colours</th><th>Price</th><th>Score</th><th>Signals</th></tr></thead><tbody>
${items.map(
  (
    item,
  ) => html`<tr><td>${item.name}</td><td><code>${item.id}</code></td><td>${item.articleType}</td><td>${item.colors.join(', ')}</td>
<td>${item.price !== undefined ? `€${item.price.toFixed(2)}` : ''}</td><td>${item.score.toFixed(3)}</td>
<td>${item.signals.map((s) => html`<span class="signal">${s.name} ${s.weight.toFixed(2)}${s.detail ? ` (${s.detail})` : ''}</span> `)}</td></tr>`,
)}</tbody></table>`;
}

/** Values to show in an annotation form: the saved annotation, or what was just submitted with its error. */
export interface AnnotationDraft {
  turnId: number;
  values: Record<string, string>;
  errors: string[];
}

function formValues(annotation: Annotation | undefined): Record<string, string> {
  if (!annotation) return {};
  return {
    rating: annotation.rating ? String(annotation.rating) : '',
    tags: annotation.tags.join(', '),
    corrected_intent: annotation.correctedIntent ?? '',
    corrected_slots: annotation.correctedSlots ? JSON.stringify(annotation.correctedSlots) : '',
    better_item: annotation.betterItem ?? '',
    note: annotation.note ?? '',
  };
}

function annotationForm(context: PageContext, turn: LoggedTurn, draft?: AnnotationDraft): SafeHtml {
  const values = draft?.values ?? formValues(turn.annotation);
  return html`<form method="post" action="/turns/${turn.id}/annotation" class="annotate">
<input type="hidden" name="csrf" value="${context.csrf}">
${draft?.errors.length ? html`<p class="error" role="alert">${draft.errors.join('; ')}</p>` : ''}
${turn.annotation ? html`<p class="saved">Annotated by ${turn.annotation.stylist} at ${time(turn.annotation.updatedAt)}</p>` : ''}
<label>Rating <select name="rating"><option value="">—</option>${[1, 2, 3, 4, 5].map(
    (r) => html`<option value="${r}"${values.rating === String(r) ? html` selected` : ''}>${r}</option>`,
  )}</select></label>
<label>Tags <input name="tags" value="${values.tags ?? ''}" placeholder="comma, separated" maxlength="800"></label>
<label>Correct intent <select name="corrected_intent"><option value="">(parse was right)</option>${INTENTS.map(
    (i) => html`<option value="${i}"${values.corrected_intent === i ? html` selected` : ''}>${i}</option>`,
  )}</select></label>
<label>Correct slots (JSON) <input name="corrected_slots" value="${values.corrected_slots ?? ''}" placeholder='{"color":["navy"]}' maxlength="2000"></label>
<label>Better item <input name="better_item" value="${values.better_item ?? ''}" placeholder="catalogue id" maxlength="100"></label>
<label class="wide">Note <textarea name="note" rows="2" maxlength="4000">${values.note ?? ''}</textarea></label>
<button type="submit">Save annotation</button>
</form>`;
}

/** The transcript of one conversation, one block per turn, with annotation forms. */
export function conversationPage(
  context: PageContext,
  id: string,
  turns: LoggedTurn[],
  lowConfidence: number,
  draft?: AnnotationDraft,
): string {
  const [first] = turns;
  const last = turns.at(-1);
  const span = first && last ? `${time(first.at)} – ${time(last.at)}` : '';
  return layout(
    'Conversation',
    html`<p><a href="/conversations">← all conversations</a></p>
<h1>Conversation <code>${id.slice(0, 12)}</code></h1>
<p>${turns[0]?.platform} · ${turns.length} turn(s) · ${span}</p>
${turns.map(
  (turn) => html`<article class="turn" id="turn-${turn.id}">
<header>${time(turn.at)} · user <code title="pseudonym">${turn.userKey.slice(0, 10)}</code> · ${turn.latencyMs.toFixed(0)} ms ·
${Object.entries(turn.models).map(([k, v]) => html`<span class="model">${k}: ${v}</span> `)}</header>
${turn.unreadable ? html`<p class="error">This turn cannot be decrypted (wrong LOG_ENCRYPTION_KEY?).</p>` : ''}
<div class="message user"><span class="who">user</span><p class="text">${turn.text}</p></div>
<dl class="parse"><dt>Intent</dt><dd class="intent">${turn.intent}</dd>
<dt>Confidence</dt><dd class="${turn.confidence < lowConfidence ? 'low' : ''}">${turn.confidence.toFixed(2)}</dd>
<dt>Slots</dt><dd><code>${JSON.stringify(turn.slots)}</code></dd>
${turn.feedback ? html`<dt>Feedback</dt><dd>${turn.feedback.value === 1 ? '👍' : '👎'} on <code>${turn.feedback.itemId}</code></dd>` : ''}
</dl>
<div class="message bot"><span class="who">bot</span><p class="text">${turn.reply}</p></div>
${itemRows(turn.items)}
${turn.outfits.map(
  (
    outfit,
    i,
  ) => html`<div class="outfit"><h3>Outfit ${i + 1} · score ${outfit.score.toFixed(3)}</h3>${itemRows(outfit.items)}
<p class="explanation">${outfit.explanation}</p></div>`,
)}
${turn.explanation ? html`<p class="explanation"><strong>Why:</strong> ${turn.explanation}</p>` : ''}
${annotationForm(context, turn, draft?.turnId === turn.id ? draft : undefined)}
</article>`,
)}`,
    context,
  );
}

/** Analytics, opt-in mention counts and — when a trend service is loaded — its charts. */
export function trendsPage(
  context: PageContext,
  analytics: LogAnalytics,
  mentions: WeeklyMention[],
  trends: { name: string; forecasts: { forecast: TrendForecast; svg: SafeHtml | undefined }[] } | undefined,
): string {
  const { positive, negative } = analytics.feedback;
  const rate =
    positive + negative > 0 ? `${((positive / (positive + negative)) * 100).toFixed(1)}% 👍` : 'no feedback yet';
  return layout(
    'Trends',
    html`<h1>Trends and analytics</h1>
<section><h2>Conversations per day (last 30 days)</h2>
${barChart(
  'Conversations per day',
  analytics.perDay.map((d) => ({ label: d.day.slice(5), value: d.conversations })),
)}</section>
<section><h2>Intents</h2>${hbarChart(
      'Intents',
      analytics.intents.map((i) => ({ label: i.intent, value: i.turns })),
    )}</section>
<section><h2>Feedback</h2><p class="feedback">👍 <span id="positive">${positive}</span> · 👎 <span id="negative">${negative}</span> · ${rate}</p></section>
<section><h2>Trend forecasts</h2>
${
  trends
    ? html`<p>Model: ${trends.name}</p>${trends.forecasts.map(
        ({
          forecast,
          svg,
        }) => html`<figure><figcaption>${forecast.term} (${forecast.region}, ${forecast.dataset}) — ${forecast.label}, ${(forecast.change * 100).toFixed(1)}%</figcaption>
${svg ?? html`<p class="error">chart withheld: it contained unsafe markup</p>`}</figure>`,
      )}`
    : html`<p class="empty">No trend data (the trend predictor is not loaded).</p>`
}</section>
<section><h2>What opted-in users ask for (weekly, ≥ 20 users)</h2>
${
  mentions.length === 0
    ? html`<p class="empty">Not enough opted-in users yet.</p>`
    : html`<table><thead><tr><th>Week</th><th>Term</th><th>Users</th></tr></thead><tbody>${mentions
        .slice(-60)
        .map((m) => html`<tr><td>${m.week}</td><td>${m.term}</td><td>${m.users}</td></tr>`)}</tbody></table>`
}</section>`,
    context,
  );
}

/** One page of the audit log, newest first, with its action filter and previous/next links. */
export function auditPage(context: PageContext, result: AuditPage, action?: AuditFilter): string {
  const query = (page: number) => {
    const params = new URLSearchParams();
    if (action) params.set('action', action);
    params.set('page', String(page));
    return `/audit?${params}`;
  };
  const option = (value: string, label: string) =>
    html`<option value="${value}"${value === (action ?? '') ? html` selected` : ''}>${label}</option>`;
  return layout(
    'Audit log',
    html`<h1>Audit log</h1>
<form method="get" action="/audit" class="filters">
<label>Action <select name="action">${option('', 'all')}${option('signed-in', 'signed-in stylists only')}${AUDIT_ACTIONS.map((a) => option(a, a))}</select></label>
<button type="submit">Filter</button></form>
<p class="count">page ${result.page}</p>
<table class="audit"><thead><tr><th>When</th><th>Stylist</th><th>Action</th><th>Target</th><th>Detail</th></tr></thead><tbody>
${result.entries.map((e) => html`<tr><td>${time(e.at)}</td><td>${e.stylist}</td><td>${e.action}</td><td><code>${e.target}</code></td><td>${e.detail}</td></tr>`)}
</tbody></table>
<nav class="pager">${result.page > 1 ? html`<a href="${query(result.page - 1)}" rel="prev">← newer</a>` : ''}
${result.hasNext ? html`<a href="${query(result.page + 1)}" rel="next">older →</a>` : ''}</nav>`,
    context,
  );
}

/** A plain error page (not found, bad request). */
export function errorPage(title: string, message: string, context?: PageContext): string {
  return layout(
    title,
    html`<h1>${title}</h1><p class="error">${message}</p><p><a href="/conversations">Back</a></p>`,
    context,
  );
}
