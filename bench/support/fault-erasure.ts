/**
 * Erasure scenarios of `bench faults` (issue 16): shoppers talk to a bot instance in shared-state mode (Redis,
 * PostgreSQL, experiments on), a server is cut off, and half of them say "forget me" — while Redis is down, while
 * PostgreSQL is down, or just as PostgreSQL comes back and the instance writes its spool back. Once the servers are
 * back and the instance has stopped, nothing of an erased shopper may remain anywhere: log turns (PostgreSQL), Redis
 * keys, experiment rows, spooled or journaled turns, unfinished erasures, and no trace (user id, pseudonym, a marker
 * word they sent) in the raw bytes of any file in the instance's data home (SQLite free pages included; no VACUUM).
 * Each "forget me" reply must say what it did: which stores are erased and which wait for a server that is down.
 * The other shoppers must lose nothing (turns, "I hate <colour>" updates).
 */
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { createClient } from '@keyv/redis';
import { describeTargets } from '../../src/engine/erasure.ts';
import { createHasher, createTextCipher } from '../../src/log/crypto.ts';
import { leftoverJournals } from '../../src/log/journal.ts';
import { loadLogKeys } from '../../src/log/keys.ts';
import type { ErasureTarget } from '../../src/privacy/erasure-ledger.ts';
import { openStateStore } from '../../src/store/index.ts';
import type { Logger, TurnRecord } from '../../src/types.ts';
import { silentLogger } from '../../src/util/logger.ts';
import { startFaultBot, type TurnAnswer } from './fault-bot.ts';
import { type Infra, type InfraPlan, openInfra, TEST_REDIS_URL } from './fault-infra.ts';
import { type ErasureReport, type FaultReport, faultTurnText } from './fault-report.ts';
import { LIST_SIZE_EXPERIMENT } from './list-size-experiment.ts';

type Down = 'redis' | 'pg';
const TARGETS_ON: Record<Down, ErasureTarget[]> = { redis: ['profile'], pg: ['log', 'experiments'] };
const ALL: ErasureTarget[] = ['profile', 'log', 'experiments'];

const EXPERIMENTS = { experiments: [LIST_SIZE_EXPERIMENT] };

/** A user id that no other user id contains (so that a byte search for it finds only that user). */
const userIdOf = (infra: Infra, u: number) => `bench:erase:${infra.runId}:u${u}x`;
/** A word only user u sends. */
const markerOf = (infra: Infra, u: number) => `zqmark${u}x${infra.runId}`;
const erasedUser = (u: number) => u % 2 === 0;

/**
 * Whether a "forget me" reply tells the truth: with servers known to be down, it names exactly their stores as
 * waiting and the others as erased; when it is not known (a server just back), any honest erasure reply will do —
 * what it claims is checked by the audit afterwards.
 */
function truthful(answer: TurnAnswer | undefined, down: Down | undefined, known: boolean): boolean {
  const text = answer?.text ?? '';
  const waiting = down ? TARGETS_ON[down] : [];
  const erased = ALL.filter((t) => !waiting.includes(t));
  const claimsAll = /^Done\. I've erased your profile/.test(text);
  const names = (targets: ErasureTarget[]) => targets.length === 0 || text.includes(describeTargets(targets, 'en'));
  if (!known) return claimsAll || (/can't reach/.test(text) && !/safe/.test(text));
  if (waiting.length === 0) return claimsAll;
  return !claimsAll && /can't reach/.test(text) && names(waiting) && names(erased);
}

/** How the scenario times its outage and the "forget me" turns. */
interface ErasurePlan {
  plan: InfraPlan;
  down: Down;
  /** `outage`: "forget me" while the server is down; `write-back`: right as it comes back. */
  forget: 'outage' | 'write-back';
}

/** A sent turn and the bot's answer. */
interface SentTurn {
  u: number;
  messageId: string;
  text: string;
  answer?: TurnAnswer;
}

async function runErasureScenario(
  name: string,
  { plan, down, forget }: ErasurePlan,
  logger: Logger,
  users: number,
  turns: number,
): Promise<FaultReport & { erasure: ErasureReport }> {
  const started = Date.now();
  const infra = await openInfra(plan);
  try {
    const home = infra.home();
    const experiments = path.join(home, 'experiments.json');
    writeFileSync(experiments, JSON.stringify(EXPERIMENTS));
    const bot = startFaultBot({ ...infra.botEnv, FASHION_HOME: home, FASHION_EXPERIMENTS: experiments });
    const shoppers = new Shoppers(bot, infra, users);
    let outcome: { untruthful: number; pendingWrong: number; backAt: number };
    try {
      await bot.ready();
      const half = Math.ceil(turns / 2);
      await shoppers.talk(0, half);
      await infra[down].cut();
      await shoppers.talk(half, turns);
      outcome =
        forget === 'outage'
          ? await forgetDuringOutage(infra, down, shoppers)
          : await forgetAtWriteBack(infra, down, shoppers);
      await waitUntilErased(infra, users);
    } finally {
      await bot.stop();
    }
    const secondsToErase = (Date.now() - outcome.backAt) / 1000;
    const { sent } = shoppers;
    const audit = { ...(await leftOnDisk(infra, home, users)), ...(await keptForOthers(infra, users, sent, logger)) };
    const erasure: ErasureReport = {
      erased_users: Array.from({ length: users }, (_, u) => u).filter(erasedUser).length,
      replies_untruthful: outcome.untruthful,
      pending_replies_wrong: outcome.pendingWrong,
      ...audit.erasure,
      seconds_to_erase: Math.round(secondsToErase * 10) / 10,
    };
    return {
      scenario: name,
      ...audit.kept,
      turns: sent.length,
      replied: sent.filter((s) => s.answer?.replied).length,
      resent: 0,
      refinements_checked: 0,
      refinements_failed: 0,
      crashes: bot.restarts,
      seconds: (Date.now() - started) / 1000,
      erasure,
    };
  } finally {
    await infra.close();
  }
}

/** The scenario's shoppers: each says its lines in order, and every turn is kept with its answer. */
class Shoppers {
  readonly sent: SentTurn[] = [];

  constructor(
    private readonly bot: ReturnType<typeof startFaultBot>,
    private readonly infra: Infra,
    private readonly users: number,
  ) {}

  async say(u: number, text: string): Promise<TurnAnswer | undefined> {
    const messageId = `${this.infra.runId}:${u}:${this.sent.length}`;
    const answer = await this.bot.send(userIdOf(this.infra, u), messageId, text);
    this.sent.push({ u, messageId, text, answer });
    return answer;
  }

  /** Turns `from` … `to` - 1 of every shopper, in parallel across shoppers; turn 1 carries the shopper's marker. */
  talk(from: number, to: number): Promise<unknown> {
    return this.everyone(async (u) => {
      for (let m = from; m < to; m++)
        await this.say(
          u,
          m === 1 ? `show me dresses, my secret word is ${markerOf(this.infra, u)}` : faultTurnText(u, m),
        );
    });
  }

  /** "forget me" from every other shopper, with the answers. */
  async forgetAll(): Promise<{ u: number; answer: TurnAnswer | undefined }[]> {
    const answers = await this.everyone(async (u) =>
      erasedUser(u) ? { u, answer: await this.say(u, 'forget me') } : undefined,
    );
    return answers.filter((a) => a !== undefined);
  }

  everyone<T>(turn: (u: number) => Promise<T>): Promise<T[]> {
    return Promise.all(Array.from({ length: this.users }, (_, u) => turn(u)));
  }
}

/**
 * "forget me" while the server is down: every reply must name exactly what waits. With Redis down the profile is not
 * erased yet, so a new turn must wait (and say so), neither saved nor logged.
 */
async function forgetDuringOutage(infra: Infra, down: Down, shoppers: Shoppers) {
  let untruthful = 0;
  let pendingWrong = 0;
  for (const entry of await shoppers.forgetAll()) if (!truthful(entry.answer, down, true)) untruthful++;
  if (down === 'redis') {
    const meanwhile = await shoppers.everyone((u) =>
      erasedUser(u) ? shoppers.say(u, 'show me dresses') : Promise.resolve(undefined),
    );
    pendingWrong = meanwhile.filter((a) => a && !/still erasing/.test(a.text ?? '')).length;
  }
  await infra[down].restore();
  return { untruthful, pendingWrong, backAt: Date.now() };
}

/** "forget me" from half the shoppers as the server comes back, while the others' turns make the spool write back. */
async function forgetAtWriteBack(infra: Infra, down: Down, shoppers: Shoppers) {
  await infra[down].restore();
  const backAt = Date.now();
  const [forgotten] = await Promise.all([
    shoppers.forgetAll(),
    shoppers.everyone((u) => (erasedUser(u) ? Promise.resolve(undefined) : shoppers.say(u, 'show me shirts'))),
  ]);
  const untruthful = forgotten.filter((entry) => !truthful(entry.answer, undefined, false)).length;
  return { untruthful, pendingWrong: 0, backAt };
}

/** Waits (at most 30 s) until no erased shopper has Redis keys, log turns or experiment rows left. */
async function waitUntilErased(infra: Infra, users: number): Promise<void> {
  const deadline = Date.now() + 30_000;
  while (Date.now() < deadline) {
    const left = await leftInServers(infra, users);
    if (left.log + left.redis + left.experiments === 0) return;
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
}

/** The run's log keys (every instance of the run gets them from the environment). */
const keysOf = (infra: Infra) =>
  loadLogKeys(
    {
      home: infra.home(),
      LOG_ENCRYPTION_KEY: infra.botEnv.LOG_ENCRYPTION_KEY,
      PSEUDONYM_KEY: infra.botEnv.PSEUDONYM_KEY,
    },
    silentLogger,
  );

/** What the servers (reached directly, not through the cuttable proxies) still hold of the erased shoppers. */
async function leftInServers(infra: Infra, users: number) {
  const hasher = createHasher(keysOf(infra).pseudonym);
  const erased = Array.from({ length: users }, (_, u) => u).filter(erasedUser);
  const pseudonyms = erased.map((u) => hasher.user(userIdOf(infra, u)));
  /** Rows of the erased shoppers in a table (none when the table was never created: experiments open lazily). */
  const count = async (table: string, column: string) => {
    const { rows } = await infra.sql.query('SELECT to_regclass($1) AS t', [`${infra.schema}.${table}`]);
    if (rows[0].t === null) return 0;
    const sql = `SELECT count(*)::int AS n FROM ${infra.schema}.${table} WHERE ${column} = ANY($1)`;
    return Number((await infra.sql.query(sql, [pseudonyms])).rows[0].n);
  };
  const log = await count('turns', 'user_key');
  const experiments =
    (await count('experiment_exposures', 'pseudonym')) + (await count('experiment_outcomes', 'pseudonym'));
  const client = createClient({ url: TEST_REDIS_URL, socket: { connectTimeout: 2000, reconnectStrategy: false } });
  client.on('error', () => undefined);
  let redis = 0;
  try {
    await client.connect();
    for (const u of erased) {
      for await (const found of client.scanIterator({ MATCH: `*${userIdOf(infra, u)}*`, COUNT: 500 })) {
        redis += found.length;
      }
    }
  } finally {
    client.destroy();
  }
  return { log, experiments, redis };
}

/** What is left of the erased shoppers once the instance has stopped: in the servers and in the data home's files. */
async function leftOnDisk(
  infra: Infra,
  home: string,
  users: number,
): Promise<{
  erasure: Omit<ErasureReport, 'erased_users' | 'replies_untruthful' | 'pending_replies_wrong' | 'seconds_to_erase'>;
}> {
  const keys = keysOf(infra);
  const cipher = createTextCipher(keys.encryption);
  const hasher = createHasher(keys.pseudonym);
  const servers = await leftInServers(infra, users);
  const erased = Array.from({ length: users }, (_, u) => u).filter(erasedUser);
  const erasedIds = new Set(erased.map((u) => userIdOf(infra, u)));
  const ofErased = (records: TurnRecord[]) => records.filter((r) => erasedIds.has(r.userId)).length;

  const spoolFile = path.join(home, 'log-spool.jsonl');
  const spooled = existsSync(spoolFile)
    ? readFileSync(spoolFile, 'utf8')
        .split('\n')
        .filter(Boolean)
        .map((line) => JSON.parse(cipher.decrypt(Buffer.from(line, 'base64'))) as TurnRecord)
    : [];
  const journaled = leftoverJournals(home, cipher).flatMap((journal) => journal.records);
  const ledgerFile = path.join(home, 'erasures-pending.jsonl');
  const pending = existsSync(ledgerFile) ? readFileSync(ledgerFile, 'utf8').split('\n').filter(Boolean).length : 0;

  const traces = erased
    .flatMap((u) => [userIdOf(infra, u), hasher.user(userIdOf(infra, u)), markerOf(infra, u)])
    .map((marker) => Buffer.from(marker));
  // Every file under the home, snapshots and caches in subdirectories included.
  const files = readdirSync(home, { withFileTypes: true, recursive: true })
    .filter((entry) => entry.isFile())
    .map((entry) => path.relative(home, path.join(entry.parentPath, entry.name)));
  const filesWithTraces = files.filter((name) => {
    const bytes = readFileSync(path.join(home, name));
    return traces.some((trace) => bytes.includes(trace));
  });
  return {
    erasure: {
      log_turns_left: servers.log,
      spool_turns_left: ofErased(spooled),
      journal_turns_left: ofErased(journaled),
      redis_keys_left: servers.redis,
      experiment_rows_left: servers.experiments,
      erasures_pending: pending,
      files_with_traces: filesWithTraces,
    },
  };
}

/** The shoppers who did not ask lose nothing: every replied turn logged once, every "I hate <color>" in their profile. */
async function keptForOthers(infra: Infra, users: number, sent: readonly SentTurn[], logger: Logger) {
  const hasher = createHasher(keysOf(infra).pseudonym);
  const logged = new Set(
    (
      await infra.sql.query<{ message_id: string }>(
        `SELECT message_id FROM ${infra.schema}.turns WHERE message_id IS NOT NULL`,
      )
    ).rows.map((r) => r.message_id),
  );
  const { rows } = await infra.sql.query<{ n: string }>(
    `SELECT coalesce(sum(n - 1), 0) AS n FROM (SELECT count(*) AS n FROM ${infra.schema}.turns
     GROUP BY conversation_id, message_id HAVING count(*) > 1) d`,
  );
  const kept = sent.filter((s) => !erasedUser(s.u) && s.answer?.replied);
  const store = await openStateStore(infra.auditConfig(), logger);
  let profileLost = 0;
  try {
    for (let u = 0; u < users; u++) {
      if (erasedUser(u)) continue;
      const { profile } = await store.load(userIdOf(infra, u));
      for (const s of kept.filter((k) => k.u === u)) {
        const color = /^I hate (\w+)$/.exec(s.text)?.[1];
        if (color && !profile.dislikedColors.includes(color)) profileLost++;
      }
    }
  } finally {
    await store.close();
  }
  return {
    kept: {
      lost: kept.filter((s) => !logged.has(hasher.message('bench', s.messageId))).length,
      duplicated: Number(rows[0]?.n ?? 0),
      profile_updates_lost: profileLost,
    },
  };
}

/** Where "forget me" meets an outage, by scenario name. */
const ERASURE_PLANS = {
  // The profile waits for Redis; the log and experiment rows go at once.
  'erasure-redis-down': { plan: { redis: 'proxy', pg: 'direct' }, down: 'redis', forget: 'outage' },
  // Turns are spooled; the profile goes at once, the log and experiments wait.
  'erasure-postgres-down': { plan: { redis: 'direct', pg: 'proxy' }, down: 'pg', forget: 'outage' },
  // "forget me" as PostgreSQL comes back and the instance writes its spooled turns back.
  'erasure-during-write-back': { plan: { redis: 'direct', pg: 'proxy' }, down: 'pg', forget: 'write-back' },
} as const satisfies Record<string, ErasurePlan>;

/** The name of an erasure scenario. */
export type ErasureScenarioName = keyof typeof ERASURE_PLANS;

/**
 * Runs one erasure scenario.
 * @example
 * const report = await runNamedErasureScenario('erasure-redis-down', logger, 8, 10);
 */
export const runNamedErasureScenario = (name: ErasureScenarioName, logger: Logger, users: number, turns: number) =>
  runErasureScenario(name, ERASURE_PLANS[name], logger, users, turns);
