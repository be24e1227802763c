/**
 * One transcript through the terminal, Telegram and Discord adapters (each on a fresh app with the same seed) gives
 * the same items and the same text on every platform.
 */
import { PassThrough } from 'node:stream';
import { afterAll, describe, expect, it } from 'vitest';
import { runTerminalChat } from '../../adapters/cli.ts';
import { createDiscordAdapter } from '../../adapters/discord.ts';
import { createTelegramAdapter } from '../../adapters/telegram.ts';
import type { App } from '../../src/app.ts';
import { silentLogger } from '../../src/util/logger.ts';
import { type LocalDiscord, makeUser, messageCreate, nextId, startLocalDiscord } from './support/discord-server.ts';
import { waitFor } from './support/fixtures.ts';
import { idsInText, openRealApp } from './support/real-app.ts';
import { htmlToText, startTelegramEmulator, type TelegramEmulator } from './support/telegram-emulator.ts';

const TRANSCRIPT = ['hello', 'show me a navy shirt', 'cheaper', 'outfit for a wedding, men, under 300', 'why?'];

/** The ids offered, sorted, each once (a piece can appear in two looks). */
const idSet = (ids: string[]) => [...new Set(ids)].sort();

/** What one turn showed: its text (whitespace-normalised) and the catalogue ids it offered. */
interface Shown {
  text: string;
  ids: string[];
}

const normalise = (text: string) => text.replace(/\s+/g, ' ').trim();
const unescapeMarkdown = (text: string) => text.replace(/\\([\\*_~`|>#-])/g, '$1').replace(/@\u200b/g, '@');

const opened: { close(): Promise<void> }[] = [];
afterAll(async () => {
  for (const thing of opened.reverse()) await thing.close();
});

async function app(): Promise<App> {
  const instance = await openRealApp(11);
  opened.push(instance);
  return instance;
}

async function viaTerminal(): Promise<Shown[]> {
  const out = new PassThrough();
  let printed = '';
  out.on('data', (chunk) => {
    printed += chunk;
  });
  const bot = await app();
  async function* lines() {
    yield* TRANSCRIPT;
  }
  await runTerminalChat({
    lines: lines(),
    out,
    handleTurn: bot.handleTurn,
    userId: 'cli:parity',
    json: true,
    interactive: false,
  });
  return printed
    .trim()
    .split('\n')
    .map(
      (line) => JSON.parse(line) as { text: string; items: { id: string }[]; outfits: { items: { id: string }[] }[] },
    )
    .map((r) => ({
      text: normalise(r.text),
      ids: idSet([...r.items, ...r.outfits.flatMap((o) => o.items)].map((i) => i.id)),
    }));
}

async function viaTelegram(): Promise<Shown[]> {
  const emulator: TelegramEmulator = await startTelegramEmulator();
  opened.push({ close: () => emulator.stop() });
  const adapter = createTelegramAdapter({
    token: emulator.token,
    apiRoot: emulator.apiRoot,
    handleTurn: (await app()).handleTurn,
    logger: silentLogger,
  });
  await adapter.start();
  opened.push({ close: () => adapter.stop() });
  const client = emulator.server.getClient(emulator.token, { userId: 777, chatId: 777 });
  const shown: Shown[] = [];
  for (const text of TRANSCRIPT) {
    const before = emulator.server.storage.botMessages.length;
    await client.sendMessage(client.makeMessage(text));
    const [message] = await waitFor(
      () => emulator.server.storage.botMessages.length > before && emulator.server.storage.botMessages.slice(before),
      `reply to "${text}"`,
      20_000,
    );
    const keyboard =
      (message!.message.reply_markup as { inline_keyboard?: { callback_data: string }[][] } | undefined)
        ?.inline_keyboard ?? [];
    const shownText = htmlToText(String(message!.message.text));
    shown.push({ text: normalise(shownText), ids: idSet(idsInText(shownText)) });
    for (const row of keyboard) expect(shownText).toContain(row[0]!.callback_data.split('|').slice(2).join('|'));
  }
  return shown;
}

async function viaDiscord(): Promise<Shown[]> {
  const discord: LocalDiscord = await startLocalDiscord();
  opened.push({ close: () => discord.stop() });
  const adapter = createDiscordAdapter({
    token: 'local-discord-token.parity',
    applicationId: discord.applicationId,
    apiBase: discord.apiBase,
    handleTurn: (await app()).handleTurn,
    logger: silentLogger,
  });
  await adapter.start();
  opened.push({ close: () => adapter.stop() });
  const user = makeUser('parity');
  const channelId = nextId();
  const shown: Shown[] = [];
  const sent = () => discord.find(new RegExp(`^POST /api/v10/channels/${channelId}/messages$`));
  for (const text of TRANSCRIPT) {
    const before = sent().length;
    discord.dispatch('MESSAGE_CREATE', messageCreate(discord, user, text, { channelId }));
    const [message] = await waitFor(() => sent().length > before && sent().slice(before), `reply to "${text}"`, 20_000);
    const body = message!.body as { content: string; embeds?: { fields?: { value: string }[] }[] };
    const embedIds = (body.embeds ?? []).flatMap((e) => e.fields ?? []).map((f) => /`([^`]+)`/.exec(f.value)![1]!);
    const content = unescapeMarkdown(body.content);
    expect(new Set(embedIds)).toEqual(new Set(idsInText(content)));
    shown.push({ text: normalise(content), ids: idSet(idsInText(content)) });
  }
  return shown;
}

describe('the same conversation on every platform', () => {
  it('shows the same items and the same text through terminal, Telegram and Discord', async () => {
    const terminal = await viaTerminal();
    const telegram = await viaTelegram();
    const discord = await viaDiscord();
    expect(terminal).toHaveLength(TRANSCRIPT.length);
    expect(terminal.some((turn) => turn.ids.length > 0)).toBe(true);
    for (const [index, turn] of terminal.entries()) {
      expect(idSet(idsInText(turn.text))).toEqual(turn.ids);
      expect(telegram[index]).toEqual(turn);
      expect(discord[index]).toEqual(turn);
    }
  });
});
