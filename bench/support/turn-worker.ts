/**
 * The bot as a child process for the fault scenarios: reads one JSON turn per line on stdin
 * (`{"userId","messageId","text"}`), answers `{"messageId","replied"}` per line on stdout once the turn is done,
 * and closes cleanly when stdin ends. Configured from the environment like the real bot.
 */
import { createInterface } from 'node:readline';
import { createApp } from '../../src/app.ts';
import { loadConfig } from '../../src/config.ts';
import { createLogger } from '../../src/util/logger.ts';

const config = loadConfig(process.env);
const logger = createLogger(config.LOG_LEVEL);
const app = await createApp(config, logger);
const pending = new Set<Promise<void>>();
process.stdout.write(`${JSON.stringify({ ready: true })}\n`);
for await (const line of createInterface({ input: process.stdin })) {
  if (!line.trim()) continue;
  const { userId, messageId, text } = JSON.parse(line) as { userId: string; messageId: string; text: string };
  const turn = app
    .handleTurn({ platform: 'bench', userId, conversationId: userId, messageId, text })
    .then((reply) => {
      process.stdout.write(`${JSON.stringify({ messageId, replied: Boolean(reply.text) })}\n`);
    })
    .finally(() => pending.delete(turn));
  pending.add(turn);
}
await Promise.all(pending);
await app.close();
