/** "Forget the yellow thing", "forget that I hate yellow", "forget my sizes": the preferences a message names. */
import type { Parse } from '../types.ts';

/** Preferences a shopper asks to be forgotten ("forget the yellow thing", "forget my sizes"). */
export interface ForgottenPreferences {
  colors: string[];
  materials: string[];
  sizes: boolean;
}

/**
 * The preferences a message asks to forget, when it names some: colours and fabrics it mentions (as a wish, a
 * dislike or "the yellow thing"), sizes. Undefined for a message that asks to forget nothing in particular.
 * @example
 * forgottenPreferences(parseOf('forget that I hate yellow')) // { colors: ['yellow'], materials: [], sizes: false }
 */
export function forgottenPreferences(parse: Parse): ForgottenPreferences | undefined {
  const { forget, color, exclude_color, reference, material, exclude_material } = parse.slots;
  if ((parse.intent !== 'privacy_forget' && parse.intent !== 'set_preference') || !forget) return undefined;
  const colors = [...new Set([...(color ?? []), ...(exclude_color ?? [])])];
  if (reference?.kind === 'attribute' && reference.color && !colors.includes(reference.color)) {
    colors.push(reference.color);
  }
  const materials = [...new Set([...(material ? [material] : []), ...(exclude_material ?? [])])];
  const sizes = forget === 'sizes';
  return colors.length > 0 || materials.length > 0 || sizes ? { colors, materials, sizes } : undefined;
}
