/**
 * A supervised bot instance for the fault scenarios: `turn-worker.ts` in a child process with its own data home,
 * started again whenever it dies. `send` resolves with the turn's answer, `undefined` when the process died first
 * (the caller sends the turn again, with the same message id), or a `replied: false` answer when the bot did not
 * answer within `TURN_DEADLINE_MS` (a hung turn counts as unanswered instead of hanging the scenario).
 */
import { type ChildProcessByStdio, spawn } from 'node:child_process';
import { once } from 'node:events';
import { createInterface } from 'node:readline';
import type { Readable, Writable } from 'node:stream';
import { fileURLToPath } from 'node:url';

/** What the worker says about one answered turn. */
export interface TurnAnswer {
  messageId: string;
  replied: boolean;
  /** The reply's text (the erasure scenarios check what it claims). */
  text?: string;
  intent?: string;
  /** The request's category slot and budget as the reply states them. */
  category?: string;
  budgetMax?: number;
  items: { id: string; price?: number; articleType: string }[];
}

const WORKER = fileURLToPath(new URL('./turn-worker.ts', import.meta.url));

/** How long one turn may take before it counts as unanswered. */
export const TURN_DEADLINE_MS = 20_000;

/** How long a stopping bot may take to answer what it has and close before it is killed. */
const STOP_GRACE_MS = 15_000;

export interface FaultBot {
  /** Times the process died (SIGKILLs by the scenario included) and was started again. */
  readonly restarts: number;
  ready(): Promise<void>;
  send(userId: string, messageId: string, text: string): Promise<TurnAnswer | undefined>;
  /** SIGKILL, like `kill -9`; the supervisor starts the bot again at once. */
  kill(): void;
  /** Ends stdin (the bot answers what it has and closes), SIGKILL after a grace period. */
  stop(): Promise<void>;
}

/**
 * @example
 * const bot = startFaultBot({ ...infra.botEnv, FASHION_HOME: infra.home() });
 * const answer = await bot.send('bench:fault:x:0', 'x:0:0', 'show me dresses');
 */
export function startFaultBot(env: Record<string, string>): FaultBot {
  let child: ChildProcessByStdio<Writable, Readable, null> | undefined;
  let ready: Promise<void> = Promise.resolve();
  let waiting = new Map<string, (answer: TurnAnswer | undefined) => void>();
  let restarts = 0;
  let stopping = false;
  const start = () => {
    const proc = spawn(process.execPath, ['--import', 'tsx', WORKER], {
      env: { ...process.env, LOG_LEVEL: process.env.LOG_LEVEL ?? 'warn', ...env },
      stdio: ['pipe', 'pipe', 'inherit'],
    });
    child = proc;
    const mine = waiting;
    ready = new Promise((resolve, reject) => {
      proc.once('exit', (code) => reject(new Error(`the bot exited before it was ready (code ${code})`)));
      createInterface({ input: proc.stdout }).on('line', (line) => {
        const message = JSON.parse(line) as Partial<TurnAnswer> & { ready?: boolean };
        if (message.ready) resolve();
        else if (message.messageId !== undefined) mine.get(message.messageId)?.(message as TurnAnswer);
      });
    });
    ready.catch(() => undefined);
    proc.once('exit', () => {
      // Every turn in flight is unanswered; the supervisor starts the bot again.
      for (const answer of mine.values()) answer(undefined);
      mine.clear();
      if (stopping) return;
      restarts++;
      waiting = new Map();
      start();
    });
  };
  start();
  return {
    get restarts() {
      return restarts;
    },
    ready: () => ready,
    async send(userId, messageId, text) {
      // A bot that died while starting is being started again: this turn counts as unanswered, the caller resends.
      if (
        !(await ready.then(
          () => true,
          () => false,
        ))
      )
        return undefined;
      // `start` ran before this object was returned, so there is always a current process
      const proc = child;
      if (!proc) throw new Error('the fault bot was never started');
      const map = waiting;
      let timer: NodeJS.Timeout | undefined;
      const answered = new Promise<TurnAnswer | undefined>((resolve) => {
        map.set(messageId, resolve);
        timer = setTimeout(() => resolve({ messageId, replied: false, items: [] }), TURN_DEADLINE_MS);
      });
      proc.stdin.write(`${JSON.stringify({ userId, messageId, text })}\n`);
      const answer = await answered;
      clearTimeout(timer);
      map.delete(messageId);
      return answer;
    },
    kill: () => child?.kill('SIGKILL'),
    async stop() {
      stopping = true;
      if (!child || child.exitCode !== null) return;
      const exited = once(child, 'exit');
      child.stdin.end();
      const timer = setTimeout(() => child?.kill('SIGKILL'), STOP_GRACE_MS);
      await exited;
      clearTimeout(timer);
    },
  };
}
