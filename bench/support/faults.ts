/**
 * Fault scenarios for `bench faults` and `test/scale`, all in shared-state mode (profiles, sessions and turn locks in
 * Redis, the log in PostgreSQL — the real servers, isolated per run by `fault-infra.ts`): shoppers keep talking while
 * an instance is killed with SIGKILL, Redis or PostgreSQL restarts, or two instances answer alternate turns of the
 * same conversations. Afterwards the log is read back from PostgreSQL and the profiles from Redis alone, to count
 * turns lost, turns logged twice, "I hate <colour>" updates that did not survive and "cheaper" answers that did not
 * refine what the other instance showed.
 */
import { createHasher } from '../../src/log/crypto.ts';
import { openTurnLog } from '../../src/log/index.ts';
import { loadLogKeys } from '../../src/log/keys.ts';
import { openStateStore } from '../../src/store/index.ts';
import type { Logger } from '../../src/types.ts';
import { type FaultBot, startFaultBot, type TurnAnswer } from './fault-bot.ts';
import { runNamedErasureScenario } from './fault-erasure.ts';
import { type Infra, type InfraPlan, openInfra } from './fault-infra.ts';
import { FAULT_COLORS, type FaultReport, faultTurnText } from './fault-report.ts';
import { telegramWebhookKillScenario } from './fault-telegram.ts';

const LISTS = ['show me dresses', 'show me shirts', 'show me sneakers', 'show me jackets'];

/** One message of a script: which instance gets it, and whether its answer must refine the previous list. */
interface Step {
  instance: number;
  text: string;
  refines?: boolean;
}

/** A user's conversation: steps in order; a group of steps is sent at once (racing turns of one user). */
type Script = (u: number) => (Step | Step[])[];

const oneInstance =
  (turns: number): Script =>
  (u) =>
    Array.from({ length: turns }, (_, m) => ({ instance: 0, text: faultTurnText(u, m) }));

/**
 * Two instances, alternate turns: a list on one, "cheaper" on the other (checked unless told not to), a disliked colour, … then both instances get
 * an "I hate <colour>" of the same user at the same moment (the per-user lock must keep both).
 */
const twoInstances =
  (turns: number, checkRefinements = true): Script =>
  (u) => {
    const steps: (Step | Step[])[] = [];
    for (let m = 0; m < turns; m++) {
      const instance = m % 2;
      const k = Math.floor(m / 3);
      if (m % 3 === 0) steps.push({ instance, text: LISTS[(u + k) % LISTS.length] ?? 'show me dresses' });
      else if (m % 3 === 1) steps.push({ instance, text: 'cheaper', refines: checkRefinements });
      else steps.push({ instance, text: `I hate ${FAULT_COLORS[(u + k) % FAULT_COLORS.length]}` });
    }
    steps.push([
      { instance: 0, text: `I hate ${FAULT_COLORS[(u + 7) % FAULT_COLORS.length]}` },
      { instance: 1, text: `I hate ${FAULT_COLORS[(u + 8) % FAULT_COLORS.length]}` },
    ]);
    return steps;
  };

/** One step as sent, with its answer (undefined: never answered). */
interface Sent {
  u: number;
  messageId: string;
  step: Step;
  attempts: number;
  answer?: TurnAnswer;
  /** The answer of the previous step of this user (for "cheaper"). */
  previous?: TurnAnswer;
}

const ATTEMPTS = 5;

/** Something a scenario does to the bots or servers once a given share of the turns got a reply. */
interface FaultEvent {
  /** Share of the turns replied (0–1) after which it happens. */
  at: number;
  run(): Promise<void>;
}

/**
 * Runs every user's script at once against the bots, running each event once its share of the turns got a reply
 * (in order; any left at the end run then). A turn cut off by an instance's death is sent again with its message id.
 */
async function drive(bots: FaultBot[], infra: Infra, users: number, script: Script, events: FaultEvent[]) {
  const scripts = Array.from({ length: users }, (_, u) => script(u));
  const total = scripts.reduce((n, steps) => n + steps.flat().length, 0);
  const sent: Sent[] = [];
  const due = [...events].sort((a, b) => a.at - b.at);
  let replied = 0;
  let phase: Promise<void> = Promise.resolve();
  const advance = () => {
    for (let event = due[0]; event !== undefined && replied >= event.at * total; event = due[0]) {
      due.shift();
      const run = event.run;
      phase = phase.then(() => run());
    }
  };
  const send = async (u: number, m: number, step: Step, previous?: TurnAnswer) => {
    const messageId = `${infra.runId}:${u}:${m}`;
    let answer: TurnAnswer | undefined;
    let attempts = 0;
    while (attempts < ATTEMPTS && !answer) {
      attempts++;
      const bot = bots[step.instance];
      if (!bot) throw new Error(`fault scenario step names bot ${step.instance}, which was not started`);
      answer = await bot.send(userIdOf(infra, u), messageId, step.text);
    }
    sent.push({ u, messageId, step, attempts, answer, previous });
    if (answer?.replied) replied++;
    advance();
    return answer;
  };
  await Promise.all(bots.map((bot) => bot.ready()));
  await Promise.all(
    scripts.map(async (steps, u) => {
      let m = 0;
      let previous: TurnAnswer | undefined;
      for (const entry of steps) {
        if (Array.isArray(entry)) {
          await Promise.all(entry.map((step) => send(u, m++, step)));
          previous = undefined;
        } else {
          previous = await send(u, m++, entry, previous);
        }
      }
    }),
  );
  await phase;
  for (const event of due) await event.run();
  return sent;
}

const userIdOf = (infra: Infra, u: number) => `bench:fault:${infra.runId}:${u}`;

const median = (values: number[]) =>
  [...values].sort((a, b) => a - b)[Math.floor((values.length - 1) / 2)] ?? Number.NaN;

/**
 * Whether a "cheaper" answer refines the previous answer: the same category, a budget below what that list showed (an
 * instance without the list would have no price to go below), and only items within it — possibly none, when the
 * catalogue has nothing cheaper.
 */
function refined(answer: TurnAnswer | undefined, previous: TurnAnswer | undefined): boolean {
  const prices = previous?.items.map((i) => i.price).filter((p): p is number => p !== undefined) ?? [];
  const budget = answer?.budgetMax;
  if (!answer?.replied || prices.length === 0 || budget === undefined) return false;
  return (
    answer.category !== undefined &&
    answer.category === previous?.category &&
    budget < median(prices) &&
    answer.items.every((i) => i.price !== undefined && i.price <= budget)
  );
}

/** Reads back the log (PostgreSQL) and the profiles (Redis alone) and counts what did not survive. */
async function audit(infra: Infra, sent: Sent[], users: number, logger: Logger) {
  const config = infra.auditConfig();
  const log = await openTurnLog(config, logger, { scheduleRetention: false });
  const store = await openStateStore(config, logger);
  // The log keeps message ids as keyed hashes.
  const hasher = createHasher(loadLogKeys(config, logger).pseudonym);
  try {
    const counts = new Map<string, number>();
    let profileLost = 0;
    for (let u = 0; u < users; u++) {
      for (const turn of await log.exportUser(userIdOf(infra, u))) {
        counts.set(turn.messageId ?? '', (counts.get(turn.messageId ?? '') ?? 0) + 1);
      }
      const { profile } = await store.load(userIdOf(infra, u));
      for (const { step } of sent.filter((s) => s.u === u && s.answer?.replied)) {
        const color = /^I hate (\w+)$/.exec(step.text)?.[1];
        if (color && !profile.dislikedColors.includes(color)) profileLost++;
      }
    }
    // The table itself, not only what the log store returns: no message id twice.
    const { rows } = await infra.sql.query<{ n: string }>(
      `SELECT coalesce(sum(n - 1), 0) AS n FROM (SELECT count(*) AS n FROM ${infra.schema}.turns
       GROUP BY conversation_id, message_id HAVING count(*) > 1) d`,
    );
    let duplicated = 0;
    for (const n of counts.values()) duplicated += Math.max(0, n - 1);
    const replied = sent.filter((s) => s.answer?.replied);
    const checks = sent.filter((s) => s.step.refines);
    return {
      turns: sent.length,
      replied: replied.length,
      resent: sent.reduce((n, s) => n + s.attempts - 1, 0),
      lost: replied.filter((s) => !counts.has(hasher.message('bench', s.messageId))).length,
      duplicated: Math.max(duplicated, Number(rows[0]?.n ?? 0)),
      profile_updates_lost: profileLost,
      refinements_checked: checks.length,
      refinements_failed: checks.filter((s) => !refined(s.answer, s.previous)).length,
    };
  } finally {
    await store.close();
    await log.close();
  }
}

/** What a scenario does during the load; `kills` restarts it causes itself (SIGKILLs), not counted as crashes. */
interface Faults {
  events(bots: FaultBot[], infra: Infra): FaultEvent[];
  kills: number;
}

async function runScenario(
  name: string,
  plan: InfraPlan,
  instances: number,
  script: Script,
  faults: Faults,
  logger: Logger,
  users: number,
): Promise<FaultReport> {
  const started = Date.now();
  const infra = await openInfra(plan);
  try {
    const bots = Array.from({ length: instances }, () =>
      startFaultBot({ ...infra.botEnv, FASHION_HOME: infra.home() }),
    );
    let sent: Sent[];
    try {
      sent = await drive(bots, infra, users, script, faults.events(bots, infra));
      logger.info(`${name}: load done, stopping the bots`, { replied: sent.filter((s) => s.answer?.replied).length });
    } finally {
      await Promise.all(bots.map((bot) => bot.stop()));
    }
    const result = await audit(infra, sent, users, logger);
    const crashes = bots.reduce((n, bot) => n + bot.restarts, 0) - faults.kills;
    return { scenario: name, ...result, crashes, seconds: (Date.now() - started) / 1000 };
  } finally {
    await infra.close();
  }
}

/** A server taken away at one third of the load and given back at two thirds. */
const outage = (server: 'redis' | 'pg'): Faults => ({
  events: (_, infra) => [
    { at: 1 / 3, run: () => infra[server].cut() },
    { at: 2 / 3, run: () => infra[server].restore() },
  ],
  kills: 0,
});

/** Kills a scenario's bot; a scenario naming a bot that was never started is a bug in the scenario. */
async function kill(bot: FaultBot | undefined): Promise<void> {
  if (!bot) throw new Error('fault scenario kills a bot that was not started');
  await bot.kill();
}

/** A scenario: `(logger, users, turns per user)` → report. */
export type Scenario = (logger: Logger, users: number, turns: number) => Promise<FaultReport>;

/** An instance killed with SIGKILL a third of the way through (turns in flight), restarted at once by its supervisor. */
export const killScenario: Scenario = (logger, users, turns) =>
  runScenario(
    'kill-9',
    { redis: 'direct', pg: 'direct' },
    1,
    oneInstance(turns),
    { events: ([bot]) => [{ at: 1 / 3, run: () => kill(bot) }], kills: 1 },
    logger,
    users,
  );

/**
 * Redis and PostgreSQL both cut at a quarter of the load, the instance killed with SIGKILL at half (its newest states
 * only in its local cache, turns only in its spool), both servers back at three quarters: the restarted instance
 * must hand everything back.
 */
export const killDuringOutageScenario: Scenario = (logger, users, turns) =>
  runScenario(
    'kill-9-during-outage',
    { redis: 'proxy', pg: 'proxy' },
    1,
    oneInstance(turns),
    {
      events: ([bot], infra) => [
        { at: 1 / 4, run: () => Promise.all([infra.redis.cut(), infra.pg.cut()]).then(() => undefined) },
        { at: 1 / 2, run: () => kill(bot) },
        { at: 3 / 4, run: () => Promise.all([infra.redis.restore(), infra.pg.restore()]).then(() => undefined) },
      ],
      kills: 1,
    },
    logger,
    users,
  );

/** The connection to the real Redis cut (every connection dropped, new ones refused) at one third, back at two. */
export const redisRestartScenario: Scenario = (logger, users, turns) =>
  runScenario('redis-restart', { redis: 'proxy', pg: 'direct' }, 1, oneInstance(turns), outage('redis'), logger, users);

/**
 * A private redis-server without persistence killed at one third and started again, empty, at two thirds. Every
 * shopper talks during the outage, so every profile is in some cache's copy-back list; the profile of a user silent
 * throughout the outage would be gone (run Redis with persistence).
 */
export const redisEmptyRestartScenario: Scenario = (logger, users, turns) =>
  runScenario(
    'redis-restart-empty',
    { redis: 'private', pg: 'direct' },
    1,
    oneInstance(turns),
    outage('redis'),
    logger,
    users,
  );

/** The connection to PostgreSQL cut at one third (turns are spooled), back at two thirds. */
export const postgresRestartScenario: Scenario = (logger, users, turns) =>
  runScenario('postgres-restart', { redis: 'direct', pg: 'proxy' }, 1, oneInstance(turns), outage('pg'), logger, users);

/** Two instances sharing Redis and PostgreSQL answer alternate turns of the same conversations, then race. */
export const twoInstancesScenario: Scenario = (logger, users, turns) =>
  runScenario(
    'two-instances',
    { redis: 'direct', pg: 'direct' },
    2,
    twoInstances(turns),
    { events: () => [], kills: 0 },
    logger,
    users,
  );

/**
 * Two instances answering alternate turns while Redis is cut off (one third to two thirds): each serves from its own
 * cache meanwhile, then copies its changes back merged, so no profile update of either is lost. Conversation context
 * ("cheaper" after the other instance's list) does not cross instances while Redis is away: not checked here.
 */
export const twoInstancesOutageScenario: Scenario = (logger, users, turns) =>
  runScenario(
    'two-instances-redis-restart',
    { redis: 'proxy', pg: 'direct' },
    2,
    twoInstances(turns, false),
    outage('redis'),
    logger,
    users,
  );

/** Every scenario by name, for `bench faults --scenario`. */
export const SCENARIOS: Record<string, Scenario> = {
  'kill-9': killScenario,
  'kill-9-during-outage': killDuringOutageScenario,
  'redis-restart': redisRestartScenario,
  'redis-restart-empty': redisEmptyRestartScenario,
  'postgres-restart': postgresRestartScenario,
  'two-instances': twoInstancesScenario,
  'two-instances-redis-restart': twoInstancesOutageScenario,
  'telegram-webhook-kill-9': telegramWebhookKillScenario,
  'erasure-redis-down': (logger, users, turns) => runNamedErasureScenario('erasure-redis-down', logger, users, turns),
  'erasure-postgres-down': (logger, users, turns) =>
    runNamedErasureScenario('erasure-postgres-down', logger, users, turns),
  'erasure-during-write-back': (logger, users, turns) =>
    runNamedErasureScenario('erasure-during-write-back', logger, users, turns),
};
