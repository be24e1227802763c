/**
 * What the console accepts from a browser: the conversation list's filter, the audit page's query and the
 * annotation form, each validated at the edge (zod) and turned into what the log understands.
 */
import { z } from 'zod';
import type { AnnotationInput, ConversationFilter } from '../log/index.ts';
import { INTENTS } from '../types.ts';
import { AUDIT_ACTIONS } from './accounts.ts';

const DATE = /^\d{4}-\d{2}-\d{2}$/;
const DAY_MS = 86_400_000;
const flag = z
  .union([z.literal('1'), z.literal('on'), z.literal('')])
  .optional()
  .transform((v) => v === '1' || v === 'on');

/** The query of the conversation list. */
export const filterSchema = z.object({
  platform: z.enum(['', 'cli', 'telegram', 'discord', 'bench', 'test']).optional(),
  from: z.string().regex(DATE, 'from: expected a date YYYY-MM-DD').or(z.literal('')).optional(),
  to: z.string().regex(DATE, 'to: expected a date YYYY-MM-DD').or(z.literal('')).optional(),
  intent: z.enum(['', ...INTENTS]).optional(),
  low: flag,
  negative: flag,
  unreviewed: flag,
  q: z.string().max(200, 'text search: at most 200 characters').optional(),
  page: z.coerce.number().int().min(1).max(100_000).optional(),
});

/** The query of the audit page. */
export const auditQuerySchema = z.object({
  page: z.coerce.number().int().min(1, 'page: expected 1 or more').max(100_000).optional(),
  action: z.enum(['', 'signed-in', ...AUDIT_ACTIONS], { message: 'action: not an audit action' }).optional(),
});

/** The annotation form of a turn, as posted. */
export const annotationFormSchema = z.object({
  csrf: z.string().optional(),
  rating: z.string().optional(),
  tags: z.string().max(800).optional(),
  corrected_intent: z.string().optional(),
  corrected_slots: z.string().max(2000).optional(),
  better_item: z.string().max(100).optional(),
  note: z.string().max(4000).optional(),
});

/** A conversation filter with the dates as the stylist typed them (to show them again in the form). */
export type ListFilter = ConversationFilter & { fromText?: string; toText?: string };

/**
 * The log's filter for a valid list query: dates are whole UTC days, `from` from its first millisecond, `to` to its
 * last.
 * @example
 * listFilter(filterSchema.parse({ from: '2026-12-01', negative: '1' })); // { from: 1764547200000, negativeFeedback: true, … }
 */
export function listFilter(q: z.infer<typeof filterSchema>): ListFilter {
  const filter: ListFilter = {
    lowConfidence: q.low,
    negativeFeedback: q.negative,
    unreviewed: q.unreviewed,
    page: q.page ?? 1,
  };
  if (q.platform) filter.platform = q.platform;
  if (q.intent) filter.intent = q.intent;
  if (q.from) {
    filter.from = Date.parse(`${q.from}T00:00:00Z`);
    filter.fromText = q.from;
  }
  if (q.to) {
    filter.to = Date.parse(`${q.to}T00:00:00Z`) + DAY_MS - 1;
    filter.toText = q.to;
  }
  if (q.q?.trim()) filter.text = q.q.trim();
  return filter;
}

/**
 * Turns the annotation form into an `AnnotationInput`, or lists what is wrong with it.
 * @example
 * annotationInput({ tags: 'wrong-colour, gift', corrected_slots: '{"color":["navy"]}' }); // { tags: [...], correctedSlots: {...} }
 */
export function annotationInput(form: z.infer<typeof annotationFormSchema>): AnnotationInput | string[] {
  const errors: string[] = [];
  const input: AnnotationInput = {
    tags: (form.tags ?? '')
      .split(',')
      .map((t) => t.trim())
      .filter(Boolean),
  };
  if (form.rating) input.rating = Number(form.rating);
  if (form.corrected_intent) input.correctedIntent = form.corrected_intent as AnnotationInput['correctedIntent'];
  if (form.corrected_slots?.trim()) {
    try {
      const slots = JSON.parse(form.corrected_slots) as unknown;
      if (!slots || typeof slots !== 'object' || Array.isArray(slots))
        errors.push('corrected slots: expected a JSON object');
      else input.correctedSlots = slots as AnnotationInput['correctedSlots'];
    } catch {
      errors.push('corrected slots: not valid JSON (example: {"color":["navy"]})');
    }
  }
  if (form.better_item?.trim()) input.betterItem = form.better_item.trim();
  if (form.note?.trim()) input.note = form.note.trim();
  return errors.length > 0 ? errors : input;
}
