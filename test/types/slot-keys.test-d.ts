/** `SLOT_KEYS` lists every slot of `Slots` and nothing else: adding a slot without listing it fails typechecking. */
import { expectTypeOf, test } from 'vitest';
import type { SLOT_KEYS, Slots } from '../../src/types.ts';

test('SLOT_KEYS names exactly the keys of Slots', () => {
  expectTypeOf<(typeof SLOT_KEYS)[number]>().toEqualTypeOf<keyof Slots>();
});
