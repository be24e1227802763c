/**
 * The bot as a child process for the fault scenarios: reads one JSON turn per line on stdin
 * (`{"userId","messageId","text"}`), answers one line per turn on stdout once it is done —
 * `{"messageId","replied","text","intent","category","budgetMax","items":[{"id","price","articleType"}]}` — and closes cleanly when
 * stdin ends. Configured from the environment like the real bot (REDIS_URL, DATABASE_URL, FASHION_HOME …).
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
      const items = reply.items.map(({ id, price, articleType }) => ({ id, price, articleType }));
      const answer = {
        messageId,
        replied: Boolean(reply.text),
        text: reply.text,
        intent: reply.intent,
        category: reply.slots.category,
        budgetMax: reply.slots.budget_max,
      };
      process.stdout.write(`${JSON.stringify({ ...answer, items })}\n`);
    })
    .finally(() => pending.delete(turn));
  pending.add(turn);
}
await Promise.all(pending);
await app.close();
