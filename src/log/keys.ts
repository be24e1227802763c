/**
 * The two secrets of the conversation log: the AES-256-GCM key that encrypts message text at rest and the
 * HMAC key that turns user ids into pseudonyms. Taken from the configuration when set; otherwise generated once
 * and kept in `<home>/keys.json` (mode 0600) so that they survive restarts.
 */
import { randomBytes } from 'node:crypto';
import { chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import type { Config } from '../config.ts';
import type { Logger } from '../types.ts';

/** Key material for the log store. */
export interface LogKeys {
  /** 32 bytes, AES-256-GCM. */
  encryption: Buffer;
  /** HMAC-SHA256 key for pseudonyms and the search index. */
  pseudonym: Buffer;
}

const keyFileSchema = z.object({
  LOG_ENCRYPTION_KEY: z.string().regex(/^[0-9a-fA-F]{64}$/),
  PSEUDONYM_KEY: z.string().min(16),
});

/** Thrown when `keys.json` exists but cannot be used; the file is never overwritten. */
export class KeyFileError extends Error {
  override name = 'KeyFileError';
}

/**
 * Resolves the log keys: configured values win; missing ones come from `<home>/keys.json`, which is created
 * (mode 0600) with random keys on first use.
 * @example
 * const keys = loadLogKeys(config, logger); // keys.encryption.length === 32
 */
export function loadLogKeys(config: Pick<Config, 'home' | 'LOG_ENCRYPTION_KEY' | 'PSEUDONYM_KEY'>, logger: Logger) {
  if (config.LOG_ENCRYPTION_KEY && config.PSEUDONYM_KEY) {
    return toKeys(config.LOG_ENCRYPTION_KEY, config.PSEUDONYM_KEY);
  }
  const stored = readOrCreateKeyFile(path.join(config.home, 'keys.json'), logger);
  return toKeys(config.LOG_ENCRYPTION_KEY ?? stored.LOG_ENCRYPTION_KEY, config.PSEUDONYM_KEY ?? stored.PSEUDONYM_KEY);
}

function toKeys(encryptionHex: string, pseudonym: string): LogKeys {
  return { encryption: Buffer.from(encryptionHex, 'hex'), pseudonym: Buffer.from(pseudonym, 'utf8') };
}

function readOrCreateKeyFile(file: string, logger: Logger): z.infer<typeof keyFileSchema> {
  if (existsSync(file)) {
    let parsed: unknown;
    try {
      parsed = JSON.parse(readFileSync(file, 'utf8'));
    } catch (error) {
      throw new KeyFileError(`cannot read the log keys in ${file}: ${(error as Error).message}`);
    }
    const result = keyFileSchema.safeParse(parsed);
    if (!result.success) throw new KeyFileError(`${file} does not hold valid log keys; fix or restore it`);
    return result.data;
  }
  const keys = { LOG_ENCRYPTION_KEY: randomBytes(32).toString('hex'), PSEUDONYM_KEY: randomBytes(32).toString('hex') };
  mkdirSync(path.dirname(file), { recursive: true });
  // `wx`: never overwrite keys another process wrote in the meantime.
  try {
    writeFileSync(file, `${JSON.stringify(keys, null, 2)}\n`, { mode: 0o600, flag: 'wx' });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EEXIST') return readOrCreateKeyFile(file, logger);
    throw error;
  }
  chmodSync(file, 0o600);
  logger.warn('generated log encryption and pseudonym keys; back this file up (losing it makes the log unreadable)', {
    file,
  });
  return keys;
}
