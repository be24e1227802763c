/**
 * The eraser and its ledger: a store that fails is retried until done with the time of the request, what is done is
 * not redone, and the ledger file is encrypted, owner-only, read back after a restart and gone once empty.
 */
import { existsSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { createTextCipher } from '../../src/log/crypto.ts';
import { createEraser, type Eraser } from '../../src/privacy/eraser.ts';
import { fileErasureLedger } from '../../src/privacy/erasure-ledger.ts';
import { silentLogger } from '../../src/util/logger.ts';
import { tempHome } from '../log/fixtures.ts';

const cipher = createTextCipher(Buffer.alloc(32, 7));
const erasers: Eraser[] = [];
const cleanups: (() => void)[] = [];
afterEach(() => {
  for (const eraser of erasers.splice(0)) eraser.close();
  for (const cleanup of cleanups.splice(0)) cleanup();
});

/** A store that is down until `up` is set; records each erasure it did. */
function store() {
  const state = { up: false, erased: [] as { userId: string; at: number }[] };
  return {
    state,
    erase: async (userId: string, at: number) => {
      if (!state.up) throw new Error('connection refused');
      state.erased.push({ userId, at });
    },
  };
}

describe('eraser', () => {
  it('erases what it can, keeps the rest in an encrypted 0600 ledger and finishes it after a restart', async () => {
    const { home, cleanup } = tempHome();
    cleanups.push(cleanup);
    const file = path.join(home, 'erasures-pending.jsonl');
    const profile = { up: true, erased: [] as { userId: string; at: number }[] };
    const log = store();
    const first = createEraser({
      targets: { profile: async (u, at) => void profile.erased.push({ userId: u, at }), log: log.erase },
      ledger: fileErasureLedger(file, cipher),
      logger: silentLogger,
      retryMs: 0,
    });
    erasers.push(first);
    expect(await first.erase('telegram:42', 1000)).toEqual({ erased: ['profile'], pending: ['log'] });
    expect(first.pendingFor('telegram:42')).toEqual(['log']);
    expect(readFileSync(file, 'utf8')).not.toContain('telegram:42');
    expect(statSync(file).mode & 0o777).toBe(0o600);
    first.close();

    log.state.up = true;
    const second = createEraser({
      targets: { profile: async () => undefined, log: log.erase },
      ledger: fileErasureLedger(file, cipher),
      logger: silentLogger,
      retryMs: 20,
    });
    erasers.push(second);
    const deadline = Date.now() + 5000;
    while (second.pendingFor('telegram:42').length > 0 && Date.now() < deadline) {
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    expect(log.state.erased).toEqual([{ userId: 'telegram:42', at: 1000 }]);
    expect(profile.erased).toEqual([{ userId: 'telegram:42', at: 1000 }]);
    expect(existsSync(file)).toBe(false);
  });

  it('settles a pending erasure on demand and counts a store that never answers as unreachable', async () => {
    const log = store();
    const eraser = createEraser({
      targets: { profile: () => new Promise(() => undefined), log: log.erase },
      logger: silentLogger,
      timeoutMs: 50,
      retryMs: 0,
    });
    erasers.push(eraser);
    expect(await eraser.erase('u', 5)).toEqual({ erased: [], pending: ['profile', 'log'] });
    log.state.up = true;
    expect(await eraser.settle('u')).toEqual(['profile']);
    expect(await eraser.settle('nobody')).toEqual([]);
  });
});
