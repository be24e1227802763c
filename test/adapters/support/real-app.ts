/** The real bot for end-to-end adapter tests: demo catalogue, a fresh data home, a fixed seed. */
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { type App, createApp } from '../../../src/app.ts';
import { loadConfig } from '../../../src/config.ts';
import { silentLogger } from '../../../src/util/logger.ts';
import { seededRandom } from '../../../src/util/random.ts';

/** Opens the app on a temporary `FASHION_HOME`; `close()` also removes the directory. */
export async function openRealApp(seed = 7): Promise<App> {
  const home = mkdtempSync(path.join(os.tmpdir(), 'fa-adapters-'));
  const config = loadConfig({ ...process.env, FASHION_HOME: home, FASHION_CATALOGS: 'demo', LOG_LEVEL: 'silent' });
  const app = await createApp(config, silentLogger, { random: seededRandom(seed) });
  return {
    ...app,
    async close() {
      await app.close();
      rmSync(home, { recursive: true, force: true });
    },
  };
}

/** Catalogue ids named in a text (the engine writes `[demo:m-shirt-01]`). */
export function idsInText(text: string): string[] {
  return [...text.matchAll(/\[((?:demo|hm|myntra):[^\]\s]+)\]/g)].map((m) => m[1]!);
}
