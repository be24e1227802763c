import { describe, expect, it } from 'vitest';
import { deferredComposer, NOT_LOADED } from '../../src/deferred-composer.ts';
import type { OutfitComposer, OutfitRequest, Profile } from '../../src/types.ts';

const request = { k: 3 } as unknown as OutfitRequest;
const profile = {} as Profile;

/** A loader that counts its calls and returns a composer naming itself. */
function countingLoader() {
  const calls = { loads: 0, composes: 0 };
  const load = (): OutfitComposer => {
    calls.loads++;
    return {
      name: 'outfits:test',
      compose: () => {
        calls.composes++;
        return [];
      },
    };
  };
  return { calls, load };
}

describe('deferredComposer', () => {
  it('loads nothing until asked, and says so in its name', () => {
    const { calls, load } = countingLoader();
    const composer = deferredComposer(load);
    expect(composer.name).toBe(NOT_LOADED);
    expect(composer.loaded).toBe(false);
    expect(calls.loads).toBe(0);
  });

  it('loads once on the first compose and then reports the loaded name', () => {
    const { calls, load } = countingLoader();
    const composer = deferredComposer(load);
    composer.compose(request, profile);
    composer.compose(request, profile);
    expect(calls).toEqual({ loads: 1, composes: 2 });
    expect(composer.name).toBe('outfits:test');
  });

  it('warm loads ahead of the first compose, once', () => {
    const { calls, load } = countingLoader();
    const composer = deferredComposer(load);
    composer.warm();
    composer.warm();
    composer.compose(request, profile);
    expect(calls.loads).toBe(1);
    expect(composer.loaded).toBe(true);
  });
});
