import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import fc from 'fast-check';
import { Keyv } from 'keyv';
import { describe, expect, it } from 'vitest';
import { deserializeState, serializeState } from '../../src/store/serialize.ts';
import { KeyvBetterSqlite } from '../../src/store/sqlite-keyv.ts';

/** Keyv's own default (de)serializer, as a plain Keyv uses it. */
const keyvDefault = new Keyv();

describe('state serialisation', () => {
  it('writes the text of Keyv’s default serializer and reads its values back', async () => {
    const strings = fc.oneof(fc.string(), fc.constantFrom(':x', '::y', ':base64:aGk=', 'a:b', '":', '[":', ''));
    const values = fc.letrec((tie) => ({
      value: fc.oneof(
        { depthSize: 'small' },
        strings,
        fc.double({ noNaN: true }),
        fc.integer(),
        fc.boolean(),
        fc.constant(null),
        fc.array(tie('value'), { maxLength: 4 }),
        fc.dictionary(strings, tie('value'), { maxKeys: 4 }),
      ),
    })).value;
    await fc.assert(
      fc.asyncProperty(values, fc.option(fc.integer({ min: 0 }), { nil: undefined }), async (value, expires) => {
        const data = { value, expires };
        const text = serializeState(data);
        expect(text).toBe(await keyvDefault.serialize!(data));
        expect(deserializeState(text)).toEqual(await keyvDefault.deserialize!(text));
      }),
      { numRuns: 2000, seed: 3 },
    );
    const buffer = { value: { blob: Buffer.from('hi') }, expires: 5 };
    expect(serializeState(buffer)).toBe(await keyvDefault.serialize!(buffer));
    expect(deserializeState(serializeState(buffer))).toEqual(buffer);
  });

  it('reads states written with Keyv’s default, and the other way round', async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'fa-ser-'));
    try {
      const file = path.join(dir, 'state.sqlite');
      const plain = new Keyv({ store: new KeyvBetterSqlite(file), namespace: 'session' });
      const fast = new Keyv({
        store: new KeyvBetterSqlite(file),
        namespace: 'session',
        serialize: serializeState,
        deserialize: deserializeState,
      });
      const state = { lastShown: [':odd-id', 'hm:1'], request: { slots: { brand: '::x' } }, turns: 2 };
      await plain.set('a', state);
      expect(await fast.get('a')).toEqual(state);
      await fast.set('b', state);
      expect(await plain.get('b')).toEqual(state);
      await Promise.all([plain.disconnect(), fast.disconnect()]);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
