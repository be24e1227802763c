/**
 * Pseudonymous user ids: a keyed HMAC of the platform user id, so stored rows never hold the raw id and cannot be
 * linked back to it without the key. (The conversation log module had none when this was written; when it gets
 * one, both should share it.)
 */
import { createHmac } from 'node:crypto';

/**
 * The pseudonym of a platform user id: hex HMAC-SHA256 under `key`.
 * @example
 * pseudonymize(config.PSEUDONYM_KEY!, 'telegram:42'); // '5f0c…' (64 hex characters)
 */
export function pseudonymize(key: string, rawUserId: string): string {
  if (key.length === 0) throw new Error('pseudonymize: empty key');
  return createHmac('sha256', key).update(rawUserId).digest('hex');
}
