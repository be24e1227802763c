/**
 * One transcript through the terminal, Telegram and Discord adapters (three users of one app) gives the same items and
 * the same meaning (intent and slots) on every platform. The terminal prints the engine's text with catalogue ids;
 * Telegram and Discord show every piece by name, one message per look, with the ids only in their buttons. (The
 * wording itself may differ: the engine varies its phrasing with its random source.)
 */
import { PassThrough } from 'node:stream';
import { afterAll, describe, expect, it } from 'vitest';
import { createActionCodec } from '../../adapters/actions.ts';
import { runTerminalChat } from '../../adapters/cli.ts';
import { discordMessages } from '../../adapters/discord/render.ts';
import { createDiscordAdapter } from '../../adapters/discord.ts';
import { telegramMessages } from '../../adapters/telegram/render.ts';
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

/**
 * What one turn showed: the catalogue ids it offered (compared across platforms for lists; looks differ between
 * shoppers by design, so for them the number of looks), and what the engine meant by it.
 */
interface Shown {
  ids: string[] | { looks: number };
  intent: string;
  slots: unknown;
}

/** Catalogue ids as the engine writes them in its text. */
const ID_IN_TEXT = /\[(hm|myntra|demo):[^\]]+\]/;

/**
 * The ids of the pieces a chat app showed (each piece of the reply whose name is in the shown text; all of them must
 * be), or the number of looks. Checks on the way that no raw id is in the text and every button acts on a piece of
 * the reply.
 */
function shownPieces(reply: Reply, shownText: string, buttonIds: readonly string[]): Shown['ids'] {
  expect(shownText).not.toMatch(ID_IN_TEXT);
  const pieces = [...reply.items, ...reply.outfits.flatMap((o) => o.items)];
  const offered = new Set(pieces.map((item) => item.id));
  for (const id of buttonIds) expect(offered.has(id)).toBe(true);
  const shown = idSet(pieces.filter((item) => shownText.includes(item.name)).map((item) => item.id));
  expect(shown).toEqual(idSet([...offered]));
  return reply.outfits.length > 0 ? { looks: reply.outfits.length } : shown;
}

/** The item id in a button's callback data or custom id (`fa|<code>|<id>`). */
const buttonId = (data: string) => data.split('|').slice(2).join('|');

/** A handleTurn that also keeps the replies, to compare what a platform showed with what the engine said. */
function recording(bot: App, replies: Reply[]): App['handleTurn'] {
  return async (message) => {
    const reply = await bot.handleTurn(message);
    replies.push(reply);
    return reply;
  };
}

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
      return { ids: r.outfits.length > 0 ? { looks: r.outfits.length } : ids, intent: r.intent, slots: r.slots };
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
    await waitFor(() => replies.length > shown.length, `reply to "${text}"`, 20_000);
    const reply = replies[shown.length]!;
    const expected = telegramMessages(reply, createActionCodec(64)).length;
    const messages = await waitFor(
      () =>
        emulator.server.storage.botMessages.length >= before + expected &&
        emulator.server.storage.botMessages.slice(before, before + expected),
      `${expected} messages for "${text}"`,
      20_000,
    );
    const shownText = messages.map((m) => htmlToText(String(m.message.text))).join('\n');
    const buttons = messages.flatMap(
      (m) =>
        (m.message.reply_markup as { inline_keyboard?: { callback_data: string }[][] } | undefined)?.inline_keyboard ??
        [],
    );
    const ids = shownPieces(
      reply,
      shownText,
      buttons.flat().map((b) => buttonId(b.callback_data)),
    );
    if (reply.outfits.length > 0) expect(messages).toHaveLength(1 + reply.outfits.length);
    shown.push({ ids, intent: reply.intent, slots: reply.slots });
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
    await waitFor(() => replies.length > shown.length, `reply to "${text}"`, 20_000);
    const reply = replies[shown.length]!;
    const expected = discordMessages(reply, createActionCodec(100)).length;
    const messages = await waitFor(
      () => sent().length >= before + expected && sent().slice(before, before + expected),
      `${expected} messages for "${text}"`,
      20_000,
    );
    const bodies = messages.map(
      (m) =>
        m.body as {
          content: string;
          embeds?: { title?: string; fields?: { name: string; value: string }[] }[];
          components?: { components: { custom_id: string }[] }[];
        },
    );
    const shownText = bodies
      .flatMap((b) => [b.content, ...(b.embeds ?? []).flatMap((e) => (e.fields ?? []).map((f) => f.name))])
      .map(unescapeMarkdown)
      .join('\n');
    const buttons = bodies.flatMap((b) => (b.components ?? []).flatMap((row) => row.components));
    const ids = shownPieces(
      reply,
      shownText,
      buttons.map((b) => buttonId(b.custom_id)),
    );
    if (reply.outfits.length > 0) {
      expect(bodies.filter((b) => (b.embeds ?? []).length === 1)).toHaveLength(reply.outfits.length);
    }
    shown.push({ ids, intent: reply.intent, slots: reply.slots });
  }
  return shown;
}

describe('the same conversation on every platform', () => {
  it('shows the same items with the same meaning through terminal, Telegram and Discord', async () => {
    const terminal = await viaTerminal();
    const telegram = await viaTelegram();
    const discord = await viaDiscord();
    expect(terminal).toHaveLength(TRANSCRIPT.length);
    expect(terminal.some((turn) => Array.isArray(turn.ids) && turn.ids.length > 0)).toBe(true);
    expect(terminal.some((turn) => !Array.isArray(turn.ids))).toBe(true);
    for (const [index, turn] of terminal.entries()) {
      expect(telegram[index]).toEqual(turn);
      expect(discord[index]).toEqual(turn);
    }
  });
});
