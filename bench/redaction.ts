/**
 * `fashion-advisor bench redaction [--dir DIR] [--rounds N] [--json]`: how fast `redact` runs, on every user message
 * and bot reply of the shopper-audit transcripts (`DIR/*.jsonl`, default `../shopper-audit` next to
 * `FASHION_BENCH_DIR`). Redaction runs on every logged turn (text, reply, explanation and slots), so this is
 * per-turn cost.
 * Prints `{"messages", "avg_chars", "rounds", "per_second", "p50_us", "p99_us", "redacted", "crafted_worst_ms", …}`,
 * the last being the slowest of some crafted messages that would make careless patterns backtrack for seconds.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { type Command, intFlag, printJson, stringFlag, UsageError } from '../src/cli/command.ts';
import { redact } from '../src/log/redact.ts';
import { quantile, round } from './stats.ts';

/**
 * Crafted messages of the longest accepted input (2,000 characters) that make careless patterns backtrack: long digit
 * runs, runs of place-name units, chains of written-out dots, streets without numbers.
 */
const CRAFTED: Record<string, string> = {
  'digit runs': `${'1'.repeat(41)} `.repeat(48),
  'spaced digits': '1 '.repeat(1000),
  'dotted numbers': '12.'.repeat(666),
  'place units': `${'市区'.repeat(999)}1号`,
  cities: `${'北京市'.repeat(666)}1号`,
  estates: `${'花园小区'.repeat(499)}1栋`,
  'street words': '1 Aa Street '.repeat(166),
  'written dots': `${'x dot '.repeat(330)}at y dot com`,
  'passport digits': `passport ${'a1'.repeat(995)}`,
};

function auditMessages(dir: string): string[] {
  const messages: string[] = [];
  for (const file of readdirSync(dir).filter((f) => f.endsWith('.jsonl'))) {
    for (const line of readFileSync(path.join(dir, file), 'utf8').split('\n')) {
      if (!line.trim()) continue;
      const turn = JSON.parse(line) as { user?: unknown; reply?: { text?: unknown } };
      if (typeof turn.user === 'string') messages.push(turn.user);
      if (typeof turn.reply?.text === 'string') messages.push(turn.reply.text);
    }
  }
  return messages;
}

/**
 * Times `redact` over the messages: one warm-up round, then N timed rounds.
 * @example
 * fashion-advisor bench redaction --json
 */
export const benchRedaction: Command = async (args, context) => {
  const dir = stringFlag(args, 'dir') ?? path.resolve(context.config.benchDir, '..', 'shopper-audit');
  if (!existsSync(dir)) throw new UsageError(`no transcripts at ${dir}: pass --dir or set FASHION_BENCH_DIR`);
  const messages = auditMessages(dir);
  if (messages.length === 0) throw new UsageError(`no messages in ${dir}/*.jsonl`);
  const rounds = Math.max(1, intFlag(args, 'rounds', 20));
  const redacted = messages.filter((m) => redact(m) !== m).length;
  const perMessage: number[] = [];
  const started = performance.now();
  for (let r = 0; r < rounds; r++) {
    for (const message of messages) {
      const t = performance.now();
      redact(message);
      perMessage.push(performance.now() - t);
    }
  }
  const seconds = (performance.now() - started) / 1000;
  const crafted = Object.entries(CRAFTED).map(([name, text]) => {
    redact(text);
    const t = performance.now();
    redact(text);
    return { name, ms: performance.now() - t };
  });
  const slowest = crafted.reduce((a, b) => (b.ms > a.ms ? b : a));
  const report = {
    source: dir,
    messages: messages.length,
    avg_chars: Math.round(messages.reduce((n, m) => n + m.length, 0) / Math.max(1, messages.length)),
    rounds,
    per_second: Math.round((rounds * messages.length) / seconds),
    p50_us: round(quantile(perMessage, 0.5) * 1000, 1),
    p99_us: round(quantile(perMessage, 0.99) * 1000, 1),
    redacted,
    crafted_worst_ms: round(slowest.ms, 2),
    crafted_worst: slowest.name,
  };
  if (args.flags.json) printJson(context.stdout, report);
  else {
    context.stdout.write(
      `redact on ${report.messages} messages from ${dir} (avg ${report.avg_chars} chars, ${rounds} rounds): ` +
        `${report.per_second} messages/s, p50 ${report.p50_us} µs, p99 ${report.p99_us} µs; ${redacted} changed\n` +
        `slowest crafted 2,000-character message: ${report.crafted_worst} ${report.crafted_worst_ms} ms\n`,
    );
  }
  return 0;
};
