/**
 * Private answers never reach a group (issue 16, finding 1), end to end with the real app over the loopback servers:
 * in a Telegram supergroup and a Discord server channel, `/export`, "what do you know about me?", preference and
 * wishlist answers go to the shopper's direct messages and the group sees only a neutral note — or, when the bot may
 * not write to the shopper, a note saying how to open that chat. Public answers still go to the group.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDiscordAdapter } from '../../adapters/discord.ts';
import { directMessagesClosedNote, openChatFirstNote, sentPrivatelyNote } from '../../adapters/private-notes.ts';
import { createTelegramAdapter } from '../../adapters/telegram.ts';
import type { ChatAdapter } from '../../adapters/turns.ts';
import { htmlToText, startTelegramEmulator, type TelegramEmulator } from '../../bench/support/telegram-emulator.ts';
import type { App } from '../../src/app.ts';
import { silentLogger } from '../../src/util/logger.ts';
import { type LocalDiscord, makeUser, messageCreate, startLocalDiscord } from './support/discord-server.ts';
import { waitFor } from './support/fixtures.ts';
import { openRealApp } from './support/real-app.ts';

const BOT_USERNAME = 'TestNameBot'; // the emulator's getMe
const PREFERENCES = "I'm a woman, I hate yellow and I'm a size M";
/** Words of the shopper's profile and export that must never reach the group. */
const PERSONAL = [/yellow/i, /size [ML]\b/, /"profile"/, /woman|women/i, /saved/i, /黄色/];

let app: App;
beforeAll(async () => {
  app = await openRealApp(5);
});
afterAll(async () => {
  await app?.close();
});

describe('telegram supergroup', () => {
  const GROUP = -1_001_234_567;
  let emulator: TelegramEmulator;
  let adapter: ChatAdapter;

  beforeAll(async () => {
    emulator = await startTelegramEmulator();
    adapter = createTelegramAdapter({
      token: emulator.token,
      apiRoot: emulator.apiRoot,
      handleTurn: app.handleTurn,
      logger: silentLogger,
    });
    await adapter.start();
  });
  afterAll(async () => {
    await adapter?.stop();
    await emulator?.stop();
  });

  const texts = (chatId: number) =>
    emulator.server.storage.botMessages
      .filter((update) => Number(update.message.chat_id) === chatId)
      .map((update) => htmlToText(String(update.message.text)));
  const documents = (chatId: number) =>
    emulator.media.filter((m) => m.method === 'sendDocument' && m.chatId === chatId);
  const client = (userId: number, chatId = userId) =>
    emulator.server.getClient(emulator.token, {
      userId,
      chatId,
      firstName: `User${userId}`,
      userName: `user${userId}`,
      ...(chatId === userId ? {} : { type: 'supergroup' as const, chatTitle: 'Style club' }),
    });
  const mention = (text: string) => ({
    entities: [{ type: 'mention' as const, offset: 0, length: BOT_USERNAME.length + 1 }],
    text: `@${BOT_USERNAME} ${text}`,
  });

  it('sends /export, /export@Bot, "what do you know about me?", preferences and the wishlist to the DM only', async () => {
    const shopper = 501;
    const direct = client(shopper);
    await direct.sendMessage(direct.makeMessage(PREFERENCES));
    await waitFor(() => texts(shopper).length === 1, 'the preferences confirmed in the private chat');

    const inGroup = client(shopper, GROUP);
    await inGroup.sendCommand(inGroup.makeCommand('/export'));
    await inGroup.sendCommand(inGroup.makeCommand(`/export@${BOT_USERNAME}`));
    for (const text of ['what do you know about me?', 'show my wishlist', "I'm a size L"]) {
      const { text: full, entities } = mention(text);
      await inGroup.sendMessage(inGroup.makeMessage(full, { entities } as never));
    }
    // A public question still gets its answer in the group.
    const { text: search, entities } = mention('show me a navy shirt');
    await inGroup.sendMessage(inGroup.makeMessage(search, { entities } as never));

    await waitFor(() => texts(GROUP).length === 6 && documents(shopper).length === 2, 'five notes and an answer');
    const group = texts(GROUP);
    expect(group.slice(0, 5)).toEqual(Array(5).fill(sentPrivatelyNote('en')));
    expect(group[5]).toMatch(/shirt/i);
    for (const text of group) for (const word of PERSONAL) expect(text).not.toMatch(word);
    expect(emulator.media.filter((m) => m.chatId === GROUP)).toEqual([]);

    // The shopper got it all in their private chat: both files, the summary, the wishlist and the confirmation.
    for (const file of documents(shopper)) {
      const exported = file.body.toString('utf8');
      expect(exported).toContain('"profile"');
      expect(exported).toContain('yellow');
    }
    const privately = texts(shopper).join('\n');
    expect(privately).toMatch(/no yellow/);
    expect(privately).toMatch(/size M/);
    expect(privately).toMatch(/size L/);
  });

  it('answers in the shopper’s language in the group', async () => {
    const shopper = 503;
    const direct = client(shopper);
    await direct.sendMessage(direct.makeMessage('我讨厌黄色'));
    await waitFor(() => texts(shopper).length === 1, 'the preference confirmed');
    const before = texts(GROUP).length;
    const inGroup = client(shopper, GROUP);
    const { text, entities } = mention('你知道我什么');
    await inGroup.sendMessage(inGroup.makeMessage(text, { entities } as never));
    await waitFor(() => texts(GROUP).length === before + 1 && texts(shopper).length === 2, 'the note and the DM');
    expect(texts(GROUP).at(-1)).toBe(sentPrivatelyNote('zh'));
    expect(texts(shopper).at(-1)).toMatch(/黄色/);
  });

  it('when the shopper never started the bot, tells the group only where to open a chat', async () => {
    const stranger = 502;
    const chatOf = (method: string, body: Buffer) =>
      method === 'sendMessage' || method === 'sendPhoto'
        ? Number((JSON.parse(body.toString('utf8')) as { chat_id: number }).chat_id)
        : Number(/name="chat_id"\r\n\r\n(-?\d+)/.exec(body.toString('latin1'))?.[1]);
    // What Telegram answers a bot that writes first to someone who never opened a chat with it.
    emulator.fault = (method, body) =>
      /^send/.test(method) && chatOf(method, body) === stranger
        ? {
            status: 403,
            body: { ok: false, error_code: 403, description: "Forbidden: bot can't initiate conversation with a user" },
          }
        : undefined;
    const before = texts(GROUP).length;
    const inGroup = client(stranger, GROUP);
    await inGroup.sendCommand(inGroup.makeCommand('/export'));
    await waitFor(() => texts(GROUP).length === before + 1, 'the note');
    const note = texts(GROUP).at(-1)!;
    expect(note).toBe(openChatFirstNote('en', `https://t.me/${BOT_USERNAME}?start=private`));
    expect(note).toContain(`https://t.me/${BOT_USERNAME}?start=private`);
    expect(emulator.media.filter((m) => m.method === 'sendDocument' && m.chatId !== 501)).toEqual([]);
    expect(texts(stranger)).toEqual([]);
    emulator.fault = undefined;
  });
});

describe('discord server channel', () => {
  let discord: LocalDiscord;
  let adapter: ChatAdapter;

  beforeAll(async () => {
    discord = await startLocalDiscord();
    adapter = createDiscordAdapter({
      token: 'local-discord-token.group-privacy',
      applicationId: discord.applicationId,
      apiBase: discord.apiBase,
      handleTurn: app.handleTurn,
      logger: silentLogger,
    });
    await adapter.start();
  });
  afterAll(async () => {
    await adapter?.stop();
    await discord?.stop();
  });

  const sentTo = (channelId: string | undefined) =>
    discord.find(/^POST \/api\/v10\/channels\/\d+\/messages$/).filter((r) => r.path.includes(`/${channelId}/`));
  const contents = (channelId: string | undefined) => sentTo(channelId).map((r) => String(r.body?.content ?? ''));
  const unescapeMarkdown = (text: string) => text.replace(/\\([\\*_~`|>#-])/g, '$1');

  it('sends "what do you know about me?", the export and preferences to the DM; the channel sees a note', async () => {
    const dave = makeUser('dave');
    // discord.js keeps the DM channel this message arrives in, and sends the private answers there.
    const dm = '7001';
    discord.dispatch('MESSAGE_CREATE', messageCreate(discord, dave, PREFERENCES, { channelId: dm }));
    await waitFor(() => sentTo(dm).length === 1, 'the preferences confirmed in the DM');

    const asks = ['what do you know about me?', 'export my data', "I'm a size L", 'show me a navy shirt'];
    for (const ask of asks) {
      discord.dispatch(
        'MESSAGE_CREATE',
        messageCreate(discord, dave, `<@${discord.bot.id}> ${ask}`, { guild: true, mentions: [discord.bot] }),
      );
    }
    await waitFor(
      () => sentTo(discord.guildChannelId).length === 4 && sentTo(dm).length === 4,
      'three notes, an answer and the DMs',
      20_000,
    );
    const channel = contents(discord.guildChannelId).map(unescapeMarkdown);
    expect(channel.slice(0, 3)).toEqual(Array(3).fill(sentPrivatelyNote('en')));
    expect(channel[3]).toMatch(/shirt/i);
    for (const text of channel) for (const word of PERSONAL) expect(text).not.toMatch(word);
    expect(sentTo(discord.guildChannelId).flatMap((r) => r.files)).toEqual([]);

    const privately = contents(dm).map(unescapeMarkdown).join('\n');
    expect(privately).toMatch(/no yellow/);
    expect(privately).toMatch(/size M/);
    expect(privately).toMatch(/size L/);
    const [file] = sentTo(dm).flatMap((r) => r.files);
    expect(file!.bytes.toString('utf8')).toContain('"profile"');
  });

  it('when the shopper does not accept direct messages, the channel gets a note and nothing personal', async () => {
    const erin = makeUser('erin');
    discord.closedDirectMessages.add(erin.id);
    const before = sentTo(discord.guildChannelId).length;
    discord.dispatch(
      'MESSAGE_CREATE',
      messageCreate(discord, erin, `<@${discord.bot.id}> export my data`, { guild: true, mentions: [discord.bot] }),
    );
    await waitFor(() => sentTo(discord.guildChannelId).length === before + 1, 'the note', 20_000);
    expect(unescapeMarkdown(contents(discord.guildChannelId).at(-1)!)).toBe(directMessagesClosedNote('en'));
    // The bot did try: it opened the DM channel, and Discord refused the message.
    expect(sentTo(discord.directChannels.get(erin.id))).toHaveLength(1);
    expect(sentTo(discord.guildChannelId).flatMap((r) => r.files)).toEqual([]);
  });
});
