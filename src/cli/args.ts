/** Splits argv into positionals and flags. Flags listed in `BOOLEAN_FLAGS` never take a value. */
import type { ParsedArgs } from './command.ts';

const BOOLEAN_FLAGS = new Set([
  'json',
  'telegram',
  'discord',
  'review',
  'password-stdin',
  'help',
  'quick',
  'webhook',
  'verbose',
]);

/**
 * @example
 * parseArgs(['eval', 'nlu', '--json', '--data', 'x']) // {positionals:['eval','nlu'], flags:{json:true,data:'x'}}
 */
export function parseArgs(argv: string[]): ParsedArgs {
  const positionals: string[] = [];
  const flags: Record<string, string | boolean> = {};
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    if (!arg.startsWith('--') || arg === '--') {
      positionals.push(arg);
      continue;
    }
    const eq = arg.indexOf('=');
    if (eq > 0) {
      flags[arg.slice(2, eq)] = arg.slice(eq + 1);
      continue;
    }
    const name = arg.slice(2);
    const next = argv[i + 1];
    if (!BOOLEAN_FLAGS.has(name) && next !== undefined && !next.startsWith('--')) {
      flags[name] = next;
      i++;
    } else {
      flags[name] = true;
    }
  }
  return { positionals, flags };
}
