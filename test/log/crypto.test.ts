import { randomBytes } from 'node:crypto';
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
});
