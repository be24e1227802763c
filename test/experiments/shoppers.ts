/**
 * Simulated shoppers for the experiment tests: each one chats for a turn or two under the arms `armsFor` gives, sees
 * items, and reacts (👍, save) with probabilities that depend on the arm parameters it ran under.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { loadConfig } from '../../src/config.ts';
import { mergeArmParams } from '../../src/experiments/assign.ts';
import type { ArmParams } from '../../src/experiments/definitions.ts';
import { createExperiments, type Experiments } from '../../src/experiments/experiments.ts';
import { openSqliteExperimentStore } from '../../src/experiments/store.ts';
import { createHasher } from '../../src/log/crypto.ts';
import type { Clock, Random } from '../../src/types.ts';
import { silentLogger } from '../../src/util/logger.ts';
import { fixedClock } from '../../src/util/random.ts';

export const TEST_KEY = 'test-pseudonym-key-0123456789';
export const START = Date.parse('2026-03-01T00:00:00Z');

const hasher = createHasher(Buffer.from(TEST_KEY, 'utf8'));

/** The pseudonym the conversation log gives a platform user id under `TEST_KEY`. */
export const pseudonymOf = (rawUserId: string): string => hasher.user(rawUserId);

/** Per-turn probabilities of a shopper's reactions under the given arm parameters. */
export type Behaviour = (params: ArmParams) => { positive: number; save: number };

/** Writes an experiments config file into a fresh temporary directory and returns its path. */
export function writeExperimentsFile(document: unknown): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'fa-experiments-'));
  const file = path.join(dir, 'experiments.json');
  writeFileSync(file, JSON.stringify(document));
  return file;
}

/** A two-arm experiment document. */
export function twoArmDocument(name: string, a: ArmParams, b: ArmParams, weights: [number, number] = [1, 1]) {
  return {
    minUsersPerArm: 50,
    experiments: [
      {
        name,
        start: '2026-01-01T00:00:00Z',
        primaryMetric: 'positive',
        arms: [
          { name: 'a', weight: weights[0], params: a },
          { name: 'b', weight: weights[1], params: b },
        ],
      },
    ],
  };
}

/** An experiments service over the config file, a private in-memory SQLite store and a test clock. */
export async function inMemoryExperiments(file: string, clock: Clock = fixedClock(START)): Promise<Experiments> {
  const config = loadConfig({ FASHION_EXPERIMENTS: file, PSEUDONYM_KEY: TEST_KEY, FASHION_HOME: path.dirname(file) });
  return createExperiments({ config, logger: silentLogger, clock, store: await openSqliteExperimentStore(':memory:') });
}

/**
 * Runs `users` shoppers through the API, one after the other, 1–2 turns each, three items shown per turn.
 * @returns the number of exposures recorded
 */
export async function simulateShoppers(
  experiments: Experiments,
  options: {
    users: number;
    prefix: string;
    random: Random;
    clock: Clock & { advance(ms: number): void };
    behaviour: Behaviour;
  },
): Promise<number> {
  const { random, clock } = options;
  let exposures = 0;
  for (let i = 0; i < options.users; i++) {
    const pseudonym = pseudonymOf(`${options.prefix}:${i}`);
    const turns = 1 + Math.floor(random.next() * 2);
    for (let t = 0; t < turns; t++) {
      const assignments = experiments.armsFor(pseudonym);
      const odds = options.behaviour(mergeArmParams(assignments));
      const itemIds = [0, 1, 2].map((k) => `demo:item-${(i * 7 + t * 3 + k) % 50}`);
      const at = clock.now();
      await experiments.recordExposure({ pseudonym, turnId: `${options.prefix}:${i}:${t}`, at, assignments, itemIds });
      exposures += assignments.length;
      clock.advance(60_000);
      if (random.next() < odds.positive) {
        await experiments.recordOutcome({ pseudonym, at: clock.now(), type: 'positive', itemId: itemIds[0] });
      }
      if (random.next() < odds.save) {
        await experiments.recordOutcome({ pseudonym, at: clock.now(), type: 'save', itemId: itemIds[1] });
      }
      clock.advance(60_000);
    }
    clock.advance(3_600_000);
  }
  return exposures;
}
