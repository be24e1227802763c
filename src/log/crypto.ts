/**
 * Cryptography of the conversation log: AES-256-GCM for text at rest, keyed HMAC-SHA256 for pseudonyms and for the
 * blind search index (hashed words, so stylists can search text the database never holds in clear).
 */
import { createCipheriv, createDecipheriv, createHmac, randomBytes } from 'node:crypto';
import type { LogKeys } from './keys.ts';

const IV_BYTES = 12;
const TAG_BYTES = 16;
const FORMAT_VERSION = 1;

/** Thrown when a stored ciphertext does not decrypt (wrong key or tampered data). */
export class DecryptionError extends Error {
  override name = 'DecryptionError';
}

/** Encrypts and decrypts strings; each call uses a fresh random IV. */
export interface TextCipher {
  encrypt(plain: string): Buffer;
  decrypt(sealed: Buffer): string;
}

/**
 * AES-256-GCM. Layout of a sealed value: version byte, 12-byte IV, 16-byte tag, ciphertext.
 * @example
 * const cipher = createTextCipher(keys.encryption);
 * cipher.decrypt(cipher.encrypt('hello')); // 'hello'
 */
export function createTextCipher(key: Buffer): TextCipher {
  if (key.length !== 32) throw new Error(`AES-256-GCM needs a 32-byte key, got ${key.length} bytes`);
  return {
    encrypt(plain) {
      const iv = randomBytes(IV_BYTES);
      const cipher = createCipheriv('aes-256-gcm', key, iv);
      const body = Buffer.concat([cipher.update(plain, 'utf8'), cipher.final()]);
      return Buffer.concat([Buffer.from([FORMAT_VERSION]), iv, cipher.getAuthTag(), body]);
    },
    decrypt(sealed) {
      if (sealed.length < 1 + IV_BYTES + TAG_BYTES || sealed[0] !== FORMAT_VERSION) {
        throw new DecryptionError('stored text has an unknown format');
      }
      const iv = sealed.subarray(1, 1 + IV_BYTES);
      const tag = sealed.subarray(1 + IV_BYTES, 1 + IV_BYTES + TAG_BYTES);
      const decipher = createDecipheriv('aes-256-gcm', key, iv);
      decipher.setAuthTag(tag);
      try {
        return Buffer.concat([decipher.update(sealed.subarray(1 + IV_BYTES + TAG_BYTES)), decipher.final()]).toString(
          'utf8',
        );
      } catch {
        throw new DecryptionError('stored text does not decrypt: wrong LOG_ENCRYPTION_KEY or tampered data');
      }
    },
  };
}

/** Keyed hashes: user, conversation and message pseudonyms, search terms. */
export interface Hasher {
  /** HMAC-SHA256 of the raw user id, hex (64 chars). */
  user(rawUserId: string): string;
  /** Pseudonym of a conversation (the conversation id can equal the user id on some platforms). */
  conversation(platform: string, rawConversationId: string): string;
  /** Blind-index entry of one normalised word. */
  term(word: string): string;
  /**
   * Pseudonym of a platform message id (Telegram's is `<chat id>:<message id>`, and a private chat's id is the user's):
   * deterministic, so a turn logged twice or an update delivered twice is still recognised by it.
   */
  message(platform: string, rawMessageId: string): string;
  /** Keyed hash of an id used as a key elsewhere (Redis flood windows, update leases), separate per `domain`. */
  key(domain: string, rawId: string): string;
  /** What an erasure is remembered by: keyed like the pseudonym, but not equal to it (nothing else carries it). */
  erasure(rawUserId: string): string;
}

/**
 * @example
 * createHasher(keys.pseudonym).user('telegram:42'); // stable 64-hex pseudonym
 */
export function createHasher(key: LogKeys['pseudonym']): Hasher {
  const mac = (domain: string, value: string) => createHmac('sha256', key).update(`${domain}\u0000${value}`);
  return {
    user: (rawUserId) => createHmac('sha256', key).update(rawUserId).digest('hex'),
    conversation: (platform, id) => mac('conversation', `${platform}\u0000${id}`).digest('hex').slice(0, 32),
    term: (word) => mac('term', word).digest('hex').slice(0, 24),
    message: (platform, id) => mac('message', `${platform}\u0000${id}`).digest('hex').slice(0, 32),
    key: (domain, id) => mac(`key:${domain}`, id).digest('hex').slice(0, 32),
    erasure: (rawUserId) => mac('erasure', rawUserId).digest('hex'),
  };
}

const segmenter = new Intl.Segmenter('zh', { granularity: 'word' });

/**
 * A whitespace-separated chunk whose words need no segmenter: ASCII words (letters and digits; letters joined by
 * apostrophes; numbers with decimal points or thousands separators; `id:123`), joined by `-` or `/`, between
 * brackets, quotes, currency signs or punctuation. UAX #29 only joins across `'`, `.`, `:`, `,` and `;` when a letter
 * or digit follows on the same side, which these patterns spell out word by word.
 */
const PLAIN_CHUNK =
  /^[("'[€$£+]*((?:[a-z]+(?:'[a-z]+)+|[0-9]+(?:[.,][0-9]+)+|[a-z]+:[0-9]+|[a-z0-9]+)(?:[-/](?:[a-z]+(?:'[a-z]+)+|[0-9]+(?:[.,][0-9]+)+|[a-z]+:[0-9]+|[a-z0-9]+))*)[.,!?;:)"'\]%]*$/;
/** A chunk without letters, digits, marks or connectors (`_`) holds no word. */
const NO_WORD_CHUNK = /^[^\p{L}\p{N}\p{M}\p{Pc}]*$/u;
/** Whitespace that is always a word boundary, unless a combining or format character clings to it. */
const SPACES = /[ \t\r\n]+/;
const CLINGS_TO_SPACE = /[ \t\r\n][\p{M}\p{Cf}]/u;

function addSegmented(text: string, words: Set<string>): void {
  for (const segment of segmenter.segment(text)) {
    if (segment.isWordLike && segment.segment.length <= 64) words.add(segment.segment);
  }
}

/**
 * Normalised search words of a text (lower case, NFKC, word segmentation that also splits Chinese). Plain ASCII
 * words skip the (slow) segmenter; they come out exactly as the segmenter would cut them.
 * @example
 * searchWords('Red DRESS, red!'); // ['red', 'dress']
 */
export function searchWords(text: string): string[] {
  const words = new Set<string>();
  const normalised = text.normalize('NFKC').toLowerCase();
  if (CLINGS_TO_SPACE.test(normalised)) {
    addSegmented(normalised, words);
    return [...words];
  }
  for (const chunk of normalised.split(SPACES)) {
    const plain = PLAIN_CHUNK.exec(chunk)?.[1];
    if (plain !== undefined) {
      for (const part of plain.split(/[-/]/)) {
        for (const word of /^[a-z]+:[0-9]+$/.test(part) ? part.split(':') : [part]) {
          if (word.length <= 64) words.add(word);
        }
      }
    } else if (!NO_WORD_CHUNK.test(chunk)) addSegmented(chunk, words);
  }
  return [...words];
}
