/**
 * How a `Reply` reaches Discord: messages with embeds and buttons, a chart image and a JSON file when present, as
 * the answer to an interaction (deferred when the turn is slow) or to a message. A private reply is never posted in
 * a server channel: it is ephemeral for interactions, a direct message for @mentions.
 */
import {
  AttachmentBuilder,
  type BaseMessageOptions,
  type ButtonInteraction,
  type ChatInputCommandInteraction,
  DiscordAPIError,
  EmbedBuilder,
  type Message,
  MessageFlags,
  RESTJSONErrorCodes,
  type User,
} from 'discord.js';
import type { Language, Logger, Reply } from '../../src/types.ts';
import type { ActionCodec } from '../actions.ts';
import { createChartRenderer } from '../chart.ts';
import { directMessagesClosedNote, sentPrivatelyNote } from '../private-notes.ts';
import type { Delivery } from '../turns.ts';
import { clip, discordMessages, safeText } from './render.ts';

/** No pings at all: not `@everyone`/`@here`, not roles, not users, not the replied-to author. */
export const NO_PINGS = { parse: [], repliedUser: false } as const;

/** A delivery for an interaction, which can drop its pending deferral when no answer will come (a duplicate). */
export type InteractionDelivery = Delivery & { cancel(): void };

/** Makes the `Delivery` of one interaction or message. */
export interface DiscordDeliveries {
  /**
   * Answers an interaction directly, or defers it when the turn outlasts the deferral time and edits the answer in;
   * `ephemeral` answers are shown only to the user.
   */
  forInteraction(interaction: ChatInputCommandInteraction | ButtonInteraction, ephemeral: boolean): InteractionDelivery;
  /**
   * How replies to a message reach its channel. In a server channel a private reply (see `Reply.private`) goes to the
   * author's direct messages and the channel gets a neutral note — or, when the author does not accept direct
   * messages, a note saying how to get the answer.
   */
  forMessage(message: Message): Delivery;
}

/** Sends messages to a user's direct messages; `false` when Discord refuses (they do not accept them from the bot). */
async function sendDirect(user: User, messages: BaseMessageOptions[]): Promise<boolean> {
  try {
    for (const payload of messages) await user.send(payload);
    return true;
  } catch (error) {
    if (error instanceof DiscordAPIError && error.code === RESTJSONErrorCodes.CannotSendMessagesToThisUser) {
      return false;
    }
    throw error;
  }
}

/** Renders replies as Discord messages: the chart and the file go with the last one. */
function createPayloads(codec: ActionCodec) {
  const renderChart = createChartRenderer();
  return async (reply: Reply): Promise<BaseMessageOptions[]> => {
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
    const last = messages.at(-1);
    if (last) {
      last.embeds = [...last.embeds, ...extra].slice(0, 10);
      if (messages.length === 1 && !last.content && last.embeds.length === 0 && files.length === 0) last.content = '…';
    }
    return messages.map(({ content, embeds, components }, index) => ({
      content,
      allowedMentions: NO_PINGS,
      embeds,
      components,
      ...(index === messages.length - 1 ? { files } : {}),
    }));
  };
}

/**
 * Creates the deliveries of one bot; `codec` encodes the item buttons, `deferAfterMs` is how long an interaction
 * waits for its turn before it is deferred.
 * @example
 * const deliveries = createDiscordDeliveries(codec, logger, 2000);
 * turns.submit(message, deliveries.forMessage(discordMessage));
 */
export function createDiscordDeliveries(codec: ActionCodec, logger: Logger, deferAfterMs: number): DiscordDeliveries {
  const payloads = createPayloads(codec);
  return {
    forInteraction(interaction, ephemeral) {
      let deferral: Promise<unknown> | undefined;
      const timer = setTimeout(() => {
        deferral = interaction
          .deferReply(ephemeral ? { flags: MessageFlags.Ephemeral } : {})
          .catch((error: Error) => logger.warn('could not defer an interaction', { error: error.message }));
      }, deferAfterMs);
      const send = async (messages: BaseMessageOptions[], isPrivate: boolean, language?: Language) => {
        clearTimeout(timer);
        const hidden = ephemeral || isPrivate;
        const flags = hidden ? { flags: MessageFlags.Ephemeral as const } : {};
        const [first, ...rest] = messages;
        if (!first) return;
        if (!deferral) await interaction.reply({ ...first, ...flags });
        else if (hidden && !ephemeral) {
          await deferral;
          // Deferred in public, but the answer is private: say so in public, show it only to the user.
          await interaction.editReply({ content: safeText(sentPrivatelyNote(language)), allowedMentions: NO_PINGS });
          rest.unshift(first);
        } else {
          await deferral;
          await interaction.editReply(first);
        }
        for (const message of rest) await interaction.followUp({ ...message, ...flags });
      };
      return {
        reply: async (reply) => send(await payloads(reply), reply.private, reply.language),
        notice: (text) => send([{ content: safeText(text), allowedMentions: NO_PINGS }], true),
        cancel: () => clearTimeout(timer),
      };
    },
    forMessage(message) {
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
    },
  };
}
