/**
 * `fashion-advisor replay CONVERSATION [--json]`: a logged conversation turn by turn — what the shopper wrote, the
 * parse, the named action that served it, its state events and the reply — and the profile those events build. For
 * stylists checking why the bot answered as it did, and developers reproducing a conversation.
 */
import { rebuildState } from '../engine/replay.ts';
import { openTurnLog } from '../log/index.ts';
import type { LoggedTurn } from '../log/log-types.ts';
import type { Platform, StateEvent } from '../types.ts';
import { type Command, printJson, UsageError } from './command.ts';

const USAGE =
  'usage: replay CONVERSATION [--json] (the id the stylist console shows, or the platform id, e.g. cli:ann)';
const PLATFORMS: readonly Platform[] = ['cli', 'telegram', 'discord', 'bench', 'test'];

/** The platform a platform id ("telegram:42") names, if any. */
function platformOf(id: string): Platform | undefined {
  const prefix = id.slice(0, id.indexOf(':'));
  return PLATFORMS.find((platform) => platform === prefix);
}

/** One event in a few words. */
export function describeEvent(event: StateEvent): string {
  switch (event.type) {
    case 'request_set': {
      const slots = Object.entries(event.request.slots).map(([key, value]) => `${key}=${JSON.stringify(value)}`);
      return `request ${event.request.intent}${slots.length ? ` {${slots.join(', ')}}` : ''}`;
    }
    case 'shown':
      return `shown ${event.itemIds.length} item(s)${event.outfits.length ? `, ${event.outfits.length} look(s)` : ''}`;
    case 'awaiting_set':
      return `asked for ${event.slot} (${event.intent})`;
    case 'user_erased':
      return 'erased';
    case 'sizes_forgotten':
      return 'sizes forgotten';
    default: {
      const { type, ...rest } = event;
      return `${type.replace(/_/g, ' ')} ${Object.values(rest).join(' ')}`;
    }
  }
}

/** A turn as text: time, the shopper's words, parse, action, events and reply. */
function turnLines(turn: LoggedTurn, index: number): string[] {
  const events = turn.events?.map(describeEvent).join('; ');
  return [
    `#${index + 1} ${new Date(turn.at).toISOString()} ${turn.platform}`,
    `  shopper: ${turn.feedback ? `[button ${turn.feedback.value > 0 ? '👍' : '👎'} ${turn.feedback.itemId}] ` : ''}${turn.text}`,
    `  parse:   ${turn.intent} ${turn.confidence}  action: ${turn.action ?? '(not recorded)'}`,
    `  events:  ${events === undefined ? '(not recorded)' : events || 'none'}`,
    `  bot:     ${turn.reply.replace(/\n/g, '\n           ')}`,
  ];
}

/**
 * @example
 * fashion-advisor replay cli:ann --json
 */
export const replay: Command = async (args, { config, logger, stdout }) => {
  const [id, ...extra] = args.positionals;
  if (!id || extra.length > 0) throw new UsageError(USAGE);
  const log = await openTurnLog(config, logger, { scheduleRetention: false });
  let turns: LoggedTurn[] | undefined;
  try {
    turns = await log.conversation(id);
    const platform = platformOf(id);
    if (!turns && platform) turns = await log.conversation(log.conversationKey(platform, id));
  } finally {
    await log.close();
  }
  const first = turns?.[0];
  if (!turns || !first) throw new UsageError(`no conversation ${id} in the log`);
  const recorded = turns.every((turn) => turn.events !== undefined);
  const { profile } = rebuildState(first.userKey, turns);
  if (args.flags.json) {
    printJson(stdout, {
      conversation: first.conversationId,
      turns: turns.map(({ annotation: _, ...turn }) => turn),
      profile: recorded ? profile : undefined,
    });
    return 0;
  }
  stdout.write(`conversation ${first.conversationId} · ${turns.length} turn(s)\n`);
  turns.forEach((turn, index) => {
    stdout.write(`${turnLines(turn, index).join('\n')}\n`);
  });
  stdout.write(
    recorded
      ? `profile from this conversation's events: ${JSON.stringify({ ...profile, userId: undefined })}\n`
      : 'some turns were logged before events were kept: no profile rebuilt\n',
  );
  return 0;
};
