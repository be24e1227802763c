import { randomBytes } from 'node:crypto';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { createHasher, createTextCipher, DecryptionError, searchWords } from '../../src/log/crypto.ts';

describe('log crypto', () => {
  const cipher = createTextCipher(randomBytes(32));

  it('round-trips text with a fresh IV each time and never shows the plaintext', () => {
    const a = cipher.encrypt('a linen shirt 🌞');
    const b = cipher.encrypt('a linen shirt 🌞');
    expect(a.equals(b)).toBe(false);
    expect(a.includes('linen')).toBe(false);
    expect(cipher.decrypt(a)).toBe('a linen shirt 🌞');
  });

  it('rejects tampered data and a wrong key', () => {
    const sealed = cipher.encrypt('secret');
    const flipped = Buffer.from(sealed);
    flipped[flipped.length - 1]! ^= 1;
    expect(() => cipher.decrypt(flipped)).toThrow(DecryptionError);
    expect(() => createTextCipher(randomBytes(32)).decrypt(sealed)).toThrow(/wrong LOG_ENCRYPTION_KEY/);
    expect(() => createTextCipher(randomBytes(16))).toThrow(/32-byte/);
  });

  it('hashes users, conversations and words with the key (different key, different pseudonym)', () => {
    const one = createHasher(Buffer.from('key-one-0123456789'));
    const two = createHasher(Buffer.from('key-two-0123456789'));
    expect(one.user('telegram:1')).toMatch(/^[0-9a-f]{64}$/);
    expect(one.user('telegram:1')).toBe(one.user('telegram:1'));
    expect(one.user('telegram:1')).not.toBe(two.user('telegram:1'));
    expect(one.conversation('telegram', '1')).not.toBe(one.conversation('discord', '1'));
    expect(one.term('linen')).not.toBe(one.term('silk'));
  });

  it('splits search words in any case, including Chinese', () => {
    expect(searchWords('Red DRESS, red!')).toEqual(['red', 'dress']);
    // A query segments the same way as the stored text, so searching a phrase finds it.
    const query = searchWords('红色连衣裙');
    expect(query.length).toBeGreaterThan(1);
    expect(searchWords('我想要一条红色连衣裙')).toEqual(expect.arrayContaining(query));
    expect(searchWords('我想要一条蓝色衬衫')).not.toEqual(expect.arrayContaining(query));
  });

  it('cuts words exactly as the Unicode word segmenter does, with or without the plain-ASCII shortcut', () => {
    const segmenter = new Intl.Segmenter('zh', { granularity: 'word' });
    const reference = (text: string) => [
      ...new Set(
        [...segmenter.segment(text.normalize('NFKC').toLowerCase())]
          .filter((s) => s.isWordLike && s.segment.length <= 64)
          .map((s) => s.segment),
      ),
    ];
    const pieces = [
      'Linen',
      'shirt',
      'T-shirt',
      'slim-fit',
      "don't",
      'e.g.',
      '3.5',
      '1,000',
      '€80',
      '(hm:0108775015)',
      'a:b',
      'a_b',
      '_',
      'x.',
      'hello:',
      "dogs'",
      '’s',
      '"quoted"',
      '[navy]',
      '红色连衣裙',
      '👍',
      '👩‍👩‍👧',
      '\u00ad',
      '\u200d',
      '\u0301',
      'café',
      'ＦＵＬＬ',
      '-',
      '--',
      ',',
      '.',
      '!',
      '?',
      ';',
      ')',
      '(',
      '😀x',
      'a'.repeat(70),
      '42',
      'ß',
      '—',
      '·',
      '•',
      '€19.99,',
      '1.2.3',
      '+36%',
      "i'll",
      "a'b'c",
      "1'2",
      'n/a',
      'a/b/c',
      'x:1',
      '1:x',
      'ab:12c',
      '19.99a',
      'a19.99',
      '[hm:0108775015]:',
      "'80",
      '%',
      '+',
      '/',
      ':',
      "'",
      '9'.repeat(65),
      '__',
      '‿',
    ];
    const separators = [' ', '  ', '\t', '\n', '\r\n', '', '-', '.', '/', ',', ':', "'", '_'];
    const text = fc
      .array(fc.tuple(fc.constantFrom(...pieces), fc.constantFrom(...separators)), { maxLength: 12 })
      .map((parts) => parts.map(([piece, separator]) => piece + separator).join(''));
    fc.assert(
      fc.property(text, (t) => {
        expect(searchWords(t)).toEqual(reference(t));
      }),
      { numRuns: 3000, seed: 7 },
    );
  });
});
