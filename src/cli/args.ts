/** Strict parsing of one command's arguments: every flag must be one the command declares. */
import { parseArgs as parseNodeArgs } from 'node:util';
import { type ParsedArgs, UsageError } from './command.ts';

/** One flag a command accepts: a switch (`--json`) or a flag that takes a value (`--port 80`). */
export interface FlagSpec {
  type: 'boolean' | 'string';
  /** One line for the command's `--help`. */
  description: string;
}

/** The flags of one command, by name without the dashes. */
export type FlagSpecs = Record<string, FlagSpec>;

/**
 * Parses `argv` (the words after the command) against the command's flags; an unknown flag or a missing
 * value is a `UsageError`. `--help` is accepted by every command.
 * @example
 * parseCommandArgs(['--json', '--data', 'x'], { json: JSON_FLAG, data: DATA_FLAG }) // {positionals:[], flags:{json:true,data:'x'}}
 */
export function parseCommandArgs(argv: string[], specs: FlagSpecs): ParsedArgs {
  const options = Object.fromEntries(
    Object.entries({ ...specs, help: HELP_FLAG }).map(([name, spec]) => [name, { type: spec.type }]),
  );
  try {
    const { values, positionals } = parseNodeArgs({ args: argv, options, strict: true, allowPositionals: true });
    return { positionals, flags: values as Record<string, string | boolean> };
  } catch (error) {
    // split always yields at least one part: the message up to node's hint.
    const [reason = ''] = (error as Error).message.split('. To specify');
    throw new UsageError(reason.replace(/^Unknown option/, 'unknown flag'));
  }
}

/** `--help`, which every command takes. */
const HELP_FLAG: FlagSpec = { type: 'boolean', description: 'show this help' };

/** Flags shared by many commands. */
export const FLAGS = {
  json: { type: 'boolean', description: 'print one JSON document (one per line for chat and parse)' },
  data: { type: 'string', description: 'dataset directory (default FASHION_DATA_DIR)' },
  seed: { type: 'string', description: 'random seed' },
  turns: { type: 'string', description: 'turns per user' },
  users: { type: 'string', description: 'simulated users' },
  queries: { type: 'string', description: 'number of queries' },
  requests: { type: 'string', description: 'number of requests' },
  port: { type: 'string', description: 'TCP port' },
  cold: { type: 'boolean', description: 'turn the answer caches off' },
} as const satisfies FlagSpecs;

/**
 * The `--help` text of one command: its usage line, what it does and its flags.
 * @example
 * commandHelp('eval nlu', { summary: 'intent parser evaluation', flags: { json: FLAGS.json } })
 */
export function commandHelp(path: string, command: { summary: string; flags: FlagSpecs; args?: string }): string {
  const flags = Object.entries(command.flags);
  const usage = flags.map(([name, spec]) => (spec.type === 'boolean' ? `[--${name}]` : `[--${name} VALUE]`));
  const lines = [
    `usage: fashion-advisor ${[path, command.args, ...usage].filter(Boolean).join(' ')}`,
    '',
    command.summary,
  ];
  if (flags.length > 0) {
    lines.push('', ...flags.map(([name, spec]) => `  --${name.padEnd(16)} ${spec.description}`));
  }
  return lines.join('\n');
}
