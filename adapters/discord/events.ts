/**
 * Turns Discord events into turns: a slash command, a button press or a message addressed to the bot becomes one
 * `IncomingMessage`, run through the turn pipeline with the delivery that answers it.
 */
import {
  type ButtonInteraction,
  type ChatInputCommandInteraction,
  type Interaction,
  type Message,
  MessageFlags,
} from 'discord.js';
import type { Logger } from '../../src/types.ts';
import { type ActionCodec, actionText } from '../actions.ts';
import { PRIVATE_COMMANDS } from '../commands.ts';
import type { TurnPipeline, Verdict } from '../turns.ts';
import { interactionText } from './commands.ts';
import type { DiscordDeliveries, InteractionDelivery } from './delivery.ts';

/** What the event handlers work with. */
export interface DiscordRouting {
  turns: TurnPipeline;
  codec: ActionCodec;
  deliveries: DiscordDeliveries;
  logger: Logger;
  /** The bot's user id once connected, and whether the MESSAGE_CONTENT intent is in use. */
  bot(): { id: string; contentIntent: boolean } | undefined;
}

/** The handlers `start()` attaches to the client. */
export interface DiscordHandlers {
  onInteraction(interaction: Interaction): void;
  onMessage(message: Message): void;
}

/** An interaction must be answered even when the flood guard drops it (or Discord shows "interaction failed"). */
async function answerIfRefused(verdict: Verdict, delivery: InteractionDelivery) {
  if (verdict === 'drop') await delivery.notice('Slow down a little, please — I skipped that one.');
  if (verdict === 'duplicate') delivery.cancel();
}

/**
 * The text of a message meant for the bot, or undefined: every DM; in servers, messages that @mention the bot (not via
 * `@everyone` or a role) and — when MESSAGE_CONTENT is granted — replies to the bot's own messages. Mentions of the bot
 * are taken out.
 * @example
 * addressedContent(message, client.user.id, false) // 'navy shirt' for "<@123> navy shirt"
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

/**
 * Creates the handlers of one bot.
 * @example
 * const { onInteraction, onMessage } = discordHandlers(routing);
 * client.on(Events.InteractionCreate, onInteraction).on(Events.MessageCreate, onMessage);
 */
export function discordHandlers(routing: DiscordRouting): DiscordHandlers {
  const { turns, codec, deliveries, logger } = routing;

  const onCommand = async (interaction: ChatInputCommandInteraction) => {
    const values = Object.fromEntries(
      interaction.options.data.map((option) => [option.name, option.value as string | number]),
    );
    const delivery = deliveries.forInteraction(interaction, PRIVATE_COMMANDS.has(interaction.commandName));
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
    const delivery = deliveries.forInteraction(interaction, false);
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

  return {
    onInteraction(interaction) {
      const handled = interaction.isChatInputCommand()
        ? onCommand(interaction)
        : interaction.isButton()
          ? onButton(interaction)
          : undefined;
      handled?.catch((error: Error) => logger.error('discord interaction failed', { error: error.message }));
    },
    onMessage(message) {
      const bot = routing.bot();
      if (!bot || message.author.bot || message.author.id === bot.id) return;
      const text = addressedContent(message, bot.id, bot.contentIntent);
      if (!text) return;
      const incoming = {
        platform: 'discord' as const,
        userId: `discord:${message.author.id}`,
        conversationId: `discord:${message.channelId}`,
        text,
        messageId: `message:${message.id}`,
      };
      turns.submit(incoming, deliveries.forMessage(message));
    },
  };
}
