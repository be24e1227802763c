import { createHmac } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { type OpenTurnLog, openTurnLog } from '../../src/log/index.ts';
import { MIGRATIONS } from '../../src/log/migrations.ts';
import { silentLogger } from '../../src/util/logger.ts';
import { fixedClock } from '../../src/util/random.ts';
import { DAY, freshSchema, makeTurn, postgresReachable, T0, tempHome, testConfig } from './fixtures.ts';

const KEYS = {
  LOG_ENCRYPTION_KEY: 'a1'.repeat(32),
  PSEUDONYM_KEY: 'pseudonym-key-for-tests-0123456789',
};

interface Backend {
  log: OpenTurnLog;
  clock: ReturnType<typeof fixedClock>;
  /** Every stored value (strings and raw bytes) after closing the store. */
  rawValues: () => Promise<(string | Buffer)[]>;
  /** Raw file bytes (SQLite only). */
  rawFile?: () => Buffer;
  reopen: (options?: { countCap?: number }) => Promise<OpenTurnLog>;
  cleanup: () => Promise<void>;
}

const pgUp = await postgresReachable();

async function sqliteBackend(): Promise<Backend> {
  const { home, cleanup } = tempHome();
  const config = testConfig(home, KEYS);
  const clock = fixedClock(T0 + 30 * DAY);
  const file = path.join(home, 'log.sqlite');
  const backend: Backend = {
    log: await openTurnLog(config, silentLogger, { clock, scheduleRetention: false }),
    clock,
    rawFile: () => Buffer.concat([file, `${file}-wal`].filter(existsSync).map((f) => readFileSync(f))),
    rawValues: async () => {
      const db = new Database(file, { readonly: true });
      const tables = db.prepare("SELECT name FROM sqlite_master WHERE type = 'table'").all() as { name: string }[];
      const values = tables.flatMap(({ name }) =>
        (db.prepare(`SELECT * FROM ${name}`).all() as Record<string, unknown>[]).flatMap((row) =>
          Object.values(row).map((v) => (Buffer.isBuffer(v) ? v : String(v))),
        ),
      );
      db.close();
      return values;
    },
    reopen: (options = {}) => openTurnLog(config, silentLogger, { clock, scheduleRetention: false, ...options }),
    cleanup: async () => cleanup(),
  };
  return backend;
}

async function postgresBackend(): Promise<Backend> {
  const { home, cleanup } = tempHome();
  const schema = await freshSchema();
  const config = testConfig(home, { ...KEYS, DATABASE_URL: schema.url });
  const clock = fixedClock(T0 + 30 * DAY);
  return {
    log: await openTurnLog(config, silentLogger, { clock, scheduleRetention: false }),
    clock,
    rawValues: async () => {
      const tables = await schema.client.query<{ tablename: string }>(
        'SELECT tablename FROM pg_tables WHERE schemaname = $1',
        [schema.schema],
      );
      const values: (string | Buffer)[] = [];
      for (const { tablename } of tables.rows) {
        const rows = await schema.client.query(`SELECT * FROM ${tablename}`);
        for (const row of rows.rows)
          for (const v of Object.values(row)) values.push(Buffer.isBuffer(v) ? v : String(v));
      }
      return values;
    },
    reopen: (options = {}) => openTurnLog(config, silentLogger, { clock, scheduleRetention: false, ...options }),
    cleanup: async () => {
      await schema.drop();
      cleanup();
    },
  };
}

const backends = [
  { name: 'sqlite', open: sqliteBackend, skip: false },
  { name: 'postgres', open: postgresBackend, skip: !pgUp },
];

describe.each(backends)('turn log on $name', ({ open, skip }) => {
  let backend: Backend | undefined;
  const start = async () => {
    backend = await open();
    return backend;
  };
  afterEach(async () => {
    await backend?.log.close().catch(() => undefined);
    await backend?.cleanup();
    backend = undefined;
  });
  beforeAll(() => {
    if (skip) console.warn('PostgreSQL on 127.0.0.1:5432 unreachable: skipping its log tests');
  });

  it.skipIf(skip)('stores redacted, encrypted text under a keyed pseudonym and exports it back', async () => {
    const { log, rawValues, rawFile } = await start();
    const secret = 'Contact me at jane.doe@example.com or +44 20 7946 0958, card 4111 1111 1111 1111 — zebrapattern';
    const turn = makeTurn({
      userId: 'telegram:4242',
      text: secret,
      reply: 'I will not mail jane.doe@example.com; here is a zebrapattern skirt.',
    });
    await log.append(turn);
    const [exported] = await log.exportUser('telegram:4242');
    expect(exported?.text).toBe('Contact me at [email] or [phone], card [card] — zebrapattern');
    expect(exported?.reply).toBe('I will not mail [email]; here is a zebrapattern skirt.');
    expect(exported?.items).toEqual(turn.items);
    expect(exported?.userId).toBe('telegram:4242');
    await log.close();

    const values = await rawValues();
    const pseudonym = createHmac('sha256', KEYS.PSEUDONYM_KEY).update('telegram:4242').digest('hex');
    const asText = values.map((v) => (Buffer.isBuffer(v) ? v.toString('latin1') : v)).join('\n');
    expect(asText).toContain(pseudonym);
    for (const plain of ['zebrapattern', 'Contact me', 'jane.doe', 'telegram:4242', '7946']) {
      expect(asText).not.toContain(plain);
      for (const v of values) if (Buffer.isBuffer(v)) expect(v.includes(plain)).toBe(false);
    }
    if (rawFile) {
      const bytes = rawFile();
      expect(bytes.length).toBeGreaterThan(0);
      for (const plain of ['zebrapattern', 'Contact me', 'jane.doe', 'telegram:4242'])
        expect(bytes.includes(plain)).toBe(false);
    }
  });

  it.skipIf(skip)('writes turns appended together in one transaction; a bad turn fails alone', async () => {
    const { log } = await start();
    let transactions = 0;
    const transaction = log.db.transaction.bind(log.db);
    (log.db as { transaction: typeof transaction }).transaction = (body) => {
      transactions++;
      return transaction(body);
    };
    const together = Array.from({ length: 20 }, () => makeTurn());
    await Promise.all(together.map((turn) => log.append(turn)));
    expect(transactions).toBe(1);
    for (const turn of together) expect(await log.exportUser(turn.userId)).toHaveLength(1);

    transactions = 0;
    // A value JSON cannot hold makes this turn's insert throw inside the shared transaction.
    const bad = makeTurn({ slots: { budget_max: 10n as unknown as number } });
    const good = Array.from({ length: 6 }, () => makeTurn());
    const results = await Promise.allSettled([...good.slice(0, 3), bad, ...good.slice(3)].map((t) => log.append(t)));
    expect(results.map((r) => r.status)).toEqual([
      ...Array(3).fill('fulfilled'),
      'rejected',
      ...Array(3).fill('fulfilled'),
    ]);
    expect(transactions).toBe(1 + 7); // the failed batch, then each turn alone
    for (const turn of good) expect(await log.exportUser(turn.userId)).toHaveLength(1);
    expect(await log.exportUser(bad.userId)).toEqual([]);
  });

  it.skipIf(skip)('writes what is still queued before closing', async () => {
    const { log, reopen } = await start();
    const turn = makeTurn();
    const appended = log.append(turn);
    await log.close();
    await appended;
    const again = await reopen();
    try {
      expect(await again.exportUser(turn.userId)).toHaveLength(1);
    } finally {
      await again.close();
    }
  });

  it.skipIf(skip)('logs a turn with a message id only once per conversation', async () => {
    const { log } = await start();
    const turn = makeTurn({ conversationId: 'dup', messageId: 'same' });
    await log.append(turn);
    await log.append({ ...turn, text: 'retry of the same update' });
    await log.append({ ...turn, messageId: undefined });
    await log.append({ ...turn, messageId: undefined });
    await log.append({ ...turn, conversationId: 'other' });
    expect((await log.exportUser(turn.userId)).length).toBe(4);
    const page = await log.listConversations({});
    expect(page.conversations.map((c) => c.turns).sort()).toEqual([1, 3]);
  });

  it.skipIf(skip)(
    'keeps message ids as keyed hashes, recognises a repeat by them, and rewrites raw ids of an older log',
    async () => {
      const { log, rawValues, reopen } = await start();
      // A Telegram supergroup message: the raw id names the chat.
      const turn = makeTurn({
        userId: 'telegram:4242',
        conversationId: 'telegram:-1001234567',
        messageId: '-1001234567:777',
      });
      await log.append(turn);
      await log.append({ ...turn, text: 'the same update, delivered again' });
      const [exported, ...more] = await log.exportUser('telegram:4242');
      expect(more).toEqual([]);
      const hashed = exported!.messageId!;
      expect(hashed).toMatch(/^[0-9a-f]{32}$/);
      // A log written before message ids were pseudonymised: the raw id in the row.
      await log.db.run('UPDATE turns SET message_id = ?', [turn.messageId!]);
      await log.close();
      const again = await reopen();
      try {
        expect((await again.exportUser('telegram:4242')).map((t) => t.messageId)).toEqual([hashed]);
        await again.append({ ...turn, text: 'delivered a third time' });
        expect(await again.exportUser('telegram:4242')).toHaveLength(1);
      } finally {
        await again.close();
      }
      const values = (await rawValues()).map((v) => (Buffer.isBuffer(v) ? v.toString('latin1') : v)).join('\n');
      expect(values).toContain(hashed);
      expect(values).not.toContain('1001234567');
    },
  );

  it.skipIf(skip)('erases one user everywhere and keeps a shared conversation consistent', async () => {
    const { log } = await start();
    await log.append(makeTurn({ userId: 'u:gone', conversationId: 'group', confidence: 0.2, at: T0 }));
    await log.append(makeTurn({ userId: 'u:stay', conversationId: 'group', confidence: 0.8, at: T0 + 5000 }));
    await log.append(makeTurn({ userId: 'u:gone', conversationId: 'private' }));
    expect(await log.eraseUser('u:gone')).toBe(2);
    expect(await log.exportUser('u:gone')).toEqual([]);
    const page = await log.listConversations({});
    expect(page.total).toBe(1);
    expect(page.conversations[0]).toMatchObject({ turns: 1, minConfidence: 0.8, firstAt: T0 + 5000 });
    expect((await log.exportUser('u:stay')).length).toBe(1);
  });

  it.skipIf(skip)('filters and searches conversations and pages through them', async () => {
    const { log } = await start();
    await log.append(
      makeTurn({ conversationId: 'a', platform: 'discord', text: 'Linen trousers for a wedding', at: T0 }),
    );
    await log.append(
      makeTurn({ conversationId: 'a', platform: 'discord', intent: 'feedback_negative', text: 'no', at: T0 + 1000 }),
    );
    await log.append(
      makeTurn({ conversationId: 'b', confidence: 0.3, intent: 'out_of_scope', text: 'weather?', at: T0 + 2 * DAY }),
    );
    await log.append(
      makeTurn({ conversationId: 'c', text: 'LINEN shirt', feedback: { itemId: 'x', value: 1 }, at: T0 + 4 * DAY }),
    );
    for (let i = 0; i < 5; i++) await log.append(makeTurn({ conversationId: `many-${i}`, at: T0 + 10 * DAY + i }));

    const ids = async (filter: Parameters<OpenTurnLog['listConversations']>[0]) =>
      (await log.listConversations({ pageSize: 100, ...filter })).conversations.map((c) => c.preview);
    expect(await ids({ platform: 'discord' })).toEqual(['Linen trousers for a wedding']);
    expect(await ids({ negativeFeedback: true })).toEqual(['Linen trousers for a wedding']);
    expect(await ids({ lowConfidence: true })).toEqual(['weather?']);
    expect(await ids({ intent: 'out_of_scope' })).toEqual(['weather?']);
    expect(await ids({ text: 'linen' })).toEqual(['LINEN shirt', 'Linen trousers for a wedding']);
    expect(await ids({ text: 'linen wedding' })).toEqual(['Linen trousers for a wedding']);
    expect(await ids({ text: 'velvet' })).toEqual([]);
    expect(await ids({ from: T0 + DAY, to: T0 + 5 * DAY })).toEqual(['LINEN shirt', 'weather?']);

    const first = await log.listConversations({ pageSize: 3 });
    const second = await log.listConversations({ pageSize: 3, page: 2 });
    expect(first.total).toBe(8);
    expect(first.conversations.length).toBe(3);
    expect(second.conversations.map((c) => c.id)).not.toContain(first.conversations[0]!.id);

    expect(first).toMatchObject({ totalCapped: false, hasNext: true });
    expect((await log.listConversations({ pageSize: 3, page: 3 })).hasNext).toBe(false);

    const capped = await backend!.reopen({ countCap: 5 });
    const broad = await capped.listConversations({ pageSize: 2 });
    expect(broad).toMatchObject({ total: 5, totalCapped: true, hasNext: true });
    expect((await capped.listConversations({ platform: 'discord' })).totalCapped).toBe(false);
    await capped.close();

    const [turn] = (await log.conversation(first.conversations[0]!.id))!;
    expect(await ids({ unreviewed: true })).toHaveLength(8);
    await log.annotate(turn!.id, 'ada', { tags: ['ok'], rating: 5 });
    expect(await ids({ unreviewed: true })).toHaveLength(7);
  });

  it.skipIf(skip)('validates annotations and exports corrections as NLU training lines', async () => {
    const { log } = await start();
    await log.append(
      makeTurn({ conversationId: 'k', text: 'something blue for my sister, mail ann@x.org', intent: 'greet', at: T0 }),
    );
    await log.append(
      makeTurn({
        conversationId: 'k',
        text: 'cheaper please',
        intent: 'refine',
        slots: { price_direction: 'lower' },
        at: T0 + 1,
      }),
    );
    await log.append(makeTurn({ conversationId: 'k', text: 'bad parse unrated', at: T0 + 2 }));
    const turns = (await log.conversation((await log.listConversations()).conversations[0]!.id))!;
    await expect(log.annotate(turns[0]!.id, 'ada', { tags: [], rating: 9 })).rejects.toThrow(/rating/);
    await expect(
      log.annotate(turns[0]!.id, 'ada', { tags: [], correctedSlots: { colour: 'blue' } as never }),
    ).rejects.toThrow(/unknown slot/);
    await expect(log.annotate(999_999, 'ada', { tags: [] })).rejects.toThrow(/does not exist/);
    await log.annotate(turns[0]!.id, 'ada', {
      tags: ['wrong-intent'],
      rating: 2,
      correctedIntent: 'product_search',
      // A slot added after the first annotations (who the pieces are for) can be corrected too.
      correctedSlots: { color: ['blue'], gender: 'women', recipient: 'sister' },
      betterItem: 'demo:w-dress-02',
      note: 'gift request',
    });
    await log.annotate(turns[1]!.id, 'bob', { tags: [], rating: 5 });
    await log.annotate(turns[2]!.id, 'bob', { tags: ['meh'], rating: 3 });
    const reread = (await log.conversation(turns[0]!.conversationId))!;
    expect(reread[0]!.annotation).toMatchObject({
      stylist: 'ada',
      note: 'gift request',
      betterItem: 'demo:w-dress-02',
    });
    expect(await log.trainingLines()).toEqual([
      {
        text: 'something blue for my sister, mail [email]',
        intent: 'product_search',
        slots: { color: ['blue'], gender: 'women', recipient: 'sister' },
      },
      { text: 'cheaper please', intent: 'refine', slots: { price_direction: 'lower' } },
    ]);
    // Re-annotating replaces, and the note stays encrypted at rest.
    await log.annotate(turns[0]!.id, 'bob', { tags: [] });
    expect((await log.conversation(turns[0]!.conversationId))![0]!.annotation).toMatchObject({
      stylist: 'bob',
      tags: [],
    });
  });

  it.skipIf(skip)('keeps every remaining word searchable, and no erased one, when turns are deleted', async () => {
    const { log, clock } = await start();
    const now = clock.now();
    const search = async (text: string) => (await log.listConversations({ text })).conversations.length;
    const rows = async () => Number((await log.db.get<{ n: number }>('SELECT COUNT(*) AS n FROM turn_terms'))?.n ?? 0);
    // A shared conversation: the first user's words come again in the second user's turn.
    await log.append(makeTurn({ userId: 'u:gone', conversationId: 'g', text: 'linen zebra', reply: 'ok', at: now }));
    const before = await rows();
    await log.append(makeTurn({ userId: 'u:stay', conversationId: 'g', text: 'linen', reply: 'ok', at: now + 1 }));
    if (log.db.dialect === 'sqlite') expect(await rows()).toBe(before); // nothing new to index
    await log.eraseUser('u:gone');
    expect(await search('linen')).toBe(1);
    expect(await search('zebra')).toBe(0);
    // Erased and back in the same conversation: the same words are indexed again.
    await log.append(makeTurn({ userId: 'u:gone', conversationId: 'g', text: 'zebra', reply: 'ok', at: now + 2 }));
    expect(await search('zebra')).toBe(1);
    // Retention: the expired turn had a word the recent one repeats.
    await log.append(makeTurn({ conversationId: 'r', text: 'velvet tweed', reply: 'ok', at: now - 100 * DAY }));
    await log.append(makeTurn({ conversationId: 'r', text: 'velvet', reply: 'ok', at: now }));
    expect(await log.purgeExpired()).toBe(1);
    expect(await search('velvet')).toBe(1);
    expect(await search('tweed')).toBe(0);
    await log.append(makeTurn({ conversationId: 'r', text: 'tweed', reply: 'ok', at: now + 3 }));
    expect(await search('tweed')).toBe(1);
  });

  it.skipIf(skip)('deletes turns older than the retention period', async () => {
    const { log, clock } = await start();
    const now = clock.now();
    await log.append(makeTurn({ conversationId: 'old', at: now - 100 * DAY }));
    await log.append(makeTurn({ conversationId: 'mixed', at: now - 95 * DAY }));
    await log.append(makeTurn({ conversationId: 'mixed', at: now - DAY }));
    await log.append(makeTurn({ conversationId: 'new', at: now - DAY }));
    expect(await log.purgeExpired()).toBe(2); // LOG_RETENTION_DAYS defaults to 90
    const page = await log.listConversations();
    expect(page.total).toBe(2);
    expect(page.conversations.every((c) => c.firstAt === now - DAY && c.turns === 1)).toBe(true);
    expect(await log.purgeExpired()).toBe(0);
  });

  it.skipIf(skip)('counts weekly mentions of opted-in users only, above the minimum', async () => {
    const { log } = await start();
    const monday = T0; // 2026-11-02
    for (let u = 0; u < 3; u++) await log.setTrendOptIn(`u:${u}`, true);
    for (let u = 0; u < 3; u++) {
      await log.append(
        makeTurn({ userId: `u:${u}`, at: monday + u * DAY, slots: { category: 'jeans', color: ['navy'] } }),
      );
      await log.append(makeTurn({ userId: `u:${u}`, at: monday + u * DAY + 1, slots: { category: 'jeans' } }));
    }
    await log.append(makeTurn({ userId: 'u:0', at: monday + 8 * DAY, slots: { color: ['navy'] } }));
    for (let u = 3; u < 6; u++)
      await log.append(makeTurn({ userId: `u:${u}`, at: monday, slots: { category: 'scarf' } }));
    expect(await log.weeklyMentions(3)).toEqual([
      { week: '2026-11-02', term: 'jeans', users: 3 },
      { week: '2026-11-02', term: 'navy', users: 3 },
    ]);
    expect(await log.weeklyMentions(1)).toContainEqual({ week: '2026-11-09', term: 'navy', users: 1 });
    expect(await log.weeklyMentions()).toEqual([]);
    await log.setTrendOptIn('u:1', false);
    expect(await log.weeklyMentions(3)).toEqual([]);
  });

  it.skipIf(skip)('keeps working after a restart: same keys, same pseudonyms, migrations applied once', async () => {
    const b = await start();
    await b.log.append(makeTurn({ userId: 'u:restart', text: 'before restart' }));
    await b.log.close();
    b.log = await b.reopen();
    expect((await b.log.exportUser('u:restart'))[0]?.text).toBe('before restart');
    const versions = await b.log.db.all<{ version: number }>('SELECT version FROM schema_migrations ORDER BY version');
    expect(versions.map((v) => Number(v.version))).toEqual(MIGRATIONS.map((m) => m.version));
  });

  it.skipIf(skip)('shows a tampered turn as unreadable instead of failing', async () => {
    const { log } = await start();
    await log.append(makeTurn({ conversationId: 'tamper' }));
    await log.db.run('UPDATE turns SET content = ?', [Buffer.from([1, 2, 3])]);
    const page = await log.listConversations();
    expect(page.conversations[0]?.preview).toBe('');
    const turns = await log.conversation(page.conversations[0]!.id);
    expect(turns?.[0]).toMatchObject({ unreadable: true, text: '' });
  });
});
