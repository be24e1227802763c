import { afterEach, describe, expect, it } from 'vitest';
import { createDiscordAdapter } from '../../adapters/discord.ts';
import { sentPrivatelyNote } from '../../adapters/private-notes.ts';
import type { ChatAdapter } from '../../adapters/turns.ts';
import { FLOOD_NOTICE } from '../../src/middleware/flood-guard.ts';
import type { IncomingMessage, Reply } from '../../src/types.ts';
import { silentLogger } from '../../src/util/logger.ts';
import {
  buttonInteraction,
  commandInteraction,
  type LocalDiscord,
  makeUser,
  messageCreate,
  startLocalDiscord,
} from './support/discord-server.ts';
import { echoTurn, makeReply, makeReplyItem, waitFor } from './support/fixtures.ts';

const MESSAGE_CONTENT_INTENT = 1 << 15;
const EPHEMERAL = 1 << 6;
const TOKEN = 'local-discord-token.abcdef';

let discord: LocalDiscord;
let adapter: ChatAdapter | undefined;

afterEach(async () => {
  await adapter?.stop();
  adapter = undefined;
  await discord?.stop();
});

async function connect(handleTurn: (m: IncomingMessage) => Promise<Reply>, extra = {}, applicationFlags = 0) {
  discord = await startLocalDiscord({ applicationFlags });
  adapter = createDiscordAdapter({
    token: TOKEN,
    applicationId: discord.applicationId,
    apiBase: discord.apiBase,
    handleTurn,
    logger: silentLogger,
    ...extra,
  });
  await adapter.start();
}

type Callback = {
  type: number;
  data?: {
    content?: string;
    flags?: number;
    embeds?: unknown[];
    components?: { components: { custom_id: string; label: string }[] }[];
    allowed_mentions?: { parse: string[] };
  };
};
/** What `allHandled` sends, last. */
const MARKER = 'marker sent last';

/**
 * Resolves once every gateway event dispatched so far has been handled to the end: a DM sent after them (in a
 * channel of its own) is answered — the adapter takes events in order — then the adapter drains its turns and stops.
 */
async function allHandled(): Promise<void> {
  const channelId = '9999';
  discord.dispatch('MESSAGE_CREATE', messageCreate(discord, makeUser('marker'), MARKER, { channelId }));
  await waitFor(() => channelMessages(channelId).length === 1, 'the answer to a message sent last');
  await adapter?.stop();
  adapter = undefined;
}

const callbacks = () => discord.find(/^POST \/api\/v10\/interactions\//).map((r) => r.body as Callback);
const channelMessages = (channelId?: string) =>
  discord
    .find(/^POST \/api\/v10\/channels\/\d+\/messages$/)
    .filter((r) => !channelId || r.path.includes(`/${channelId}/`));

describe('discord adapter against a local gateway and REST server', () => {
  it('identifies without MESSAGE_CONTENT unless granted, and registers typed slash commands', async () => {
    await connect(echoTurn);
    expect(discord.identify!.token).toBe(TOKEN);
    expect(discord.identify!.intents & MESSAGE_CONTENT_INTENT).toBe(0);
    const [registration] = discord.find(/^PUT \/api\/v10\/applications\/\d+\/commands$/);
    const commands = registration!.body as unknown as { name: string; options?: { name: string; type: number }[] }[];
    expect(commands.map((c) => c.name)).toEqual(['outfit', 'find', 'trends', 'prefs', 'forget', 'export', 'help']);
    expect(commands[0]!.options!.map((o) => [o.name, o.type])).toEqual([
      ['occasion', 3],
      ['budget', 10],
      ['colour', 3],
      ['department', 3],
    ]);
    await adapter!.stop();
    adapter = undefined;
    await discord.stop();

    await connect(echoTurn, {}, 1 << 18);
    expect(discord.identify!.intents & MESSAGE_CONTENT_INTENT).toBe(MESSAGE_CONTENT_INTENT);
  });

  it('answers /outfit with options directly: text, an embed of items and a row of buttons per item', async () => {
    const items = [makeReplyItem(), makeReplyItem()];
    const seen: IncomingMessage[] = [];
    await connect(async (message) => {
      seen.push(message);
      return makeReply({ text: 'Two picks for the wedding.', items, actionable: true, intent: 'outfit_request' });
    });
    const alice = makeUser('alice');
    discord.dispatch(
      'INTERACTION_CREATE',
      commandInteraction(discord, alice, 'outfit', [
        { name: 'occasion', type: 3, value: 'wedding' },
        { name: 'budget', type: 10, value: 100 },
        { name: 'colour', type: 3, value: 'navy' },
        { name: 'department', type: 3, value: 'men' },
      ]),
    );
    const [callback] = await waitFor(() => callbacks().length === 1 && callbacks(), 'the interaction callback');
    expect(seen[0]).toMatchObject({
      platform: 'discord',
      userId: `discord:${alice.id}`,
      text: 'outfit for a wedding, men, navy, under 100',
    });
    expect(callback!.type).toBe(4);
    expect(callback!.data!.content).toBe('Two picks for the wedding.');
    // The embed names each piece; its id is only in the buttons.
    const embedText = JSON.stringify(callback!.data!.embeds);
    expect(embedText).toContain(items[1]!.name);
    expect(embedText).not.toContain(items[1]!.id);
    const rows = callback!.data!.components!;
    expect(rows).toHaveLength(2);
    expect(rows[0]!.components.map((b) => b.label)).toEqual(['👍 #1', '👎 #1', 'More like this #1', 'Save #1']);
    expect(callback!.data!.allowed_mentions).toEqual({ parse: [], replied_user: false });
  });

  it('defers when the turn outlasts the window and edits the answer in; privacy commands are ephemeral', async () => {
    let turns = 0;
    await connect(
      async (message) => {
        // The turn outlasts the window: it ends only once the adapter has deferred it.
        const turn = ++turns;
        await waitFor(() => callbacks().length >= turn, 'the deferral of this turn');
        return makeReply({ text: `done: ${message.text}`, private: /forget|secret/.test(message.text) });
      },
      { deferAfterMs: 50 },
    );
    const bob = makeUser('bob');
    discord.dispatch('INTERACTION_CREATE', commandInteraction(discord, bob, 'forget'));
    const edits = () => discord.find(/^PATCH \/api\/v10\/webhooks\/\d+\/[^/]+\/messages\/@original$/);
    await waitFor(() => edits().length === 1, 'the edited deferred reply');
    const [deferred] = callbacks();
    expect(deferred).toMatchObject({ type: 5, data: { flags: EPHEMERAL } });
    expect(edits()[0]!.body).toMatchObject({ content: 'done: forget me' });
    // The deferral went out well inside Discord's 3-second window, before the answer.
    const [callbackRequest] = discord.find(/^POST \/api\/v10\/interactions\//);
    expect(callbackRequest!.at).toBeLessThan(edits()[0]!.at);

    // Deferred in public, but the answer turns out private: the channel sees a pointer, only the user the answer.
    discord.dispatch(
      'INTERACTION_CREATE',
      commandInteraction(discord, bob, 'find', [{ name: 'query', type: 3, value: 'secret' }]),
    );
    const followUps = () => discord.find(/^POST \/api\/v10\/webhooks\/\d+\/[^/]+$/);
    await waitFor(() => edits().length === 2 && followUps().length === 1, 'the pointer and the private answer');
    expect(callbacks()[1]).toMatchObject({ type: 5 });
    expect(callbacks()[1]!.data?.flags ?? 0).toBe(0);
    expect(edits()[1]!.body).toMatchObject({ content: sentPrivatelyNote('en') });
    expect(followUps()[0]!.body).toMatchObject({ content: 'done: show me secret', flags: EPHEMERAL });
  });

  it('turns a button press into an action for that item and shows the new suggestions', async () => {
    const first = [makeReplyItem(), makeReplyItem()];
    const next = [makeReplyItem(), makeReplyItem()];
    const actions: IncomingMessage['action'][] = [];
    await connect(async (message) => {
      if (message.action) actions.push(message.action);
      return makeReply({
        text: message.action ? 'More like that:' : 'Picks:',
        items: message.action ? next : first,
        actionable: true,
      });
    });
    const carol = makeUser('carol');
    const command = commandInteraction(discord, carol, 'find', [{ name: 'query', type: 3, value: 'navy shirt' }]);
    discord.dispatch('INTERACTION_CREATE', command);
    await waitFor(() => callbacks().length === 1, 'the first answer');
    const moreLike = callbacks()[0]!.data!.components![1]!.components[2]!.custom_id;
    discord.dispatch('INTERACTION_CREATE', buttonInteraction(discord, carol, moreLike, command.channel_id));
    await waitFor(() => callbacks().length === 2, 'the answer to the button');
    expect(actions).toEqual([{ type: 'more_like', itemId: first[1]!.id }]);
    const after = JSON.stringify(callbacks()[1]!.data!.embeds);
    expect(after).toContain(next[0]!.name);
    expect(after).not.toContain(first[0]!.name);
  });

  it('answers DMs and mentions, ignores other server chatter, and never echoes @everyone as a ping', async () => {
    const seen: string[] = [];
    await connect(async (message) => {
      seen.push(message.text);
      return echoTurn(message);
    });
    const dave = makeUser('dave');
    discord.dispatch('MESSAGE_CREATE', messageCreate(discord, dave, 'hello from a DM'));
    discord.dispatch('MESSAGE_CREATE', messageCreate(discord, dave, 'talking to friends', { guild: true }));
    discord.dispatch(
      'MESSAGE_CREATE',
      messageCreate(discord, dave, '@everyone look', { guild: true, mentionEveryone: true }),
    );
    discord.dispatch(
      'MESSAGE_CREATE',
      messageCreate(discord, dave, `<@${discord.bot.id}> @everyone @here <@&123> navy shirt`, {
        guild: true,
        mentions: [discord.bot],
      }),
    );
    await waitFor(() => channelMessages().length === 2, 'two replies');
    await allHandled();
    expect(seen).toEqual(['hello from a DM', '@everyone @here <@&123> navy shirt', MARKER]);
    const echoed = channelMessages(discord.guildChannelId)[0]!.body as { content: string; allowed_mentions: unknown };
    expect(echoed.allowed_mentions).toEqual({ parse: [], replied_user: false });
    expect(echoed.content).not.toMatch(/@everyone|@here|<@&\d+>/);
    expect(echoed.content).toContain('navy shirt');
  });

  it('splits a long answer under 2,000 characters into the reply and follow-ups', async () => {
    const long = Array.from({ length: 60 }, (_, i) => `Line ${i}: ${'wool '.repeat(15)}`).join('\n');
    await connect(async () => makeReply({ text: long }));
    discord.dispatch('INTERACTION_CREATE', commandInteraction(discord, makeUser('erin'), 'help'));
    const followUps = () => discord.find(/^POST \/api\/v10\/webhooks\/\d+\/[^/]+$/);
    await waitFor(() => callbacks().length === 1 && followUps().length >= 2, 'the reply and its follow-ups');
    const parts = [callbacks()[0]!.data!.content!, ...followUps().map((r) => String(r.body!.content))];
    for (const part of parts) expect(part.length).toBeLessThanOrEqual(2000);
    expect(parts.join('\n').replace(/\s+/g, ' ').trim()).toBe(long.replace(/\s+/g, ' ').trim());
  });

  it('attaches a trend chart as a PNG in an embed and an export as a JSON file, ephemerally', async () => {
    const svg =
      '<svg xmlns="http://www.w3.org/2000/svg" width="200" height="100"><rect width="200" height="100" fill="navy"/></svg>';
    await connect(async (message) =>
      message.text === 'export my data'
        ? makeReply({ text: 'Your data.', private: true, attachment: { filename: 'my-data.json', content: '{"a":1}' } })
        : makeReply({ text: 'Linen is rising.', chart: { title: 'linen: rising', svg } }),
    );
    const user = makeUser('judy');
    discord.dispatch(
      'INTERACTION_CREATE',
      commandInteraction(discord, user, 'trends', [{ name: 'topic', type: 3, value: 'linen' }]),
    );
    discord.dispatch('INTERACTION_CREATE', commandInteraction(discord, user, 'export'));
    const requests = () => discord.find(/^POST \/api\/v10\/interactions\//);
    await waitFor(() => requests().length === 2, 'both answers');
    const chart = requests().find((r) => r.files.some((f) => f.name === 'trend.png'))!;
    expect(chart.files[0]!.bytes.subarray(0, 8)).toEqual(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]));
    expect(JSON.stringify(chart.body)).toContain('attachment://trend.png');
    const exported = requests().find((r) => r.files.some((f) => f.name === 'my-data.json'))!;
    expect(exported.files[0]!.bytes.toString('utf8')).toBe('{"a":1}');
    expect((exported.body as { data: { flags: number } }).data.flags).toBe(EPHEMERAL);
  });

  it('sends a flooding user one notice, not one per message', async () => {
    let turns = 0;
    const fred = makeUser('fred');
    await connect(async (message) => {
      if (message.userId === `discord:${fred.id}`) turns++;
      return echoTurn(message);
    });
    const channelId = '4242';
    for (let n = 1; n <= 25; n++)
      discord.dispatch('MESSAGE_CREATE', messageCreate(discord, fred, `spam ${n}`, { channelId }));
    await waitFor(() => channelMessages(channelId).length === 21, '20 answers and a notice');
    await allHandled();
    expect(turns).toBe(20);
    const contents = channelMessages(channelId).map((r) => String(r.body!.content));
    expect(contents.filter((c) => c === FLOOD_NOTICE.replace(/([\\*_~`|])/g, '\\$1'))).toHaveLength(1);
  });
});
