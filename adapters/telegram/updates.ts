/**
 * Turns Telegram updates into turns: a text, command or button press becomes one `IncomingMessage`, run through the
 * turn pipeline, and its outcome is kept for the webhook's answer. Nothing is acknowledged to Telegram before its
 * turn completed, so an update whose instance dies is delivered again.
 */
import type { UserFromGetMe } from 'telegraf/types';
import type { IncomingMessage, Logger } from '../../src/types.ts';
import { type ActionCodec, actionText } from '../actions.ts';
import type { Delivery, TurnPipeline } from '../turns.ts';
import { addressedText } from './addressed.ts';
import type { TelegramClient } from './client.ts';
import type { TelegramDeliveries } from './delivery.ts';
import type { UpdateOutcomes } from './webhook.ts';

const CALLBACK_ACK: Record<NonNullable<IncomingMessage['action']>['type'], string> = {
  feedback: 'Thanks — noted.',
  more_like: 'Looking for similar pieces…',
  save: 'Saved to your list.',
};

/** What the update handlers work with. */
export interface UpdateRouting {
  client: TelegramClient;
  turns: TurnPipeline;
  codec: ActionCodec;
  deliveries: TelegramDeliveries;
  outcomes: UpdateOutcomes;
  logger: Logger;
  /** The bot itself, once started. */
  me(): UserFromGetMe | undefined;
  /**
   * Whether a message another live instance holds is given up (`busy`): in webhook mode Telegram redelivers it; when
   * polling it can only be one a dead process of this bot was running, so it is claimed again until its lease lapses.
   */
  giveUpWhenBusy(): boolean;
}

/**
 * Runs a turn through the pipeline and resolves once it completed, so telegraf's handler (and with it the update's
 * acknowledgement) waits for it. `admitted` runs as soon as the turn is known to run here.
 */
async function submit(
  routing: UpdateRouting,
  message: IncomingMessage,
  delivery: Delivery,
  admitted?: () => Promise<void>,
) {
  for (;;) {
    const { verdict, done } = routing.turns.submit(message, delivery);
    void verdict.then((v) => (v === 'duplicate' || v === 'busy' ? undefined : admitted?.()));
    const outcome = await done;
    if (outcome !== 'busy' || routing.giveUpWhenBusy()) return outcome;
  }
}

/**
 * Registers the message, button and error handlers on the client's bot.
 * @example
 * routeUpdates({ client, turns, codec, deliveries, outcomes, logger, me: () => me, giveUpWhenBusy: () => false });
 */
export function routeUpdates(routing: UpdateRouting): void {
  const { client, codec, deliveries, outcomes, logger } = routing;
  client.bot.on('message', async (ctx) => {
    const me = routing.me();
    const incoming = ctx.message;
    if (!me || !('text' in incoming) || !incoming.from || incoming.from.is_bot) return;
    const text = addressedText(incoming, me);
    if (text === undefined) return;
    const isGroup = incoming.chat.type !== 'private';
    const message: IncomingMessage = {
      platform: 'telegram',
      userId: `telegram:${incoming.from.id}`,
      conversationId: `telegram:${incoming.chat.id}`,
      text,
      messageId: `${incoming.chat.id}:${incoming.message_id}`,
    };
    const replyTo = isGroup ? incoming.message_id : undefined;
    const delivery = deliveries.deliveryFor(incoming.chat, incoming.from.id, replyTo, me.username);
    outcomes.set(ctx.update, await submit(routing, message, delivery));
  });

  client.bot.on('callback_query', async (ctx) => {
    const me = routing.me();
    const query = ctx.callbackQuery;
    const action = 'data' in query ? codec.decode(query.data) : undefined;
    const chat = query.message?.chat;
    const acknowledge = () =>
      client
        .call('answerCallbackQuery', () =>
          client.api('answerCallbackQuery', {
            callback_query_id: query.id,
            text: action ? CALLBACK_ACK[action.type] : 'This button has expired — please ask me again.',
          }),
        )
        .then(
          () => undefined,
          (error: Error) => logger.warn('could not answer callback query', { error: error.message }),
        );
    if (!action || !chat || !me) {
      await acknowledge();
      return;
    }
    const message: IncomingMessage = {
      platform: 'telegram',
      userId: `telegram:${query.from.id}`,
      conversationId: `telegram:${chat.id}`,
      text: actionText(action),
      action,
      messageId: `callback:${query.id}`,
    };
    // The button's spinner stops as soon as the turn is known to run here; the update is acknowledged when it completed.
    const delivery = deliveries.deliveryFor(chat, query.from.id, undefined, me.username);
    outcomes.set(ctx.update, await submit(routing, message, delivery, acknowledge));
  });

  client.bot.catch((error, ctx) => {
    outcomes.set(ctx.update, 'failed');
    logger.error('telegram update failed', { updateId: ctx.update.update_id, error: (error as Error).message });
  });
}
