import { readFileSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { KeyFileError, loadLogKeys } from '../../src/log/keys.ts';
import { createLogger, silentLogger } from '../../src/util/logger.ts';
import { tempHome, testConfig } from './fixtures.ts';

describe('log keys', () => {
  const homes: (() => void)[] = [];
  afterEach(() => {
    for (const cleanup of homes.splice(0)) cleanup();
  });
  const home = () => {
    const h = tempHome();
    homes.push(h.cleanup);
    return h.home;
  };

  it('generates keys once into keys.json (0600), says so, and reuses them', () => {
    const dir = home();
    const lines: string[] = [];
    const first = loadLogKeys(
      testConfig(dir),
      createLogger('info', 'test', (l) => lines.push(l)),
    );
    const file = path.join(dir, 'keys.json');
    expect(statSync(file).mode & 0o777).toBe(0o600);
    expect(lines.some((l) => l.includes('generated log encryption'))).toBe(true);
    expect(first.encryption.length).toBe(32);
    const second = loadLogKeys(testConfig(dir), silentLogger);
    expect(second.encryption.equals(first.encryption)).toBe(true);
    expect(second.pseudonym.equals(first.pseudonym)).toBe(true);
  });

  it('prefers configured keys and never writes a file for them', () => {
    const dir = home();
    const keys = loadLogKeys(
      testConfig(dir, { LOG_ENCRYPTION_KEY: 'ff'.repeat(32), PSEUDONYM_KEY: 'configured-pseudonym-key' }),
      silentLogger,
    );
    expect(keys.encryption.toString('hex')).toBe('ff'.repeat(32));
    expect(() => statSync(path.join(dir, 'keys.json'))).toThrow();
  });

  it('refuses a damaged keys.json and leaves it untouched', () => {
    const dir = home();
    const file = path.join(dir, 'keys.json');
    writeFileSync(file, '{"LOG_ENCRYPTION_KEY":"short"}');
    expect(() => loadLogKeys(testConfig(dir), silentLogger)).toThrow(KeyFileError);
    expect(readFileSync(file, 'utf8')).toBe('{"LOG_ENCRYPTION_KEY":"short"}');
  });
});
