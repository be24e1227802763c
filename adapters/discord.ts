/**
 * Discord adapter (discord.js v14): slash commands with typed options, DMs and @mentions for free text, buttons for
 * feedback, embeds listing items. Works without the privileged MESSAGE_CONTENT intent (DMs and mentions carry content
 * anyway) and uses it when the application has it (then replies to the bot's messages count too).
 * Every send sets `allowedMentions: { parse: [] }` and breaks `@everyone`/`@here`/role mentions in the text.
 * A private reply is never posted in a server channel: it is ephemeral for interactions, a DM for @mentions.
 */
import {
  ApplicationFlags,
  AttachmentBuilder,
  type BaseMessageOptions,
  type ButtonInteraction,
  type ChatInputCommandInteraction,
  Client,
  DiscordAPIError,
  EmbedBuilder,
  Events,
  GatewayIntentBits,
  type Message,
  MessageFlags,
  Partials,
  REST,
  type RESTGetCurrentApplicationResult,
  RESTJSONErrorCodes,
  Routes,
  SlashCommandBuilder,
  type User,
} from 'discord.js';
import type { UpdateDeduplicator } from '../src/middleware/dedup.ts';
import type { FloodGuard } from '../src/middleware/flood-guard.ts';
import type { Clock, Language, Logger, Reply } from '../src/types.ts';
import { actionText, createActionCodec } from './actions.ts';
import { createChartRenderer } from './chart.ts';
import {
  commandDescription,
  commandText,
  type DISCORD_COMMAND_NAMES,
  outfitText,
  PRIVATE_COMMANDS,
} from './commands.ts';
import { clip, discordMessages, safeText } from './discord/render.ts';
import { directMessagesClosedNote, sentPrivatelyNote } from './private-notes.ts';
import { type ChatAdapter, createTurnPipeline, type Delivery, type HandleTurn } from './turns.ts';

/** Discord's limit on one message's content. */
export { DISCORD_TEXT_LIMIT } from './discord/render.ts';

const CUSTOM_ID_LIMIT = 100;
/** No pings at all: not `@everyone`/`@here`, not roles, not users, not the replied-to author. */
const NO_PINGS = { parse: [], repliedUser: false } as const;

export interface DiscordAdapterOptions {
  token: string;
  applicationId: string;
  /** REST base (`DISCORD_API_BASE`), given to discord.js as `rest.api`, e.g. `http://127.0.0.1:8080/api`. */
  apiBase?: string;
  handleTurn: HandleTurn;
  logger: Logger;
  /** Use the MESSAGE_CONTENT intent: `'auto'` (default) asks the application's flags whether it is granted. */
  messageContent?: boolean | 'auto';
  /** Defer an interaction reply when the turn takes longer than this (Discord allows 3 s); default 2000 ms. */
  deferAfterMs?: number;
  flood?: FloodGuard;
  dedup?: UpdateDeduplicator;
  clock?: Clock;
  /**
   * The gateway shards this instance connects (`DISCORD_SHARDS`): with several instances, each takes its own ids of
   * the same count, and Discord sends each guild's events to one shard (direct messages to shard 0). Default: one
   * shard for the whole bot.
   */
  shards?: DiscordShards;
}

/** Which of the bot's gateway shards an instance runs. */
export interface DiscordShards {
  ids: number[];
  count: number;
}

/** The slash commands, as registered through `PUT /applications/{id}/commands`. */
export function slashCommands() {
  const described = (name: (typeof DISCORD_COMMAND_NAMES)[number]) =>
    new SlashCommandBuilder().setName(name).setDescription(commandDescription(name));
  return [
    described('outfit')
      .addStringOption((o) =>
        o.setName('occasion').setDescription('wedding, work, interview, date, party …').setMaxLength(60),
      )
      .addNumberOption((o) =>
        o.setName('budget').setDescription('Total budget in euros').setMinValue(1).setMaxValue(100_000),
      )
      .addStringOption((o) => o.setName('colour').setDescription('A colour you would like').setMaxLength(30))
      .addStringOption((o) =>
        o
          .setName('department')
          .setDescription('Who it is for')
          .addChoices(...['men', 'women', 'unisex', 'kids'].map((value) => ({ name: value, value }))),
      ),
    described('find').addStringOption((o) =>
      o.setName('query').setDescription('e.g. "navy linen shirt under 50"').setRequired(true).setMaxLength(200),
    ),
    described('trends').addStringOption((o) =>
      o.setName('topic').setDescription('A colour, fabric or piece').setMaxLength(60),
    ),
    described('prefs').addStringOption((o) =>
      o.setName('set').setDescription('e.g. "size M, no yellow, budget 80"').setMaxLength(200),
    ),
    described('forget'),
    described('export'),
    described('help'),
  ].map((command) => command.toJSON());
}

/**
 * The utterance a slash command stands for.
 * @example
 * interactionText('outfit', { occasion: 'wedding', budget: 100 }) // 'outfit for a wedding, under 100'
 */
export function interactionText(name: string, options: Record<string, string | number | undefined>): string {
  if (name === 'outfit') {
    return outfitText({
      occasion: options.occasion as string | undefined,
      budget: options.budget as number | undefined,
      colour: options.colour as string | undefined,
      department: options.department as string | undefined,
    });
  }
  const args = String(options.query ?? options.topic ?? options.set ?? '');
  return commandText(name, args) ?? 'help';
}

/**
 * Creates the Discord adapter. Nothing connects until `start()`.
 * @example
 * const discord = createDiscordAdapter({ token, applicationId, apiBase: config.DISCORD_API_BASE, handleTurn, logger });
 * await discord.start();
 */
export function createDiscordAdapter(options: DiscordAdapterOptions): ChatAdapter {
  const { token, applicationId, apiBase, logger, deferAfterMs = 2000 } = options;
  const turns = createTurnPipeline(options);
  const codec = createActionCodec(CUSTOM_ID_LIMIT);
  const restOptions = apiBase ? { api: apiBase } : {};
  let client: Client | undefined;
  let contentIntent = false;
  const renderChart = createChartRenderer();

  const payloads = async (reply: Reply): Promise<BaseMessageOptions[]> => {
    const files: AttachmentBuilder[] = [];
    const extra: EmbedBuilder[] = [];
    if (reply.chart) {
      files.push(new AttachmentBuilder(await renderChart(reply.chart.svg), { name: 'trend.png' }));
      extra.push(
        new EmbedBuilder().setTitle(clip(safeText(reply.chart.title), 256)).setImage('attachment://trend.png'),
      );
    }
    if (reply.attachment) {
      files.push(
        new AttachmentBuilder(Buffer.from(reply.attachment.content, 'utf8'), { name: reply.attachment.filename }),
      );
    }
    const messages = discordMessages(reply, codec);
    const last = messages[messages.length - 1]!;
    last.embeds = [...last.embeds, ...extra].slice(0, 10);
    if (messages.length === 1 && !last.content && last.embeds.length === 0 && files.length === 0) last.content = '…';
    return messages.map(({ content, embeds, components }, index) => ({
      content,
      allowedMentions: NO_PINGS,
      embeds,
      components,
      ...(index === messages.length - 1 ? { files } : {}),
    }));
  };

  /**
   * Answers an interaction directly, or defers it when the turn outlasts `deferAfterMs` and edits the answer in.
   * `cancel()` drops the pending deferral for an interaction that will get no answer (a duplicate delivery).
   */
  const interactionDelivery = (
    interaction: ChatInputCommandInteraction | ButtonInteraction,
    ephemeral: boolean,
  ): Delivery & { cancel(): void } => {
    let deferral: Promise<unknown> | undefined;
    const timer = setTimeout(() => {
      deferral = interaction
        .deferReply(ephemeral ? { flags: MessageFlags.Ephemeral } : {})
        .catch((error: Error) => logger.warn('could not defer an interaction', { error: error.message }));
    }, deferAfterMs);
    const send = async (messages: BaseMessageOptions[], isPrivate: boolean, language?: Language) => {
      clearTimeout(timer);
      const hidden = ephemeral || isPrivate;
      const [first, ...rest] = messages;
      if (deferral) {
        await deferral;
        if (hidden && !ephemeral) {
          // Deferred in public, but the answer is private: say so in public, show it only to the user.
          await interaction.editReply({ content: safeText(sentPrivatelyNote(language)), allowedMentions: NO_PINGS });
          rest.unshift(first!);
        } else {
          await interaction.editReply(first!);
        }
      } else {
        await interaction.reply({ ...first!, ...(hidden ? { flags: MessageFlags.Ephemeral } : {}) });
      }
      for (const message of rest) {
        await interaction.followUp({ ...message, ...(hidden ? { flags: MessageFlags.Ephemeral } : {}) });
      }
    };
    return {
      reply: async (reply) => send(await payloads(reply), reply.private, reply.language),
      notice: (text) => send([{ content: safeText(text), allowedMentions: NO_PINGS }], true),
      cancel: () => clearTimeout(timer),
    };
  };

  /**
   * How replies to a message reach its channel. In a server channel a private reply (see `Reply.private`) goes to the
   * author's direct messages and the channel gets a neutral note — or, when the author does not accept direct
   * messages, a note saying how to get the answer.
   */
  const messageDelivery = (message: Message): Delivery => {
    const send = async (messages: BaseMessageOptions[]) => {
      for (const [index, payload] of messages.entries()) {
        if (index === 0 && message.guildId) await message.reply(payload);
        else if (message.channel.isSendable()) await message.channel.send(payload);
      }
    };
    const note = (text: string) => send([{ content: safeText(text), allowedMentions: NO_PINGS }]);
    return {
      async reply(reply) {
        if (!reply.private || !message.guildId) return send(await payloads(reply));
        const sent = await sendDirect(message.author, await payloads(reply));
        await note(sent ? sentPrivatelyNote(reply.language) : directMessagesClosedNote(reply.language));
      },
      notice: note,
    };
  };

  /** Sends messages to a user's direct messages; `false` when Discord refuses (they do not accept them from the bot). */
  const sendDirect = async (user: User, messages: BaseMessageOptions[]): Promise<boolean> => {
    try {
      for (const payload of messages) await user.send(payload);
      return true;
    } catch (error) {
      if (error instanceof DiscordAPIError && error.code === RESTJSONErrorCodes.CannotSendMessagesToThisUser) {
        return false;
      }
      throw error;
    }
  };

  const onCommand = async (interaction: ChatInputCommandInteraction) => {
    const values = Object.fromEntries(
      interaction.options.data.map((option) => [option.name, option.value as string | number]),
    );
    const ephemeral = PRIVATE_COMMANDS.has(interaction.commandName);
    const delivery = interactionDelivery(interaction, ephemeral);
    const { verdict } = turns.submit(
      {
        platform: 'discord',
        userId: `discord:${interaction.user.id}`,
        conversationId: `discord:${interaction.channelId}`,
        text: interactionText(interaction.commandName, values),
        messageId: `interaction:${interaction.id}`,
      },
      delivery,
    );
    await answerIfRefused(await verdict, delivery);
  };

  const onButton = async (interaction: ButtonInteraction) => {
    const action = codec.decode(interaction.customId);
    if (!action) {
      await interaction.reply({
        content: 'This button has expired — please ask me again.',
        flags: MessageFlags.Ephemeral,
      });
      return;
    }
    const delivery = interactionDelivery(interaction, false);
    const { verdict } = turns.submit(
      {
        platform: 'discord',
        userId: `discord:${interaction.user.id}`,
        conversationId: `discord:${interaction.channelId}`,
        text: actionText(action),
        action,
        messageId: `interaction:${interaction.id}`,
      },
      delivery,
    );
    await answerIfRefused(await verdict, delivery);
  };

  /** An interaction must be answered even when the flood guard drops it (or Discord shows "interaction failed"). */
  const answerIfRefused = async (verdict: string, delivery: Delivery & { cancel(): void }) => {
    if (verdict === 'drop') await delivery.notice('Slow down a little, please — I skipped that one.');
    if (verdict === 'duplicate') delivery.cancel();
  };

  const onMessage = (message: Message) => {
    const me = client?.user;
    if (!me || message.author.bot || message.author.id === me.id) return;
    const text = addressedContent(message, me.id, contentIntent);
    if (!text) return;
    turns.submit(
      {
        platform: 'discord',
        userId: `discord:${message.author.id}`,
        conversationId: `discord:${message.channelId}`,
        text,
        messageId: `message:${message.id}`,
      },
      messageDelivery(message),
    );
  };

  const wantsContentIntent = async (): Promise<boolean> => {
    if (options.messageContent !== undefined && options.messageContent !== 'auto') return options.messageContent;
    const rest = new REST(restOptions).setToken(token);
    try {
      const application = (await rest.get(Routes.currentApplication())) as RESTGetCurrentApplicationResult;
      const flags = application.flags ?? 0;
      return (flags & (ApplicationFlags.GatewayMessageContent | ApplicationFlags.GatewayMessageContentLimited)) !== 0;
    } catch (error) {
      logger.warn('could not read the application flags; running without MESSAGE_CONTENT', {
        error: (error as Error).message,
      });
      return false;
    }
  };

  return {
    async start() {
      contentIntent = await wantsContentIntent();
      const intents = [GatewayIntentBits.Guilds, GatewayIntentBits.GuildMessages, GatewayIntentBits.DirectMessages];
      if (contentIntent) intents.push(GatewayIntentBits.MessageContent);
      client = new Client({
        intents,
        partials: [Partials.Channel],
        rest: restOptions,
        allowedMentions: NO_PINGS,
        ...(options.shards ? { shards: options.shards.ids, shardCount: options.shards.count } : {}),
      });
      client.on(Events.InteractionCreate, (interaction) => {
        const handled = interaction.isChatInputCommand()
          ? onCommand(interaction)
          : interaction.isButton()
            ? onButton(interaction)
            : undefined;
        handled?.catch((error: Error) => logger.error('discord interaction failed', { error: error.message }));
      });
      client.on(Events.MessageCreate, onMessage);
      client.on(Events.Error, (error) => logger.error('discord client error', { error: error.message }));
      const ready = new Promise<void>((resolve) => client!.once(Events.ClientReady, () => resolve()));
      await client.login(token);
      await ready;
      await client.rest.put(Routes.applicationCommands(applicationId), { body: slashCommands() });
      logger.info('discord: connected', {
        user: client.user?.tag,
        messageContent: contentIntent,
        shards: options.shards ? `${options.shards.ids.join(',')} of ${options.shards.count}` : 'all (one)',
      });
    },
    async stop() {
      client?.removeAllListeners(Events.MessageCreate).removeAllListeners(Events.InteractionCreate);
      await turns.drain();
      await client?.destroy();
    },
  };
}

/**
 * The text of a message meant for the bot, or undefined: every DM; in servers, messages that @mention the bot (not via
 * `@everyone` or a role) and — when MESSAGE_CONTENT is granted — replies to the bot's own messages. Mentions of the bot
 * are taken out.
 */
export function addressedContent(message: Message, botId: string, contentIntent: boolean): string | undefined {
  const isDm = !message.guildId;
  const mentioned = message.mentions.users.has(botId);
  const repliedToBot = contentIntent && message.mentions.repliedUser?.id === botId;
  if (!isDm && !mentioned && !repliedToBot) return undefined;
  const text = message.content
    .replace(new RegExp(`<@!?${botId}>`, 'g'), ' ')
    .replace(/\s+/g, ' ')
    .trim();
  return text || (mentioned ? 'hello' : undefined);
}
