import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { afterAll, describe, expect, it } from 'vitest';
import {
  type ExperimentStore,
  type ExposureRow,
  openPostgresExperimentStore,
  openSqliteExperimentStore,
} from '../../src/experiments/store.ts';
import { PG_URL, postgresReachable } from '../log/fixtures.ts';

const POSTGRES_URL = PG_URL;
const MINUTE = 60_000;

const hasPostgres = await postgresReachable();
const schemas: string[] = [];

/** A fresh PostgreSQL schema, dropped after the run. */
async function freshSchema(): Promise<string> {
  const schema = `exp_test_${process.pid}_${Date.now().toString(36)}_${schemas.length}`;
  const client = new pg.Client({ connectionString: POSTGRES_URL });
  await client.connect();
  await client.query(`CREATE SCHEMA ${schema}`);
  await client.end();
  schemas.push(schema);
  return schema;
}

afterAll(async () => {
  if (schemas.length === 0) return;
  const client = new pg.Client({ connectionString: POSTGRES_URL });
  await client.connect();
  for (const schema of schemas) await client.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
  await client.end();
});

interface Backend {
  name: string;
  available: boolean;
  /** A place to open stores at; `open` on the same place twice reaches the same data. */
  place(): Promise<string>;
  open(place: string): Promise<ExperimentStore>;
}

const backends: Backend[] = [
  {
    name: 'sqlite',
    available: true,
    place: async () => path.join(mkdtempSync(path.join(tmpdir(), 'fa-exp-store-')), 'experiments.sqlite'),
    open: (file) => openSqliteExperimentStore(file),
  },
  {
    name: 'postgres',
    available: hasPostgres,
    place: freshSchema,
    open: (schema) => openPostgresExperimentStore(POSTGRES_URL, { schema }),
  },
];

const T0 = Date.UTC(2026, 2, 1, 12);

const exposure = (pseudonym: string, turn: number, at: number, itemIds: string[], arm = 'a'): ExposureRow => ({
  pseudonym,
  turnId: `turn-${turn}`,
  at,
  experiment: 'exp',
  arm,
  itemIds,
});

describe.each(backends)('experiment store on $name', (backend) => {
  describe.skipIf(!backend.available)('', () => {
    it('migrates idempotently and keeps the data across a restart', async () => {
      const place = await backend.place();
      const first = await backend.open(place);
      await first.addExposures([exposure('u1', 1, T0, ['hm:1'])]);
      await first.close();
      const second = await backend.open(place);
      expect(await second.userArms()).toEqual([{ experiment: 'exp', arm: 'a', pseudonym: 'u1', exposures: 1 }]);
      await second.close();
    });

    it('ignores a repeated exposure and lists exposed turns newest first within the window', async () => {
      const store = await backend.open(await backend.place());
      await store.addExposures([
        exposure('u1', 1, T0, ['hm:1', 'hm:2']),
        { ...exposure('u1', 1, T0, ['hm:1', 'hm:2']), experiment: 'other' },
      ]);
      await store.addExposures([exposure('u1', 1, T0, ['hm:1', 'hm:2'])]);
      await store.addExposures([exposure('u1', 2, T0 + MINUTE, []), exposure('u1', 3, T0 + 2 * MINUTE, ['hm:3'])]);
      await store.addExposures([exposure('u2', 9, T0 + MINUTE, ['hm:1'])]);
      expect(await store.exposedTurns('u1', T0, T0 + 10 * MINUTE, 10)).toEqual([
        { turnId: 'turn-3', at: T0 + 2 * MINUTE, itemIds: ['hm:3'] },
        { turnId: 'turn-2', at: T0 + MINUTE, itemIds: [] },
        { turnId: 'turn-1', at: T0, itemIds: ['hm:1', 'hm:2'] },
      ]);
      expect(await store.exposedTurns('u1', T0 + 1, T0 + MINUTE, 10)).toEqual([
        { turnId: 'turn-2', at: T0 + MINUTE, itemIds: [] },
      ]);
      expect((await store.exposedTurns('u1', 0, T0 + 10 * MINUTE, 1)).map((t) => t.turnId)).toEqual(['turn-3']);
      const arms = (await store.userArms()).sort((x, y) =>
        `${x.experiment}${x.pseudonym}`.localeCompare(`${y.experiment}${y.pseudonym}`),
      );
      expect(arms).toEqual([
        { experiment: 'exp', arm: 'a', pseudonym: 'u1', exposures: 3 },
        { experiment: 'exp', arm: 'a', pseudonym: 'u2', exposures: 1 },
        { experiment: 'other', arm: 'a', pseudonym: 'u1', exposures: 1 },
      ]);
      await store.close();
    });

    it('reports outcomes through the turn they are attributed to', async () => {
      const store = await backend.open(await backend.place());
      await store.addExposures([exposure('u1', 1, T0, ['hm:1']), exposure('u2', 2, T0, ['hm:1'], 'b')]);
      await store.addOutcome({ pseudonym: 'u1', at: T0 + 1, type: 'positive', itemId: 'hm:1', turnId: 'turn-1' });
      await store.addOutcome({ pseudonym: 'u1', at: T0 + 2, type: 'positive', itemId: 'hm:1', turnId: 'turn-1' });
      await store.addOutcome({ pseudonym: 'u2', at: T0 + 3, type: 'save', turnId: 'turn-2' });
      const outcomes = (await store.userOutcomes()).sort((x, y) => x.pseudonym.localeCompare(y.pseudonym));
      expect(outcomes).toEqual([
        { experiment: 'exp', arm: 'a', pseudonym: 'u1', type: 'positive' },
        { experiment: 'exp', arm: 'b', pseudonym: 'u2', type: 'save' },
      ]);
      await store.close();
    });

    it('finds abandoned exposures: items shown, then silence for the whole window', async () => {
      const store = await backend.open(await backend.place());
      const window = 30 * MINUTE;
      await store.addExposures([
        exposure('left', 1, T0, ['hm:1']), // nothing after: abandoned
        exposure('stayed', 2, T0, ['hm:1']),
        exposure('stayed', 3, T0 + 10 * MINUTE, []), // the next turn came in time, and this one showed nothing
        exposure('reacted', 4, T0, ['hm:1']),
        exposure('late', 5, T0, ['hm:1']),
        exposure('late', 6, T0 + 31 * MINUTE, ['hm:2']), // too late for turn 5; turn 6 is too recent to judge
        exposure('recent', 7, T0 + 45 * MINUTE, ['hm:1']),
      ]);
      await store.addOutcome({ pseudonym: 'reacted', at: T0 + 5 * MINUTE, type: 'positive', turnId: 'turn-4' });
      const abandoned = await store.abandonedUsers(window, T0 + 61 * MINUTE);
      expect(abandoned.map((r) => r.pseudonym).sort()).toEqual(['late', 'left']);
      expect((await store.abandonedUsers(window, T0 + 2 * 60 * MINUTE)).map((r) => r.pseudonym).sort()).toEqual([
        'late',
        'left',
        'recent',
      ]);
      await store.close();
    });

    it('purges rows older than the retention cutoff', async () => {
      const store = await backend.open(await backend.place());
      await store.addExposures([exposure('old', 1, T0 - 10, ['hm:1']), exposure('new', 2, T0, ['hm:1'])]);
      await store.addOutcome({ pseudonym: 'old', at: T0 - 5, type: 'save', turnId: 'turn-1' });
      await store.addOutcome({ pseudonym: 'new', at: T0 + 5, type: 'save', turnId: 'turn-2' });
      expect(await store.purgeBefore(T0)).toEqual({ exposures: 1, outcomes: 1 });
      expect((await store.userArms()).map((r) => r.pseudonym)).toEqual(['new']);
      expect((await store.userOutcomes()).map((r) => r.pseudonym)).toEqual(['new']);
      await store.close();
    });

    it('erases one user entirely and nobody else', async () => {
      const store = await backend.open(await backend.place());
      await store.addExposures([
        exposure('u1', 1, T0, ['hm:1']),
        exposure('u1', 2, T0 + 1, []),
        exposure('u2', 3, T0, []),
      ]);
      await store.addOutcome({ pseudonym: 'u1', at: T0 + 5, type: 'save', turnId: 'turn-1' });
      expect(await store.eraseUser('u1')).toEqual({ exposures: 2, outcomes: 1 });
      expect(await store.eraseUser('u1')).toEqual({ exposures: 0, outcomes: 0 });
      expect(await store.exposedTurns('u1', 0, T0 + 10, 10)).toEqual([]);
      expect((await store.userArms()).map((r) => r.pseudonym)).toEqual(['u2']);
      expect(await store.userOutcomes()).toEqual([]);
      await store.close();
    });
  });
});

describe.skipIf(!hasPostgres)('experiment store on postgres: start-up', () => {
  it('lets several instances migrate the same fresh schema at once', async () => {
    const schema = await freshSchema();
    const stores = await Promise.all([1, 2, 3].map(() => openPostgresExperimentStore(POSTGRES_URL, { schema })));
    await stores[0]!.addExposures([exposure('u1', 1, T0, [])]);
    expect(await stores[2]!.userArms()).toHaveLength(1);
    await Promise.all(stores.map((s) => s.close()));
  });

  it('erases nothing, and creates nothing, where the tables were never made', async () => {
    const schema = await freshSchema();
    const store = await openPostgresExperimentStore(POSTGRES_URL, { schema, migrate: false });
    expect(await store.eraseUser('u1')).toEqual({ exposures: 0, outcomes: 0 });
    await store.close();
    const client = new pg.Client({ connectionString: POSTGRES_URL });
    await client.connect();
    const { rows } = await client.query('SELECT table_name FROM information_schema.tables WHERE table_schema = $1', [
      schema,
    ]);
    await client.end();
    expect(rows).toEqual([]);
  });

  it('fails with a clear error when the database is unreachable', async () => {
    await expect(openPostgresExperimentStore('postgres://postgres@127.0.0.1:1/none')).rejects.toThrow(
      /experiments store: cannot prepare PostgreSQL tables/,
    );
  });
});
