/**
 * `fashion-advisor bench redaction [--dir DIR] [--rounds N] [--json]`: how fast `redact` runs, on every user message
 * and bot reply of the shopper-audit transcripts (`DIR/*.jsonl`, default `../shopper-audit` next to
 * `FASHION_BENCH_DIR`). Redaction runs on every logged turn (text, reply, explanation and slots), so this is
 * per-turn cost.
 * Prints `{"messages", "avg_chars", "rounds", "per_second", "p50_us", "p99_us", "redacted"}`.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { type Command, intFlag, printJson, stringFlag, UsageError } from '../src/cli/command.ts';
import { redact } from '../src/log/redact.ts';
import { quantile, round } from './stats.ts';

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
  const report = {
    source: dir,
    messages: messages.length,
    avg_chars: Math.round(messages.reduce((n, m) => n + m.length, 0) / Math.max(1, messages.length)),
    rounds,
    per_second: Math.round((rounds * messages.length) / seconds),
    p50_us: round(quantile(perMessage, 0.5) * 1000, 1),
    p99_us: round(quantile(perMessage, 0.99) * 1000, 1),
    redacted,
  };
  if (args.flags.json) printJson(context.stdout, report);
  else {
    context.stdout.write(
      `redact on ${report.messages} messages from ${dir} (avg ${report.avg_chars} chars, ${rounds} rounds): ` +
        `${report.per_second} messages/s, p50 ${report.p50_us} µs, p99 ${report.p99_us} µs; ${redacted} changed\n`,
    );
  }
  return 0;
};
