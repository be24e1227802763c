/**
 * End-to-end tests of the review console in real headless Chromium (skipped when /usr/bin/chromium is missing).
 */
import { existsSync, readFileSync } from 'node:fs';
import { type Browser, chromium, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeTurn, T0 } from '../log/fixtures.ts';
import { type Console, PASSWORD, startConsole } from './helpers.ts';

const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const XSS = '<img src=x onerror="window.__xss = 1; document.title = \'pwned\'"> do these jeans fit?';

describe.skipIf(!existsSync(CHROMIUM))('review console in Chromium', () => {
  let browser: Browser;
  let console_: Console;

  beforeAll(async () => {
    console_ = await startConsole();
    const { log } = console_;
    await log.append(makeTurn({ conversationId: 'xss', platform: 'telegram', text: XSS, at: T0 }));
    await log.append(
      makeTurn({
        conversationId: 'mail',
        platform: 'telegram',
        text: 'send the list to kim.lee@example.org',
        at: T0 + 1000,
      }),
    );
    await log.append(
      makeTurn({
        conversationId: 'unhappy',
        platform: 'discord',
        text: 'a linen shirt for work',
        intent: 'product_search',
        at: T0 + 2000,
      }),
    );
    await log.append(
      makeTurn({
        conversationId: 'unhappy',
        platform: 'discord',
        text: 'not that one',
        intent: 'feedback_negative',
        confidence: 0.42,
        feedback: { itemId: 'demo:dress-1', value: -1 },
        at: T0 + 3000,
      }),
    );
    await log.append(makeTurn({ conversationId: 'happy', platform: 'discord', text: 'love it', at: T0 + 4000 }));
    browser = await chromium.launch({
      executablePath: CHROMIUM,
      args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking'],
    });
  });

  afterAll(async () => {
    await browser?.close();
    await console_?.stop();
  });

  async function loggedIn(): Promise<Page> {
    const page = await (await browser.newContext()).newPage();
    await page.goto(`${console_.server.url}/login`);
    await page.fill('input[name=name]', 'ada');
    await page.fill('input[name=password]', PASSWORD);
    await page.click('form.login button[type=submit]');
    await page.waitForURL('**/conversations');
    return page;
  }

  it('refuses pages and data without a session', async () => {
    const context = await browser.newContext();
    const page = await context.newPage();
    await page.goto(`${console_.server.url}/conversations?q=linen`);
    expect(new URL(page.url()).pathname).toBe('/login');
    expect(await page.locator('body').textContent()).not.toContain('linen shirt');
    const data = await context.request.get(`${console_.server.url}/export.jsonl`);
    expect(data.status()).toBe(401);
    await context.close();
  });

  it('refuses a wrong password and sets no session', async () => {
    const context = await browser.newContext();
    const page = await context.newPage();
    await page.goto(`${console_.server.url}/login`);
    await page.fill('input[name=name]', 'ada');
    await page.fill('input[name=password]', 'not the password at all');
    await page.click('form.login button[type=submit]');
    await expect.poll(() => page.locator('.error').textContent()).toBe('Wrong name or password.');
    expect((await context.cookies()).some((c) => c.name === 'fa_session')).toBe(false);
    await page.goto(`${console_.server.url}/conversations`);
    expect(new URL(page.url()).pathname).toBe('/login');
    await context.close();
  });

  it('logs in, filters, opens a conversation, annotates and exports', async () => {
    const page = await loggedIn();
    expect(await page.locator('#total').textContent()).toBe('4');
    const cookie = (await page.context().cookies()).find((c) => c.name === 'fa_session');
    expect(cookie).toMatchObject({ httpOnly: true, sameSite: 'Strict' });

    await page.selectOption('select[name=platform]', 'discord');
    await page.check('input[name=negative]');
    await page.click('form.filters button[type=submit]');
    await page.waitForURL(/negative=1/);
    expect(await page.locator('#total').textContent()).toBe('1');
    await page.fill('input[name=q]', 'LINEN');
    await page.click('form.filters button[type=submit]');
    await page.waitForURL(/q=LINEN/);
    expect(await page.locator('#total').textContent()).toBe('1');

    await page.click('td.preview a');
    await page.waitForURL(/\/conversations\/[0-9a-f]{32}$/);
    const turns = page.locator('article.turn');
    expect(await turns.count()).toBe(2);
    expect(await turns.nth(0).locator('.message.user .text').textContent()).toBe('a linen shirt for work');
    expect(await turns.nth(1).locator('.intent').textContent()).toBe('feedback_negative');
    expect(await turns.nth(0).locator('table.items').textContent()).toContain('Wrap dress');
    expect(await turns.nth(0).locator('.explanation').textContent()).toContain('Matches your colour and category.');

    const form = turns.nth(0).locator('form.annotate');
    await form.locator('select[name=rating]').selectOption('2');
    await form.locator('input[name=tags]').fill('wrong colour, work');
    await form.locator('select[name=corrected_intent]').selectOption('outfit_request');
    await form.locator('input[name=corrected_slots]').fill('{"occasion":"work","material":"linen"}');
    await form.locator('input[name=better_item]').fill('demo:m-shirt-01');
    await form.locator('textarea[name=note]').fill('<b>wanted a full outfit</b>');
    await form.locator('button[type=submit]').click();
    await page.waitForURL(/#turn-\d+$/);
    const saved = page.locator('article.turn').nth(0);
    expect(await saved.locator('.saved').textContent()).toContain('Annotated by ada');
    expect(await saved.locator('textarea[name=note]').inputValue()).toBe('<b>wanted a full outfit</b>');

    const [download] = await Promise.all([page.waitForEvent('download'), page.click('a[href="/export.jsonl"]')]);
    const lines = readFileSync((await download.path())!, 'utf8')
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l));
    expect(lines).toEqual([
      { text: 'a linen shirt for work', intent: 'outfit_request', slots: { occasion: 'work', material: 'linen' } },
    ]);

    await page.goto(`${console_.server.url}/conversations?unreviewed=1`);
    expect(await page.locator('#total').textContent()).toBe('3');
    await page.close();
  });

  it('shows a message with markup as text and runs nothing; shows stored e-mail addresses redacted', async () => {
    const page = await loggedIn();
    const dialogs: string[] = [];
    page.on('dialog', (dialog) => {
      dialogs.push(dialog.message());
      void dialog.dismiss();
    });
    await page.fill('input[name=q]', 'jeans');
    await page.click('form.filters button[type=submit]');
    await page.waitForURL(/q=jeans/);
    expect(await page.locator('td.preview').textContent()).toBe(XSS);
    await page.click('td.preview a');
    await page.waitForURL(/\/conversations\/[0-9a-f]{32}$/);
    expect(await page.locator('.message.user .text').textContent()).toBe(XSS);
    expect(await page.locator('main img').count()).toBe(0);
    await page.waitForLoadState('load');
    expect(await page.evaluate(() => (window as unknown as { __xss?: number }).__xss)).toBeUndefined();
    expect(await page.title()).not.toBe('pwned');
    expect(dialogs).toEqual([]);

    await page.goto(`${console_.server.url}/conversations?q=list`);
    await page.click('td.preview a');
    await page.waitForURL(/\/conversations\/[0-9a-f]{32}$/);
    expect(await page.locator('.message.user .text').textContent()).toBe('send the list to [email]');
    expect(await page.content()).not.toContain('kim.lee');
    await page.close();
  });
});
