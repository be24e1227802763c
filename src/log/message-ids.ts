/**
 * Message ids in the log are keyed hashes (see `Hasher.message`): Telegram's raw id is `<chat id>:<message id>`, and a
 * private chat's id is the user's, which would undo the user pseudonyms. Logs written before that hold raw ids; they
 * are pseudonymised once, when the log opens.
 */
import type { Hasher } from './crypto.ts';
import type { SqlDatabase } from './sql.ts';

/** Rows rewritten per transaction. */
const BATCH = 500;

/** A stored hash is 32 hex digits; every raw id has a `:` (platform ids) or a `-` (UUIDs), or another length. */
const RAW_ID =
  "message_id IS NOT NULL AND (length(message_id) <> 32 OR message_id LIKE '%:%' OR message_id LIKE '%-%')";

/**
 * Replaces the raw message ids left in the log by their pseudonyms; resolves to how many rows it changed. A raw id
 * whose turn was also logged under its pseudonym (a journal copied after the upgrade) is cleared instead: the
 * unique index allows one of each.
 * @example
 * const rewritten = await pseudonymiseMessageIds(db, createHasher(keys.pseudonym));
 */
export async function pseudonymiseMessageIds(db: SqlDatabase, hasher: Hasher): Promise<number> {
  let changed = 0;
  for (;;) {
    const done = await db.transaction(async (tx) => {
      const rows = await tx.all<{ id: number; platform: string; conversation_id: string; message_id: string }>(
        `SELECT id, platform, conversation_id, message_id FROM turns WHERE ${RAW_ID} LIMIT ${BATCH}`,
      );
      for (const row of rows) {
        const hashed = hasher.message(row.platform, row.message_id);
        await tx.run(
          `UPDATE turns SET message_id = CASE WHEN EXISTS (
             SELECT 1 FROM turns d WHERE d.conversation_id = ? AND d.message_id = ?) THEN NULL ELSE ? END
           WHERE id = ?`,
          [row.conversation_id, hashed, hashed, row.id],
        );
      }
      return rows.length;
    });
    changed += done;
    if (done < BATCH) return changed;
  }
}
