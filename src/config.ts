/**
 * Configuration: one zod schema over the environment (DESIGN §9), with defaults.
 * A bad value stops start-up with a message naming the variable and what is expected.
 */
import { existsSync } from 'node:fs';
import { isIP } from 'node:net';
import path from 'node:path';
import { z } from 'zod';

const optionalUrl = (protocols: string[]) =>
  z
    .string()
    .url()
    .refine((v) => protocols.some((p) => v.startsWith(`${p}:`)), {
      message: `expected a URL starting with ${protocols.map((p) => `${p}://`).join(' or ')}`,
    })
    .optional();

const port = z.coerce.number().int().min(1).max(65535);

/** Discord allows a bot far fewer shards than this; a larger count is a typing mistake. */
const MAX_SHARDS = 4096;

/**
 * Parses `DISCORD_SHARDS`: shard ids (a list and ranges) of a shard count, e.g. `0-1/4` or `2,3/4`; a message when bad.
 * @example
 * parseShards('0,2-3/4') // { ids: [0, 2, 3], count: 4 }
 */
export function parseShards(value: string): { ids: number[]; count: number } | string {
  const usage = 'expected shard ids of a shard count, like 0/2, 0-1/4 or 2,3/4';
  const match = /^\s*([\d,\s-]+)\/\s*(\d+)\s*$/.exec(value);
  if (!match) return usage;
  const count = Number(match[2]);
  if (count < 1 || count > MAX_SHARDS) return `the shard count must be between 1 and ${MAX_SHARDS}`;
  const ids = new Set<number>();
  for (const part of (match[1] ?? '').split(',')) {
    const range = /^\s*(\d+)\s*(?:-\s*(\d+)\s*)?$/.exec(part);
    if (!range) return usage;
    const first = Number(range[1]);
    const last = Number(range[2] ?? range[1]);
    if (last < first) return `shard range ${part.trim()} runs backwards`;
    if (last >= count) return `shard ${last} does not exist: ids go from 0 to ${count - 1}`;
    for (let id = first; id <= last; id++) ids.add(id);
  }
  return { ids: [...ids].sort((a, b) => a - b), count };
}

const PROXY_RANGES = new Set(['loopback', 'linklocal', 'uniquelocal']);

/**
 * Parses `REVIEW_TRUST_PROXY`: `true`/`false`, or the proxies to trust (addresses, CIDR ranges, named ranges); a
 * message when bad. `false` means none.
 * @example
 * parseTrustProxy('127.0.0.1, 10.0.0.0/8') // ['127.0.0.1', '10.0.0.0/8']
 */
export function parseTrustProxy(value: string): boolean | string[] | string {
  const text = value.trim().toLowerCase();
  if (text === 'true' || text === '1') return true;
  if (text === 'false' || text === '0') return false;
  const entries = text.split(',').map((entry) => entry.trim());
  for (const entry of entries) {
    const [address = '', bits, extra] = entry.split('/');
    const family = isIP(address);
    const maxBits = family === 4 ? 32 : 128;
    const goodBits = bits === undefined || (/^\d{1,3}$/.test(bits) && Number(bits) <= maxBits);
    if (PROXY_RANGES.has(entry) || (family !== 0 && goodBits && extra === undefined)) continue;
    return `expected true, false, or a comma list of proxy addresses, CIDR ranges (10.0.0.0/8) or loopback/linklocal/uniquelocal; got "${entry}"`;
  }
  return entries;
}

/** Environment schema. Keys are the variable names; all are optional. */
export const envSchema = z.object({
  FASHION_DATA_DIR: z.string().min(1).optional(),
  FASHION_BENCH_DIR: z.string().min(1).optional(),
  FASHION_HOME: z.string().min(1).default('./.fashion-advisor'),
  TELEGRAM_BOT_TOKEN: z
    .string()
    .regex(/^\d+:[\w-]+$/, 'expected a Telegram bot token like 123456:ABC-DEF…')
    .optional(),
  TELEGRAM_API_ROOT: optionalUrl(['http', 'https']),
  TELEGRAM_WEBHOOK_URL: optionalUrl(['https', 'http']),
  TELEGRAM_WEBHOOK_PORT: port.optional(),
  DISCORD_BOT_TOKEN: z.string().min(10, 'expected a Discord bot token').optional(),
  DISCORD_APPLICATION_ID: z.string().regex(/^\d+$/, 'expected a numeric Discord application id').optional(),
  DISCORD_API_BASE: optionalUrl(['http', 'https']),
  /** The gateway shards this instance runs, `<ids>/<count>`: `0/2` and `1/2` split the bot over two instances. */
  DISCORD_SHARDS: z
    .string()
    .transform((value, context) => {
      const shards = parseShards(value);
      if (typeof shards === 'string') context.addIssue({ code: 'custom', message: shards });
      return typeof shards === 'string' ? z.NEVER : shards;
    })
    .optional(),
  REDIS_URL: optionalUrl(['redis', 'rediss']),
  DATABASE_URL: optionalUrl(['postgres', 'postgresql']),
  LOG_ENCRYPTION_KEY: z
    .string()
    .regex(/^[0-9a-fA-F]{64}$/, 'expected 64 hex characters (a 256-bit key), e.g. from `openssl rand -hex 32`')
    .optional(),
  PSEUDONYM_KEY: z.string().min(16, 'expected at least 16 characters').optional(),
  LOG_RETENTION_DAYS: z.coerce.number().int().min(1).max(3650).default(90),
  LLM_BASE_URL: optionalUrl(['http', 'https']),
  LLM_API_KEY: z.string().optional(),
  LLM_MODEL: z.string().default('gpt-4o-mini'),
  LLM_TIMEOUT_MS: z.coerce.number().int().min(100).max(60_000).default(3000),
  REVIEW_PORT: port.default(8787),
  /**
   * The TLS reverse proxy in front of the review console: `true` (trust whatever connects; only when nothing else can
   * reach the port) or a comma list of proxy addresses, CIDR ranges, or `loopback`/`linklocal`/`uniquelocal`. Unset: no
   * proxy is trusted, and `X-Forwarded-*` headers are ignored.
   */
  REVIEW_TRUST_PROXY: z
    .string()
    .transform((value, context) => {
      const proxy = parseTrustProxy(value);
      if (typeof proxy === 'string') context.addIssue({ code: 'custom', message: proxy });
      return typeof proxy === 'string' ? z.NEVER : proxy;
    })
    .optional(),
  /** Minutes without a request after which a console session ends (sessions end 12 hours after login anyway). */
  REVIEW_SESSION_IDLE_MINUTES: z.coerce.number().int().min(1).max(720).default(30),
  LOG_LEVEL: z.enum(['debug', 'info', 'warn', 'error', 'silent']).default('info'),
  FASHION_CATALOGS: z
    .string()
    .regex(/^(myntra|hm|demo)(,(myntra|hm|demo))*$/, 'expected a comma list of myntra, hm, demo')
    .optional(),
  FASHION_EXPERIMENTS: z.string().optional(),
  /** Weight of the "rising trend" signal in rankings and outfits (0 turns it off). */
  FASHION_TREND_BOOST: z.coerce.number().min(0).max(1).default(0.05),
});

export type Env = z.infer<typeof envSchema>;

/** Resolved configuration used by the whole process. */
export interface Config extends Env {
  /** Absolute data home (artifacts, SQLite files). */
  home: string;
  /** Absolute dataset directory, or undefined when only the built-in demo data is available. */
  dataDir?: string;
  /** Absolute directory of the SIMMC benchmark files. */
  benchDir: string;
  /** Root of the project (where `data/` and `prompts/` live). */
  projectRoot: string;
}

/** Thrown when the environment holds a bad value. */
export class ConfigError extends Error {
  constructor(readonly issues: { variable: string; message: string }[]) {
    super(`invalid configuration:\n${issues.map((i) => `  ${i.variable}: ${i.message}`).join('\n')}`);
    this.name = 'ConfigError';
  }
}

/**
 * The project root: the folder holding `package.json`, `data/` and `prompts/` — the nearest one above this module,
 * which runs from `src/` or, compiled, from `dist/src/`.
 */
export const projectRoot = ((): string => {
  const here = path.dirname(new URL(import.meta.url).pathname);
  for (let dir = here; dir !== path.dirname(dir); dir = path.dirname(dir)) {
    if (existsSync(path.join(dir, 'package.json'))) return dir;
  }
  return path.resolve(here, '..');
})();

/**
 * Reads and validates the configuration.
 * @example
 * const config = loadConfig(process.env); // throws ConfigError naming the bad variable
 */
export function loadConfig(environment: Record<string, string | undefined> = process.env): Config {
  const cleaned = Object.fromEntries(Object.entries(environment).filter(([, v]) => v !== undefined && v !== ''));
  const result = envSchema.safeParse(cleaned);
  if (!result.success) {
    throw new ConfigError(
      result.error.issues.map((issue) => ({ variable: String(issue.path[0] ?? '?'), message: issue.message })),
    );
  }
  const env = result.data;
  const sharedData = path.resolve(projectRoot, '../shared/data');
  const dataDir = env.FASHION_DATA_DIR
    ? path.resolve(env.FASHION_DATA_DIR)
    : existsSync(sharedData)
      ? sharedData
      : undefined;
  if (dataDir && env.FASHION_DATA_DIR && !existsSync(dataDir)) {
    throw new ConfigError([{ variable: 'FASHION_DATA_DIR', message: `directory ${dataDir} does not exist` }]);
  }
  return {
    ...env,
    home: path.resolve(env.FASHION_HOME),
    dataDir,
    benchDir: path.resolve(env.FASHION_BENCH_DIR ?? path.resolve(projectRoot, '../shared/bench/simmc')),
    projectRoot,
  };
}
