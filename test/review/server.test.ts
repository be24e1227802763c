import { afterEach, describe, expect, it } from 'vitest';
import type { TrendForecast, TrendService } from '../../src/types.ts';
import { makeTurn, postgresReachable, T0 } from '../log/fixtures.ts';
import { type Console, client, startConsole } from './helpers.ts';

const pgUp = await postgresReachable();

const forecast = (term: string): TrendForecast => ({
  term,
  region: 'GB',
  dataset: 'test',
  history: [{ week: '2026-11-02', value: 1 }],
  forecast: [{ week: '2026-11-09', value: 2, lo: 1, hi: 3 }],
  label: 'rising',
  change: 0.5,
  model: 'test',
});

/** A trend service whose second chart carries a script (must be withheld). */
const trends: TrendService = {
  name: 'fixture-trends',
  forecast: () => undefined,
  top: () => [forecast('linen'), forecast('velvet')],
  chart: (f) =>
    f.term === 'linen'
      ? '<svg xmlns="http://www.w3.org/2000/svg" id="chart-linen"><rect width="3" height="3"/></svg>'
      : '<svg xmlns="http://www.w3.org/2000/svg" id="chart-velvet"><script>alert(1)</script></svg>',
};

describe.each([
  { name: 'sqlite', postgres: false, skip: false },
  { name: 'postgres', postgres: true, skip: !pgUp },
])('review console over HTTP ($name)', ({ postgres, skip }) => {
  let console_: Console | undefined;
  afterEach(async () => {
    await console_?.stop();
    console_ = undefined;
  });
  const start = async () => {
    console_ = await startConsole({ postgres, trends });
    return console_;
  };

  it.skipIf(skip)('refuses pages, data and forms without a session', async () => {
    const { server, log } = await start();
    await log.append(makeTurn({ text: 'private words here' }));
    const anonymous = client(server.url);
    const list = await anonymous.request('/conversations');
    expect(list.status).toBe(303);
    expect(list.headers.get('location')).toBe('/login');
    const id = (await log.listConversations()).conversations[0]!.id;
    for (const path of [`/conversations/${id}`, '/trends', '/audit']) {
      expect((await anonymous.request(path)).status).toBe(303);
    }
    const exported = await anonymous.request('/export.jsonl');
    expect(exported.status).toBe(401);
    expect(await exported.text()).not.toContain('private');
    const turnId = (await log.conversation(id))![0]!.id;
    expect((await anonymous.post(`/turns/${turnId}/annotation`, { rating: '1', tags: '' })).status).toBe(401);
    expect((await anonymous.request('/static/console.css')).status).toBe(200);
  });

  it.skipIf(skip)('logs in with the right password only, with CSRF, and locks out guessing', async () => {
    const { server, log } = await start();
    const browser = client(server.url);
    expect((await browser.login('ada', 'wrong password 123')).status).toBe(401);
    expect((await browser.login('nobody', 'wrong password 123')).status).toBe(401);
    const page = await (await browser.request('/login')).text();
    const noCsrf = await browser.post('/login', {
      name: 'ada',
      password: 'correct horse battery staple',
      csrf: 'forged',
    });
    expect(noCsrf.status).toBe(403);
    const crossSite = await browser.post(
      '/login',
      { name: 'ada', password: 'correct horse battery staple', csrf: browser.csrfFrom(page) },
      { origin: 'https://evil.example' },
    );
    expect(crossSite.status).toBe(403);
    const malformed = await browser.post('/login', { name: 'ada', password: 'x', csrf: 'y' }, { origin: 'not a url' });
    expect(malformed.status).toBe(403);
    const ok = await browser.login();
    expect(ok.status).toBe(303);
    const cookie = ok.headers.getSetCookie().find((c) => c.startsWith('fa_session='))!;
    expect(cookie).toMatch(/HttpOnly/);
    expect(cookie).toMatch(/SameSite=Strict/);
    expect((await browser.request('/conversations')).status).toBe(200);

    // ada's first wrong password still counts (a success gives back only its own slot): four more and she is locked.
    const guesser = client(server.url);
    for (let i = 0; i < 4; i++) expect((await guesser.login('ada', `guess number ${i}`)).status).toBe(401);
    expect((await guesser.login()).status).toBe(429); // locked even with the right password
    const audit = await log.db.all<{ action: string }>('SELECT action FROM audit_log');
    expect(audit.filter((a) => a.action === 'login-failed').length).toBe(6);
    expect(audit.filter((a) => a.action === 'login-locked').length).toBe(1);
  });

  it.skipIf(skip)('annotates with validation, exports training lines and audits who viewed what', async () => {
    const { server, log } = await start();
    await log.append(makeTurn({ conversationId: 'c1', text: 'something for a beach party', intent: 'greet', at: T0 }));
    const browser = client(server.url);
    await browser.login();
    const id = (await log.listConversations()).conversations[0]!.id;
    const page = await (await browser.request(`/conversations/${id}`)).text();
    const csrf = browser.csrfFrom(page);
    const turnId = (await log.conversation(id))![0]!.id;
    const bad = await browser.post(`/turns/${turnId}/annotation`, {
      csrf,
      rating: '4',
      corrected_slots: '{oops',
      note: 'keep me',
    });
    expect(bad.status).toBe(400);
    const badPage = await bad.text();
    expect(badPage).toContain('corrected slots: not valid JSON');
    expect(badPage).toContain('keep me'); // what was typed is not lost
    const freeText = await browser.post(`/turns/${turnId}/annotation`, {
      csrf,
      corrected_slots: '{"color":["navvy"],"occasion":"<b>party</b>"}',
    });
    expect(freeText.status).toBe(400);
    const freeTextPage = await freeText.text();
    expect(freeTextPage).toContain('color.0: not a known color');
    expect(freeTextPage).toContain('occasion: not a known occasion');
    expect(freeTextPage).not.toContain('<b>party');
    const forged = await browser.post(`/turns/${turnId}/annotation`, { csrf: 'nope', rating: '4' });
    expect(forged.status).toBe(403);
    const good = await browser.post(`/turns/${turnId}/annotation`, {
      csrf,
      rating: '2',
      tags: 'wrong intent, beach',
      corrected_intent: 'outfit_request',
      corrected_slots: '{"occasion":"party","season":"summer"}',
      better_item: 'demo:w-dress-03',
      note: '',
    });
    expect(good.status).toBe(303);
    expect(good.headers.get('location')).toBe(`/conversations/${id}#turn-${turnId}`);
    const exported = await (await browser.request('/export.jsonl')).text();
    expect(
      exported
        .trim()
        .split('\n')
        .map((l) => JSON.parse(l)),
    ).toEqual([
      { text: 'something for a beach party', intent: 'outfit_request', slots: { occasion: 'party', season: 'summer' } },
    ]);
    const unreviewed = await (await browser.request('/conversations?unreviewed=1')).text();
    expect(unreviewed).toContain('<span id="total">0</span>');
    const audit = await (await browser.request('/audit')).text();
    expect(audit).toMatch(new RegExp(`<td>ada</td><td>view</td><td><code>${id}</code>`));
    expect(audit).toContain('<td>annotate</td>');
    expect(audit).toContain('<td>export</td>');
  });

  it.skipIf(skip)(
    'answers bad filters clearly, unknown conversations with 404, and pages through results',
    async () => {
      const { server, log } = await start();
      const browser = client(server.url);
      await browser.login();
      const bad = await browser.request('/conversations?from=yesterday&intent=dance');
      expect(bad.status).toBe(400);
      expect(await bad.text()).toContain('from: expected a date YYYY-MM-DD');
      expect((await browser.request(`/conversations/${'0'.repeat(32)}`)).status).toBe(404);
      await log.appendMany(Array.from({ length: 55 }, (_, i) => makeTurn({ platform: 'cli', at: T0 + i })));
      const first = await (await browser.request('/conversations?platform=cli')).text();
      expect(first).toContain('page 1 of 2');
      const next = /href="([^"]+)" rel="next"/.exec(first)![1]!.replaceAll('&amp;', '&');
      expect(next).toBe('/conversations?platform=cli&page=2');
      const second = await (await browser.request(next)).text();
      expect(second.match(/<tr>/g)?.length).toBe(1 + 5); // header + 5 rows
      expect(second).toContain('rel="prev"');
      expect((await browser.request('/conversations/../../etc/passwd')).status).toBe(404);
    },
  );

  it.skipIf(skip)('shows analytics and safe trend charts, withholding unsafe ones', async () => {
    const { server, log } = await start();
    const now = Date.now();
    await log.append(makeTurn({ at: now, intent: 'feedback_positive' }));
    await log.append(makeTurn({ at: now, feedback: { itemId: 'x', value: -1 }, intent: 'feedback_negative' }));
    await log.append(makeTurn({ at: now, intent: 'outfit_request' }));
    const browser = client(server.url);
    await browser.login();
    const page = await (await browser.request('/trends')).text();
    expect(page).toContain('<span id="positive">1</span>');
    expect(page).toContain('<span id="negative">1</span>');
    expect(page).toContain('fixture-trends');
    expect(page).toContain('id="chart-linen"');
    expect(page).not.toContain('chart-velvet');
    expect(page).not.toContain('<script');
    expect(page).toContain('chart withheld');
  });
});
