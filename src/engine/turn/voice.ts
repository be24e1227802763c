/** The language and tone a reply is written in. */
import type { ArmParams } from '../../experiments/definitions.ts';
import type { Language, Parse, Profile, Slots, Tone } from '../../types.ts';

/**
 * The language of the reply: the one the profile keeps (set this turn, by "说中文", or before), else the message's.
 * @example
 * replyLanguage(profile, parse) // 'zh'
 */
export function replyLanguage(profile: Profile, parse: Parse): Language {
  return profile.language ?? parse.language;
}

/** Whether the shopper chose their tone (profiles stored before `toneChosen` existed: any tone but the default). */
function toneChosen(profile: Profile): boolean {
  return profile.toneChosen ?? profile.tone !== 'friendly';
}

/**
 * The tone of the reply: one asked for in this message, else the one the shopper chose, else an experiment arm's,
 * else the default.
 * @example
 * replyTone({ ...profile, tone: 'friendly', toneChosen: true }, {}, { tone: 'concise' }) // 'friendly'
 */
export function replyTone(profile: Profile, slots: Slots, arms: ArmParams): Tone {
  if (slots.tone) return slots.tone;
  if (toneChosen(profile)) return profile.tone;
  return arms.tone ?? profile.tone;
}
