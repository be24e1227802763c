/**
 * A/B experiments for the engine: arm assignment, exposure and outcome logging, erasure and the report.
 * Off unless `FASHION_EXPERIMENTS` names a config file; when off, nothing is assigned or recorded, but `eraseUser`
 * still removes whatever an earlier run stored.
 */
import { existsSync } from 'node:fs';
import path from 'node:path';
import type { Config } from '../config.ts';
import { loadLogKeys } from '../log/keys.ts';
import type { Clock, Logger } from '../types.ts';
import { type Assignment, assignArms } from './assign.ts';
import { type ExperimentsConfig, loadExperimentsConfig, OUTCOME_TYPES, type OutcomeType } from './definitions.ts';
import { buildReport, type ExperimentsReport, emptyReport } from './report.ts';
import { type ExperimentStore, openPostgresExperimentStore, openSqliteExperimentStore } from './store.ts';

/** How many recent turns an item outcome is matched against. */
const ITEM_LOOKBACK_TURNS = 1000;

/** What the engine records after each turn. */
export interface ExposureInput {
  pseudonym: string;
  turnId: string;
  /** Epoch ms of the turn. */
  at: number;
  /** What `armsFor` returned for this turn. */
  assignments: readonly Assignment[];
  /** Items (and outfit pieces) the reply showed, in display order. */
  itemIds: readonly string[];
}

/** An outcome event: a button press, a save, a follow-up question on an item, an explicit abandonment. */
export interface OutcomeInput {
  pseudonym: string;
  at: number;
  type: OutcomeType;
  itemId?: string;
}

/** The experiments service the engine holds. */
export interface Experiments {
  /** False when `FASHION_EXPERIMENTS` is unset. */
  readonly enabled: boolean;
  /** The arms of every experiment running now for this user (empty when off). */
  armsFor(pseudonym: string): Assignment[];
  /** Records the arms a turn ran under. Never throws: a storage failure is logged and the turn goes on. */
  recordExposure(exposure: ExposureInput): Promise<void>;
  /**
   * Attributes an outcome to the user's most recent exposure that showed `itemId` (within `itemAttributionDays`),
   * or, without an item id or when no exposure showed it, to the last exposure within `attributionWindowMinutes`.
   * Resolves to the turn id it was attributed to; an outcome with no such exposure is not stored (undefined).
   * Never throws (failures are logged).
   */
  recordOutcome(outcome: OutcomeInput): Promise<string | undefined>;
  /**
   * Deletes the user's exposures and outcomes (`/forget`; recorded at or before `until` when given), also when
   * experiments are off. Throws on failure.
   */
  eraseUser(pseudonym: string, until?: number): Promise<{ exposures: number; outcomes: number }>;
  report(): Promise<ExperimentsReport>;
  /** Closes the database (an injected store too). */
  close(): Promise<void>;
}

/** Dependencies of `createExperiments`. */
export interface ExperimentsDependencies {
  config: Config;
  logger: Logger;
  clock: Clock;
  /** A store to use instead of the one the config names (opened lazily otherwise). */
  store?: ExperimentStore;
}

/**
 * Creates the experiments service. Reads and validates the config file at once (throws `ExperimentConfigError`
 * naming the bad field); the database is opened on first use.
 * @example
 * const experiments = createExperiments({ config, logger, clock: systemClock });
 * const pseudonym = createHasher(loadLogKeys(config, logger).pseudonym).user(message.userId);
 * const assignments = experiments.armsFor(pseudonym);
 * const params = mergeArmParams(assignments); // { trendBoost: 0.5, suggestions: 3 }
 * // … run the turn with params …
 * await experiments.recordExposure({ pseudonym, turnId, at, assignments, itemIds: reply.items.map((i) => i.id) });
 */
export function createExperiments({ config, logger, clock, store: injected }: ExperimentsDependencies): Experiments {
  const definitions: ExperimentsConfig | undefined = config.FASHION_EXPERIMENTS
    ? loadExperimentsConfig(config.FASHION_EXPERIMENTS)
    : undefined;
  // The pseudonym key of the conversation log (PSEUDONYM_KEY, else the one generated in <home>/keys.json): instances
  // that agree on pseudonyms agree on arms. Resolved on the first assignment (reports and erasure need no key).
  let key: Buffer | undefined;
  if (definitions) {
    logger.info('experiments on', {
      file: config.FASHION_EXPERIMENTS,
      experiments: definitions.experiments.map((e) => e.name),
    });
  }
  const stores = lazyStore(config, logger, injected, (store) => purgePastRetention(store, config, clock, logger));

  return {
    enabled: definitions !== undefined,

    armsFor(pseudonym) {
      if (!definitions) return [];
      key ??= loadLogKeys(config, logger).pseudonym;
      return assignArms(definitions.experiments, pseudonym, clock.now(), key);
    },

    async recordExposure(exposure) {
      if (!definitions || exposure.assignments.length === 0) return;
      try {
        checkInput(exposure.pseudonym, exposure.at);
        if (typeof exposure.turnId !== 'string' || exposure.turnId.length === 0) throw new Error('empty turn id');
        const store = await stores.open();
        await store.addExposures(exposureRows(exposure));
      } catch (error) {
        logger.error('experiments: exposure not recorded', {
          turnId: exposure.turnId,
          error: (error as Error).message,
        });
      }
    },

    async recordOutcome(outcome) {
      if (!definitions) return undefined;
      try {
        checkInput(outcome.pseudonym, outcome.at);
        if (!OUTCOME_TYPES.includes(outcome.type)) throw new Error(`unknown outcome type "${outcome.type}"`);
        const store = await stores.open();
        const at = Math.round(outcome.at);
        const turnId = await attribute({ ...outcome, at }, store, definitions);
        if (turnId === undefined) return undefined;
        await store.addOutcome({
          pseudonym: outcome.pseudonym,
          at,
          type: outcome.type,
          turnId,
          ...(outcome.itemId === undefined ? {} : { itemId: outcome.itemId }),
        });
        return turnId;
      } catch (error) {
        logger.error('experiments: outcome not recorded', { type: outcome.type, error: (error as Error).message });
        return undefined;
      }
    },

    async eraseUser(pseudonym, until) {
      const store = definitions ? await stores.open() : await stores.openExisting();
      const erased = store ? await store.eraseUser(pseudonym, until) : { exposures: 0, outcomes: 0 };
      logger.info('experiments: user erased', erased);
      return erased;
    },

    async report() {
      if (!definitions) return emptyReport(clock.now());
      return buildReport(await stores.open(), definitions, clock.now());
    },

    close: () => stores.close(),
  };
}

/** Same retention as the conversation log: rows older than LOG_RETENTION_DAYS go when the store opens. */
async function purgePastRetention(store: ExperimentStore, config: Config, clock: Clock, logger: Logger) {
  try {
    const purged = await store.purgeBefore(clock.now() - config.LOG_RETENTION_DAYS * 86_400_000);
    if (purged.exposures + purged.outcomes > 0) logger.info('experiments: purged rows past retention', purged);
  } catch (error) {
    logger.warn('experiments: retention purge failed', { error: (error as Error).message });
  }
}

/**
 * The turn an outcome belongs to: the latest turn that showed its item within the item window, else the latest
 * exposed turn within the attribution window; undefined when none.
 */
async function attribute(outcome: OutcomeInput, store: ExperimentStore, d: ExperimentsConfig) {
  const { itemId } = outcome;
  if (itemId !== undefined) {
    const since = outcome.at - Math.round(d.itemAttributionDays * 86_400_000);
    const turns = await store.exposedTurns(outcome.pseudonym, since, outcome.at, ITEM_LOOKBACK_TURNS);
    const showing = turns.find((turn) => turn.itemIds.includes(itemId));
    if (showing) return showing.turnId;
  }
  const since = outcome.at - Math.round(d.attributionWindowMinutes * 60_000);
  const [last] = await store.exposedTurns(outcome.pseudonym, since, outcome.at, 1);
  return last?.turnId;
}

/** One row per experiment the exposed turn took part in. */
function exposureRows(exposure: Parameters<Experiments['recordExposure']>[0]) {
  return exposure.assignments.map((a) => ({
    pseudonym: exposure.pseudonym,
    turnId: exposure.turnId,
    at: Math.round(exposure.at),
    experiment: a.experiment,
    arm: a.arm,
    itemIds: [...exposure.itemIds],
  }));
}

function checkInput(pseudonym: unknown, at: unknown): void {
  if (typeof pseudonym !== 'string' || pseudonym.length === 0) throw new Error('empty pseudonym');
  if (typeof at !== 'number' || !Number.isFinite(at)) throw new Error(`bad timestamp ${String(at)}`);
}

/**
 * The store the config names (or the injected one), opened on first use and then prepared with `onOpen`;
 * a failed open is retried on the next call.
 */
function lazyStore(
  config: Config,
  logger: Logger,
  injected: ExperimentStore | undefined,
  onOpen: (store: ExperimentStore) => Promise<void>,
) {
  let opening: Promise<ExperimentStore> | undefined;
  const sqliteFile = path.join(config.home, 'experiments.sqlite');
  const onError = (error: Error) => logger.warn('experiments: database connection lost', { error: error.message });
  const open = (migrate: boolean) =>
    injected
      ? Promise.resolve(injected)
      : config.DATABASE_URL
        ? openPostgresExperimentStore(config.DATABASE_URL, { onError, migrate })
        : openSqliteExperimentStore(sqliteFile);
  return {
    open(): Promise<ExperimentStore> {
      opening ??= open(true)
        .then(async (store) => {
          await onOpen(store);
          return store;
        })
        .catch((error) => {
          opening = undefined;
          throw error;
        });
      return opening;
    },
    /** For erasure while experiments are off: the store only if an earlier run created it. */
    async openExisting(): Promise<ExperimentStore | undefined> {
      if (opening) return opening;
      if (!injected && !config.DATABASE_URL && !existsSync(sqliteFile)) return undefined;
      opening = open(false).catch((error) => {
        opening = undefined;
        throw error;
      });
      return opening;
    },
    async close(): Promise<void> {
      const pending = opening;
      opening = undefined;
      if (pending) await (await pending.catch(() => undefined))?.close();
    },
  };
}
