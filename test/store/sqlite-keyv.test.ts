import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import { Keyv } from 'keyv';
import { afterEach, describe, expect, it } from 'vitest';
import { KeyvBetterSqlite } from '../../src/store/sqlite-keyv.ts';

describe('Keyv over better-sqlite3', () => {
  let dir: string | undefined;
  afterEach(() => {
    if (dir) rmSync(dir, { recursive: true, force: true });
    dir = undefined;
  });
  const open = () => {
    dir = mkdtempSync(path.join(os.tmpdir(), 'fa-keyv-'));
    const file = path.join(dir, 'state.sqlite');
    return {
      file,
      profiles: new Keyv({ store: new KeyvBetterSqlite(file), namespace: 'profile' }),
      sessions: new Keyv({ store: new KeyvBetterSqlite(file), namespace: 'session' }),
      /** What another connection (another process) reads from the file. */
      committed: (key: string) => {
        const db = new Database(file, { readonly: true });
        try {
          return (db.prepare('SELECT value FROM keyv WHERE key = ?').get(key) as { value: string } | undefined)?.value;
        } finally {
          db.close();
        }
      },
    };
  };

  it('commits the writes of one tick together, each resolving once committed', async () => {
    const { profiles, sessions, committed } = open();
    const writes = Array.from({ length: 50 }, (_, i) =>
      Promise.all([profiles.set(`u${i}`, { n: i }), sessions.set(`u${i}`, { turns: i }, 60_000)]),
    );
    await Promise.all(writes);
    expect(JSON.parse(committed('profile:u7')!).value).toEqual({ n: 7 });
    expect(JSON.parse(committed('session:u49')!).value).toEqual({ turns: 49 });
    await Promise.all([profiles.disconnect(), sessions.disconnect()]);
  });

  it('shows a write waiting for its commit to this process only', async () => {
    const { file, profiles, sessions, committed } = open();
    const adapter = new KeyvBetterSqlite(file);
    const writing = adapter.set('k', 'v');
    expect(await adapter.get('k')).toBe('v');
    expect(committed('k')).toBeUndefined();
    await writing;
    expect(committed('k')).toBe('v');
    await Promise.all([adapter.disconnect(), profiles.disconnect(), sessions.disconnect()]);
  });

  it('keeps the last of several writes to a key, deletes and clears one namespace', async () => {
    const { profiles, sessions, committed } = open();
    const last = Promise.all([profiles.set('a', 1), profiles.set('a', 2), sessions.set('a', 'kept')]);
    await last;
    expect(await profiles.get('a')).toBe(2);
    const deleting = profiles.delete('a');
    expect(await profiles.get('a')).toBeUndefined();
    expect(await deleting).toBe(true);
    expect(await profiles.delete('a')).toBe(false);
    expect(committed('profile:a')).toBeUndefined();
    await profiles.set('b', 3);
    await profiles.clear();
    expect(await profiles.get('b')).toBeUndefined();
    expect(await sessions.get('a')).toBe('kept');
    await Promise.all([profiles.disconnect(), sessions.disconnect()]);
  });

  it('writes what is queued when disconnecting, and reopens with it', async () => {
    const { file, profiles, sessions } = open();
    const adapter = new KeyvBetterSqlite(file);
    void adapter.set('late', 'saved');
    await Promise.all([adapter.disconnect(), profiles.disconnect(), sessions.disconnect()]);
    const again = new KeyvBetterSqlite(file);
    expect(await again.get('late')).toBe('saved');
    await again.disconnect();
  });
});
