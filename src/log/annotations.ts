/**
 * Stylists' annotations of logged turns (a rating, tags, the intent and slots the turn should have had, a better
 * item, a note kept encrypted), checked at the edge, and the NLU training lines they make.
 */
import { z } from 'zod';
import { slotValueIssues } from '../nlu/slot-vocabulary.ts';
import { INTENTS, type Intent, SLOT_KEYS, type Slots } from '../types.ts';
import type { LogContext } from './log-rows.ts';
import type { Annotation, AnnotationInput, TrainingLine } from './log-types.ts';

/** Validates an annotation at the edge (the console form and any API). */
export const annotationInputSchema = z
  .object({
    rating: z.number().int().min(1).max(5).optional(),
    tags: z.array(z.string().trim().min(1).max(40)).max(20),
    correctedIntent: z.enum(INTENTS).optional(),
    correctedSlots: z
      .record(z.string(), z.unknown())
      .refine((o) => Object.keys(o).every((k) => (SLOT_KEYS as readonly string[]).includes(k)), {
        message: `unknown slot name; expected some of: ${SLOT_KEYS.join(', ')}`,
      })
      .optional(),
    betterItem: z.string().trim().min(1).max(100).optional(),
    note: z.string().max(4000).optional(),
  })
  .strict();

/** Invalid annotation input; `issues` are shown to the stylist. */
export class AnnotationError extends Error {
  override name = 'AnnotationError';
  constructor(readonly issues: string[]) {
    super(`invalid annotation: ${issues.join('; ')}`);
  }
}

/**
 * Saves (replaces) the annotation of a turn. Throws `AnnotationError` on invalid input or an unknown turn.
 * @example
 * await annotateTurn(context, 12, 'ada', { rating: 2, tags: ['wrong-colour'], correctedIntent: 'refine' });
 */
export async function annotateTurn(
  context: LogContext,
  turnId: number,
  stylist: string,
  input: AnnotationInput,
): Promise<Annotation> {
  const parsed = annotationInputSchema.safeParse(input);
  if (!parsed.success) {
    throw new AnnotationError(parsed.error.issues.map((i) => `${i.path.join('.') || 'annotation'}: ${i.message}`));
  }
  const value = parsed.data;
  if (value.correctedSlots) {
    const issues = slotValueIssues(value.correctedSlots);
    if (issues.length > 0) throw new AnnotationError(issues.map((issue) => `correctedSlots: ${issue}`));
  }
  const annotation: Annotation = { turnId, stylist, tags: value.tags, updatedAt: context.clock.now() };
  if (value.rating !== undefined) annotation.rating = value.rating;
  if (value.correctedIntent !== undefined) annotation.correctedIntent = value.correctedIntent;
  if (value.correctedSlots !== undefined) annotation.correctedSlots = value.correctedSlots as Slots;
  if (value.betterItem !== undefined) annotation.betterItem = value.betterItem;
  if (value.note) annotation.note = value.note;
  await context.db.transaction(async (tx) => {
    const turn = await tx.get<{ conversation_id: string }>('SELECT conversation_id FROM turns WHERE id = ?', [turnId]);
    if (!turn) throw new AnnotationError([`turn ${turnId} does not exist (it may have been erased)`]);
    const columns = [
      annotation.stylist,
      annotation.rating ?? null,
      JSON.stringify(annotation.tags),
      annotation.correctedIntent ?? null,
      annotation.correctedSlots ? JSON.stringify(annotation.correctedSlots) : null,
      annotation.betterItem ?? null,
      annotation.note ? context.cipher.encrypt(annotation.note) : null,
      annotation.updatedAt,
    ];
    await tx.run(
      `INSERT INTO annotations (turn_id, conversation_id, stylist, rating, tags, corrected_intent, corrected_slots,
         better_item, note, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
       ON CONFLICT (turn_id) DO UPDATE SET stylist = excluded.stylist, rating = excluded.rating,
         tags = excluded.tags, corrected_intent = excluded.corrected_intent, corrected_slots = excluded.corrected_slots,
         better_item = excluded.better_item, note = excluded.note, updated_at = excluded.updated_at`,
      [turnId, turn.conversation_id, ...columns],
    );
    await tx.run(
      'UPDATE conversations SET annotated = (SELECT COUNT(*) FROM annotations a WHERE a.conversation_id = ?) WHERE id = ?',
      [turn.conversation_id, turn.conversation_id],
    );
  });
  return annotation;
}

/**
 * NLU training lines from annotations: every turn whose intent or slots a stylist corrected, and every turn
 * rated 4 or 5 without corrections (its parse confirmed). Text is the redacted user message.
 * @example
 * (await trainingLines(context)).map((l) => JSON.stringify(l)).join('\n'); // JSONL for `train nlu`
 */
export async function trainingLines(context: LogContext): Promise<TrainingLine[]> {
  const rows = await context.db.all<{
    content: Buffer;
    intent: string;
    slots: string;
    corrected_intent: string | null;
    corrected_slots: string | null;
    rating: number | null;
  }>(
    `SELECT t.content, t.intent, t.slots, a.corrected_intent, a.corrected_slots, a.rating
     FROM annotations a JOIN turns t ON t.id = a.turn_id
     WHERE a.corrected_intent IS NOT NULL OR a.corrected_slots IS NOT NULL OR a.rating >= 4
     ORDER BY t.at, t.id`,
  );
  const lines: TrainingLine[] = [];
  for (const row of rows) {
    const content = context.open(row.content);
    if (!content || content.text.trim() === '') continue;
    const line: TrainingLine = { text: content.text, intent: (row.corrected_intent ?? row.intent) as Intent };
    const slots = row.corrected_slots ?? (row.corrected_intent ? null : row.slots);
    if (slots) {
      const parsed = JSON.parse(slots) as Slots;
      if (Object.keys(parsed).length > 0) line.slots = parsed;
    }
    lines.push(line);
  }
  return lines;
}
