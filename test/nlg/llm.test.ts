import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadDemoItems } from '../../src/catalog/index.ts';
import { loadConfig, projectRoot } from '../../src/config.ts';
import { formatPrice } from '../../src/engine/money.ts';
import { itemLines } from '../../src/engine/present.ts';
import {
  catalogIdsIn,
  checkRewrite,
  createRestyler,
  loadRestylePrompt,
  MAX_REPLY_CHARS,
  type RestyleDraft,
  restyleMessages,
} from '../../src/nlg/llm.ts';
import type { Item, Logger } from '../../src/types.ts';
import { type ChatMode, type ChatServer, RESTYLED, startChatServer } from './chat-server.ts';

const catalogue = loadDemoItems(projectRoot);
const chosen = catalogue.slice(0, 3);
const others = catalogue.slice(3);

function draftFor(items: Item[], language: 'en' | 'zh' = 'en'): RestyleDraft {
  const intro =
    language === 'zh'
      ? `为你挑了${items.length}件（黑色运动鞋）：`
      : `Here are ${items.length} picks (black sneakers):`;
  const lines = itemLines(
    items.map((item) => ({ item, score: 1, signals: [] })),
    language,
  );
  return { text: [intro, ...lines].join('\n'), items, intent: 'product_search', language, tone: 'editorial' };
}

function recordingLogger() {
  const entries: { level: string; message: string; fields?: Record<string, unknown> }[] = [];
  const at = (level: string) => (message: string, fields?: Record<string, unknown>) =>
    entries.push({ level, message, fields });
  const logger: Logger = { debug: at('debug'), info: at('info'), warn: at('warn'), error: at('error') };
  return { logger, entries };
}

describe('checkRewrite', () => {
  const draft = draftFor(chosen);

  it('accepts a rewrite that names every chosen item and nothing else', () => {
    const result = checkRewrite(`Lovely! ${draft.text}`, draft);
    expect(result).toEqual({ ok: true, text: `Lovely! ${draft.text}` });
    // names with their prices (no ids) are enough to count as mentioned
    const byName = `Try ${chosen.map((i) => `${i.name} (${formatPrice(i.price)})`).join(', ')}.`;
    expect(checkRewrite(byName, draft).ok).toBe(true);
  });

  it('rejects empty, long, linked, incomplete and hallucinated rewrites', () => {
    expect(checkRewrite('   ', draft)).toMatchObject({ ok: false, reason: 'empty' });
    expect(checkRewrite(`${draft.text}${' chic'.repeat(draft.text.length)}`, draft)).toMatchObject({
      ok: false,
      reason: 'too_long',
    });
    expect(checkRewrite(`${draft.text} see https://shop.example/x`, draft)).toMatchObject({ ok: false, reason: 'url' });
    const withoutLast = draft.text.split('\n').slice(0, -1).join('\n');
    expect(checkRewrite(withoutLast, draft)).toMatchObject({
      ok: false,
      reason: 'missing_item',
      detail: chosen[2]!.id,
    });
    const extra = `${draft.text}\nor ${others[0]!.name} [${others[0]!.id}]`;
    expect(checkRewrite(extra, draft)).toMatchObject({ ok: false, reason: 'unknown_item', detail: others[0]!.id });
    expect(checkRewrite(`${draft.text}\nalso hm:0108775015`, draft)).toMatchObject({
      ok: false,
      reason: 'unknown_item',
    });
  });

  const first = chosen[0]!;
  const firstPrice = formatPrice(first.price);
  const zhDraft = draftFor(chosen, 'zh');
  it.each([
    ['a script tag', `${draft.text}\n<script>alert(document.cookie)</script>`, 'markup'],
    ['an image tag with a handler', `<img src=x onerror=alert(1)>${draft.text}`, 'markup'],
    ['a javascript: link', `${draft.text}\n[Buy now](javascript:alert(1))`, 'markup'],
    ['a bit.ly link', `${draft.text}\nGrab it before it's gone: bit.ly/3xYzAb`, 'url'],
    ['a t.me link', `${draft.text}\nJoin t.me/cheap_style_deals for more`, 'url'],
    ['an https link to an unknown domain', `${draft.text}\nhttps://style-outlet.shop/deal`, 'url'],
    ['an @handle', `${draft.text}\nDM @fashion_deals for a discount`, 'handle'],
    ['an e-mail address', `${draft.text}\nSend your size to orders@style-outlet.shop`, 'email'],
    ['a written-out e-mail address', `${draft.text}\nwrite to orders at outlet dot com`, 'email'],
    ['a phone number', `${draft.text}\nTo reserve, send your card number to +44 20 7946 0958`, 'phone'],
    ['a card number', `${draft.text}\nPay to 4111 1111 1111 1111 to reserve`, 'personal_data'],
    ['an ANSI colour escape', `\x1b[31m${draft.text}\x1b[0m`, 'control'],
    ['a bell character', `${draft.text}\x07`, 'control'],
    ['a right-to-left override', `${draft.text}\n\u202Egnp.exe`, 'control'],
    ['@everyone', `@everyone ${draft.text}`, 'mention'],
    ['@here', `${draft.text} @here`, 'mention'],
    ['a role mention', `<@&123456789012345678> ${draft.text}`, 'mention'],
    ['a user mention', `<@!987654321098765432> look: ${draft.text}`, 'mention'],
    ['a dropped price', draft.text.replace(firstPrice, 'a great price'), 'missing_price'],
    ['a changed price', draft.text.replace(firstPrice, '€1.00'), 'missing_price'],
    ['an invented price', `${draft.text}\nToday only €5.00!`, 'invented_price'],
    ['a dropped item name', draft.text.replace(first.name, 'this piece'), 'missing_item'],
  ])('rejects a rewrite that adds or drops %s', (_kind, rewrite, reason) => {
    expect(checkRewrite(rewrite, draft)).toMatchObject({ ok: false, reason });
  });

  it.each([
    ['把卡号发到 13800138000 就能预订', 'phone'],
    ['关注 @潮流优惠 t.me/deals', 'url'],
  ])('rejects a Chinese rewrite that adds %s', (added, reason) => {
    expect(checkRewrite(`${zhDraft.text}\n${added}`, zhDraft)).toMatchObject({ ok: false, reason });
  });

  it('accepts harmless rephrasings that keep every name and price, whatever the price format', () => {
    const rephrased = chosen
      .map((i) => `${i.name} at ${i.price === undefined ? 'an unknown price' : `${i.price.toFixed(2)} EUR`} [${i.id}]`)
      .join(' — or ');
    expect(checkRewrite(`You'll love these: ${rephrased}. ✨👩‍🦰`, draft).ok).toBe(true);
    expect(checkRewrite(`为你精选：\n${zhDraft.text.split('\n').slice(1).join('\n')}`, zhDraft).ok).toBe(true);
    // A link, handle or mention the template itself shows may stay.
    const linked = { ...draft, text: `${draft.text}\nMore at hm.com, ask @stylist_team` };
    expect(checkRewrite(`Great picks! ${linked.text}`, linked).ok).toBe(true);
  });

  it('caps the length at the platform-safe maximum even for long drafts', () => {
    const long = { ...draft, text: `${draft.text}\n${'x'.repeat(MAX_REPLY_CHARS)}` };
    expect(checkRewrite(long.text, long)).toMatchObject({ ok: false, reason: 'too_long' });
  });

  it('wants Chinese for a Chinese reply, not counting the ids', () => {
    const zh = draftFor(chosen, 'zh');
    expect(checkRewrite(zh.text, zh).ok).toBe(true);
    const english = chosen.map((i) => `${i.name} — ${formatPrice(i.price)} [${i.id}]`).join('\n');
    expect(checkRewrite(english, zh)).toMatchObject({ ok: false, reason: 'wrong_language' });
  });

  it('finds bracketed and bare catalogue ids, not times or prices', () => {
    expect([...catalogIdsIn('a [demo:m-1] b myntra:15970 at 10:30, €24.90')].sort()).toEqual([
      'demo:m-1',
      'myntra:15970',
    ]);
  });
});

describe('restyle prompt', () => {
  it('carries the draft, tone, language, the chosen items and the preferences — and no other item', () => {
    const prompt = loadRestylePrompt(path.join(projectRoot, 'prompts', 'llm', 'restyle.md'));
    const draft = { ...draftFor(chosen), preferences: { dislikedColors: ['yellow'], budgetMax: 80 } };
    const text = restyleMessages(prompt, draft)
      .map((m) => m.content)
      .join('\n');
    for (const item of chosen) expect(text).toContain(`${item.name} [${item.id}]`);
    for (const item of others) expect(text).not.toContain(item.id);
    expect(text).toContain(draft.text);
    expect(text).toMatch(/fashion-magazine/);
    expect(text).toMatch(/avoids colours: yellow/);
    expect(text).toMatch(/up to 80 EUR/);
    expect(text).not.toMatch(/\{\w+\}/);
  });
});

describe('createRestyler against a loopback chat-completions server', () => {
  let server: ChatServer;
  const TIMEOUT = 1000;
  beforeAll(async () => {
    server = await startChatServer({ slowMs: 3000 });
  });
  afterAll(() => server.close());

  const restylerFor = (mode: ChatMode, env: Record<string, string> = {}) => {
    const { logger, entries } = recordingLogger();
    const config = loadConfig({
      LLM_BASE_URL: server.url(mode),
      LLM_TIMEOUT_MS: String(TIMEOUT),
      LLM_MODEL: 'test-model',
      ...env,
    });
    return { restyle: createRestyler(config, logger)!, entries };
  };

  it('is not created without LLM_BASE_URL', () => {
    expect(createRestyler(loadConfig({}), recordingLogger().logger)).toBeUndefined();
  });

  it('uses a good rewrite, sending the model, the key and only the chosen items', async () => {
    const { restyle, entries } = restylerFor('good', { LLM_API_KEY: 'sk-test-123' });
    const draft = draftFor(chosen);
    const before = server.requests.length;
    const text = await restyle(draft);
    expect(text).toBe(`${RESTYLED} ${draft.text}`);
    const request = server.requests[before]!;
    expect(request.authorization).toBe('Bearer sk-test-123');
    expect(request.body.model).toBe('test-model');
    expect(request.body.messages.map((m) => m.role)).toEqual(['system', 'user']);
    expect(JSON.stringify(request.body)).not.toContain(others[0]!.id);
    expect(entries.filter((e) => e.level === 'warn')).toEqual([]);
  });

  it('sends no Authorization header without a key, and leaves replies without items alone', async () => {
    const { restyle } = restylerFor('good');
    const before = server.requests.length;
    await restyle(draftFor(chosen));
    expect(server.requests[before]!.authorization).toBeUndefined();
    const plain = { ...draftFor([]), text: 'Hello there!' };
    expect(await restyle(plain)).toBe('Hello there!');
    expect(server.requests.length).toBe(before + 1);
  });

  it.each([
    ['slow', 'timeout'],
    ['status500', 'http_status'],
    ['invalid-json', 'invalid_response'],
    ['empty', 'empty'],
    ['hallucinate-extra', 'unknown_item'],
    ['hallucinate-omit', 'missing_item'],
    ['too-long', 'too_long'],
    ['with-url', 'url'],
    ['with-script', 'markup'],
    ['with-phone', 'phone'],
    ['drop-price', 'missing_price'],
  ] as const)('falls back to the draft when the answer is %s (%s), and warns once', async (mode, reason) => {
    const { restyle, entries } = restylerFor(mode);
    const draft = draftFor(chosen);
    const started = performance.now();
    expect(await restyle(draft)).toBe(draft.text);
    expect(await restyle(draft)).toBe(draft.text);
    expect(performance.now() - started).toBeLessThan(2 * TIMEOUT + 1000);
    const warnings = entries.filter((e) => e.level === 'warn');
    expect(warnings).toHaveLength(1);
    expect(warnings[0]!.fields?.reason).toBe(reason);
    expect(entries.filter((e) => e.level === 'debug').map((e) => e.fields?.reason)).toEqual([reason]);
    expect(restyle.counts()).toEqual({ restyled: 0, fallbacks: { [reason]: 2 } });
  });

  it('counts rewrites used and fallbacks by reason, with an info line at 10 of a reason', async () => {
    const { restyle: good } = restylerFor('good');
    await good(draftFor(chosen));
    expect(good.counts()).toEqual({ restyled: 1, fallbacks: {} });
    const { restyle, entries } = restylerFor('with-phone');
    for (let i = 0; i < 10; i++) await restyle(draftFor(chosen));
    expect(restyle.counts().fallbacks).toEqual({ phone: 10 });
    expect(entries.filter((e) => e.level === 'info').map((e) => e.fields)).toEqual([
      expect.objectContaining({ reason: 'phone', count: 10 }),
    ]);
  });

  it('falls back when nothing listens at the address', async () => {
    const { logger, entries } = recordingLogger();
    const restyle = createRestyler(
      loadConfig({ LLM_BASE_URL: 'http://127.0.0.1:9/v1', LLM_TIMEOUT_MS: '500' }),
      logger,
    )!;
    const draft = draftFor(chosen);
    expect(await restyle(draft)).toBe(draft.text);
    expect(entries[0]?.fields?.reason).toMatch(/network|timeout/);
  });
});
