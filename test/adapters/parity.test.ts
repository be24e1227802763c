/**
 * One transcript through the terminal, Telegram and Discord adapters (three users of one app) gives the same items and
 * the same meaning (intent and slots) on every platform, and each platform shows the engine's text unchanged. (The
 * wording itself may differ: the engine varies its phrasing with its random source.)
 */
import { PassThrough } from 'node:stream';
import { afterAll, describe, expect, it } from 'vitest';
import { runTerminalChat } from '../../adapters/cli.ts';
import { createDiscordAdapter } from '../../adapters/discord.ts';
import { createTelegramAdapter } from '../../adapters/telegram.ts';
import { htmlToText, startTelegramEmulator, type TelegramEmulator } from '../../bench/support/telegram-emulator.ts';
import type { App } from '../../src/app.ts';
import type { Reply } from '../../src/types.ts';
import { silentLogger } from '../../src/util/logger.ts';
import { type LocalDiscord, makeUser, messageCreate, nextId, startLocalDiscord } from './support/discord-server.ts';
import { waitFor } from './support/fixtures.ts';
import { idsInText, openRealApp } from './support/real-app.ts';

const TRANSCRIPT = ['hello', 'show me a navy shirt', 'cheaper', 'outfit for a wedding, men, under 300', 'why?'];

/** The ids offered, sorted, each once (a piece can appear in two looks). */
const idSet = (ids: string[]) => [...new Set(ids)].sort();

/** What one turn showed: the catalogue ids it offered and what the engine meant by it. */
interface Shown {
  ids: string[];
  intent: string;
  slots: unknown;
}

/** A handleTurn that also keeps the replies, to compare what a platform showed with what the engine said. */
function recording(bot: App, replies: Reply[]): App['handleTurn'] {
  return async (message) => {
    const reply = await bot.handleTurn(message);
    replies.push(reply);
    return reply;
  };
}

const normalise = (text: string) => text.replace(/\s+/g, ' ').trim();
const unescapeMarkdown = (text: string) => text.replace(/\\([\\*_~`|>#-])/g, '$1').replace(/@\u200b/g, '@');

const opened: { close(): Promise<void> }[] = [];
afterAll(async () => {
  for (const thing of opened.reverse()) await thing.close();
});

let shared: App | undefined;
/** One app for all three platforms (each platform's user is a different user of it). */
async function app(): Promise<App> {
  if (!shared) {
    shared = await openRealApp(11);
    opened.push(shared);
  }
  return shared;
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
      (line) =>
        JSON.parse(line) as {
          text: string;
          intent: string;
          slots: unknown;
          items: { id: string }[];
          outfits: { items: { id: string }[] }[];
        },
    )
    .map((r) => {
      const ids = idSet([...r.items, ...r.outfits.flatMap((o) => o.items)].map((i) => i.id));
      expect(idSet(idsInText(r.text))).toEqual(ids); // the text names what it offers
      return { ids, intent: r.intent, slots: r.slots };
    });
}

async function viaTelegram(): Promise<Shown[]> {
  const replies: Reply[] = [];
  const emulator: TelegramEmulator = await startTelegramEmulator();
  opened.push({ close: () => emulator.stop() });
  const adapter = createTelegramAdapter({
    token: emulator.token,
    apiRoot: emulator.apiRoot,
    handleTurn: recording(await app(), replies),
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
    const reply = replies[shown.length]!;
    expect(normalise(shownText)).toBe(normalise(reply.text));
    shown.push({ ids: idSet(idsInText(shownText)), intent: reply.intent, slots: reply.slots });
    for (const row of keyboard) expect(shownText).toContain(row[0]!.callback_data.split('|').slice(2).join('|'));
  }
  return shown;
}

async function viaDiscord(): Promise<Shown[]> {
  const replies: Reply[] = [];
  const discord: LocalDiscord = await startLocalDiscord();
  opened.push({ close: () => discord.stop() });
  const adapter = createDiscordAdapter({
    token: 'local-discord-token.parity',
    applicationId: discord.applicationId,
    apiBase: discord.apiBase,
    handleTurn: recording(await app(), replies),
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
    const reply = replies[shown.length]!;
    expect(normalise(content)).toBe(normalise(reply.text));
    shown.push({ ids: idSet(idsInText(content)), intent: reply.intent, slots: reply.slots });
  }
  return shown;
}

describe('the same conversation on every platform', () => {
  it('shows the same items with the same meaning through terminal, Telegram and Discord', async () => {
    const terminal = await viaTerminal();
    const telegram = await viaTelegram();
    const discord = await viaDiscord();
    expect(terminal).toHaveLength(TRANSCRIPT.length);
    expect(terminal.some((turn) => turn.ids.length > 0)).toBe(true);
    for (const [index, turn] of terminal.entries()) {
      expect(telegram[index]).toEqual(turn);
      expect(discord[index]).toEqual(turn);
    }
  });
});
