/** Discord end to end with the real app: slash command → items and buttons; a button press changes what comes next. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDiscordAdapter } from '../../adapters/discord.ts';
import type { ChatAdapter } from '../../adapters/turns.ts';
import type { App } from '../../src/app.ts';
import { silentLogger } from '../../src/util/logger.ts';
import {
  buttonInteraction,
  commandInteraction,
  type LocalDiscord,
  makeUser,
  messageCreate,
  nextId,
  startLocalDiscord,
} from './support/discord-server.ts';
import { waitFor } from './support/fixtures.ts';
import { openRealApp } from './support/real-app.ts';

interface Shown {
  content: string;
  embeds: { fields?: { value: string }[] }[];
  components: { components: { custom_id: string; label: string }[] }[];
  allowed_mentions?: unknown;
}

let app: App;
let discord: LocalDiscord;
let adapter: ChatAdapter;

beforeAll(async () => {
  app = await openRealApp();
  discord = await startLocalDiscord();
  adapter = createDiscordAdapter({
    token: 'local-discord-token.real-app',
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
  await app?.close();
});

/** What the user finally sees for an interaction: the edited deferred reply, or the direct one. */
async function answerTo(interaction: { id: string; token: string }): Promise<Shown> {
  return waitFor(
    () => {
      const edit = discord.find(
        new RegExp(`^PATCH /api/v10/webhooks/\\d+/${interaction.token}/messages/@original$`),
      )[0];
      if (edit) return edit.body as unknown as Shown;
      const callback = discord.find(new RegExp(`^POST /api/v10/interactions/${interaction.id}/`))[0];
      const body = callback?.body as { type: number; data: Shown } | undefined;
      return body?.type === 4 ? body.data : undefined;
    },
    `the answer to interaction ${interaction.id}`,
    20_000,
  );
}

/** The item each button row acts on (ids are only in the buttons' custom ids, `fa|<code>|<id>`). */
const embedIds = (shown: Shown) =>
  shown.components.map((row) => row.components[0]?.custom_id.split('|').slice(2).join('|'));

/** The follow-up messages of an interaction (the looks after the intro). */
const followUps = (interaction: { token: string }) =>
  discord
    .find(new RegExp(`^POST /api/v10/webhooks/\\d+/${interaction.token}$`))
    .map((request) => request.body as unknown as Shown);

describe('discord with the real app', () => {
  it('answers a slash command with items and buttons, and a 👎 press changes the next suggestions', async () => {
    const user = makeUser('grace');
    const channelId = nextId();
    const find = commandInteraction(discord, user, 'find', [{ name: 'query', type: 3, value: 'shirt' }], channelId);
    discord.dispatch('INTERACTION_CREATE', find);
    const first = await answerTo(find);
    const before = embedIds(first);
    expect(before.length).toBeGreaterThan(0);
    expect(first.components.length).toBe(Math.min(5, before.length));
    expect(first.components[0]!.components.map((b) => b.label)).toEqual([
      '👍 #1',
      '👎 #1',
      'More like this #1',
      'Save #1',
    ]);

    const dislike = first.components[0]!.components[1]!.custom_id;
    const press = buttonInteraction(discord, user, dislike, channelId);
    discord.dispatch('INTERACTION_CREATE', press);
    await answerTo(press);

    const again = commandInteraction(discord, user, 'find', [{ name: 'query', type: 3, value: 'shirt' }], channelId);
    discord.dispatch('INTERACTION_CREATE', again);
    const after = embedIds(await answerTo(again));
    expect(after.length).toBeGreaterThan(0);
    expect(after).not.toEqual(before);
    expect(after[0]).not.toBe(before[0]);
  });

  it('answers /outfit with typed options with looks listing real items', async () => {
    const outfit = commandInteraction(discord, makeUser('heidi'), 'outfit', [
      { name: 'occasion', type: 3, value: 'wedding' },
      { name: 'department', type: 3, value: 'men' },
      { name: 'budget', type: 10, value: 400 },
    ]);
    discord.dispatch('INTERACTION_CREATE', outfit);
    await answerTo(outfit);
    // The intro first, then one message per look: an embed and that look's buttons.
    const looks = await waitFor(() => followUps(outfit).length >= 2 && followUps(outfit), 'the looks', 20_000);
    for (const look of looks) {
      expect(look.embeds).toHaveLength(1);
      expect(look.embeds[0]!.fields!.length).toBeGreaterThan(1);
      expect(embedIds(look).every((id) => id?.startsWith('demo:'))).toBe(true);
      expect(look.components.length).toBeGreaterThan(0);
    }
  });

  it('never turns @everyone in a message into a ping', async () => {
    const ivan = makeUser('ivan');
    discord.dispatch(
      'MESSAGE_CREATE',
      messageCreate(discord, ivan, `<@${discord.bot.id}> @everyone @here show me a navy shirt`, {
        guild: true,
        mentions: [discord.bot],
        mentionEveryone: true,
      }),
    );
    const [sent] = await waitFor(
      () => {
        const found = discord.find(new RegExp(`^POST /api/v10/channels/${discord.guildChannelId}/messages$`));
        return found.length > 0 && found;
      },
      'the reply in the server channel',
      20_000,
    );
    const body = sent!.body as unknown as Shown;
    expect(body.allowed_mentions).toEqual({ parse: [], replied_user: false });
    expect(JSON.stringify(body)).not.toMatch(/@everyone|@here/);
  });
});
