/**
 * The bot's commands, shared by Telegram (`/outfit navy suit`) and Discord (slash commands with typed options).
 * A command becomes an English utterance for the engine, so commands and free text take the same path.
 */

/** A command as the platforms list it. */
export interface BotCommand {
  name: string;
  description: string;
}

const DESCRIPTIONS: Record<string, string> = {
  start: 'Say hello and see what I can do',
  help: 'What I can do and how to ask',
  outfit: 'Put together an outfit for an occasion',
  find: 'Find items: "navy linen shirt under 50"',
  trends: "What's rising in fashion right now",
  prefs: 'Show or set your preferences (colours, sizes, budget)',
  forget: 'Erase everything I keep about you',
  export: 'Download everything I keep about you',
};

/** Telegram's command menu (`setMyCommands`). */
export const TELEGRAM_COMMANDS: readonly BotCommand[] = (
  ['start', 'help', 'outfit', 'trends', 'prefs', 'forget', 'export'] as const
).map((name) => ({ name, description: commandDescription(name) }));

/** Commands whose answers are private (ephemeral on Discord). */
export const PRIVATE_COMMANDS: ReadonlySet<string> = new Set(['prefs', 'forget', 'export']);

/** Discord slash command names, in registration order. */
export const DISCORD_COMMAND_NAMES = ['outfit', 'find', 'trends', 'prefs', 'forget', 'export', 'help'] as const;

/** The description of a command by name. */
export function commandDescription(name: string): string {
  const description = DESCRIPTIONS[name];
  if (!description) throw new Error(`no description for command "${name}"`);
  return description;
}

/**
 * The utterance a command stands for, or undefined for an unknown command. `args` is the free text after it.
 * @example
 * commandText('outfit', 'wedding, men') // 'outfit for wedding, men'
 * commandText('forget', '') // 'forget me'
 */
export function commandText(name: string, args: string): string | undefined {
  const rest = args.trim();
  switch (name.toLowerCase()) {
    case 'start':
      return 'hello';
    case 'help':
      return 'help';
    case 'outfit':
      return rest ? `outfit for ${rest.replace(/^for\s+/i, '')}` : 'suggest an outfit';
    case 'find':
      return rest ? `show me ${rest}` : 'show me something nice';
    case 'trends':
      return rest ? `what's trending: ${rest}` : "what's trending?";
    case 'prefs':
      return rest ? `my preferences: ${rest}` : 'show my preferences';
    case 'forget':
      return 'forget me';
    case 'export':
      return 'export my data';
    default:
      return undefined;
  }
}

/** Typed options of Discord's `/outfit`. */
export interface OutfitOptions {
  occasion?: string;
  budget?: number;
  color?: string;
  department?: string;
}

/**
 * Builds the `/outfit` utterance from typed options.
 * @example
 * outfitText({ occasion: 'wedding', budget: 100, color: 'navy', department: 'men' })
 * // 'outfit for a wedding, men, navy, under 100'
 */
export function outfitText({ occasion, budget, color, department }: OutfitOptions): string {
  const parts = [
    occasion
      ? `outfit for ${/^(a|an|the|my)\s/i.test(occasion) ? occasion : `${/^[aeiou]/i.test(occasion) ? 'an' : 'a'} ${occasion}`}`
      : 'outfit',
    department,
    color,
    budget !== undefined ? `under ${budget}` : undefined,
  ];
  return parts.filter((part): part is string => Boolean(part && String(part).trim())).join(', ');
}
