import { defineConfig } from 'vitest/config';

/**
 * Three projects, so that a developer runs the fast part in seconds (`npx vitest run --project unit`):
 * - unit: the parser, the engine and its transcripts, catalogue, outfits, models — in-process, no services;
 * - integration: real SQLite, PostgreSQL, Redis, HTTP servers, child processes, the platforms over loopback, Chromium;
 * - scale: many users, several instances, killed processes.
 * `npm test` runs all three.
 */
const INTEGRATION = ['adapters', 'cli', 'log', 'store', 'resilience', 'review', 'experiments', 'privacy'];

export default defineConfig({
  test: {
    testTimeout: 60_000,
    hookTimeout: 120_000,
    pool: 'forks',
    maxWorkers: 2,
    projects: [
      {
        extends: true,
        test: {
          name: 'unit',
          include: ['test/**/*.test.ts'],
          exclude: ['test/scale/**', ...INTEGRATION.map((dir) => `test/${dir}/**`)],
          typecheck: { enabled: true, include: ['test/**/*.test-d.ts'] },
        },
      },
      { extends: true, test: { name: 'integration', include: INTEGRATION.map((dir) => `test/${dir}/**/*.test.ts`) } },
      { extends: true, test: { name: 'scale', include: ['test/scale/**/*.test.ts'] } },
    ],
  },
});
