/** The shape every `fashion-advisor` sub-command implements. */
import type { Readable, Writable } from 'node:stream';
import type { Config } from '../config.ts';
import type { Logger } from '../types.ts';

/** Command-line arguments after the command words: positionals and `--flag [value]` pairs. */
export interface ParsedArgs {
  positionals: string[];
  flags: Record<string, string | boolean>;
}

/** What a command gets from the process: configuration, logger and standard streams. */
export interface CommandContext {
  config: Config;
  logger: Logger;
  stdin: Readable;
  stdout: Writable;
  stderr: Writable;
}

/** A sub-command; resolves to the process exit code. */
export type Command = (args: ParsedArgs, context: CommandContext) => Promise<number>;

/** Thrown for a wrong command line; printed with the usage, exit code 2. */
export class UsageError extends Error {
  override name = 'UsageError';
}

/** Reads a string flag, or undefined. `--port 80` and `--port=80` both work. */
export function stringFlag(args: ParsedArgs, name: string): string | undefined {
  const value = args.flags[name];
  if (value === true) throw new UsageError(`--${name} needs a value`);
  return value === undefined || value === false ? undefined : value;
}

/** Reads a positive integer flag with a default. */
export function intFlag(args: ParsedArgs, name: string, fallback: number): number {
  const raw = stringFlag(args, name);
  if (raw === undefined) return fallback;
  const n = Number(raw);
  if (!Number.isInteger(n) || n < 0) throw new UsageError(`--${name} expects a non-negative integer, got "${raw}"`);
  return n;
}

/** Writes one JSON document followed by a newline. */
export function printJson(out: Writable, value: unknown): void {
  out.write(`${JSON.stringify(value)}\n`);
}
