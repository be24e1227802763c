import { describe, expect, it } from 'vitest';
import { climateNeeds, colorPairHarmony, formalityCoherence, outfitHarmony } from '../../src/outfits/rules.ts';
import { templatesFor } from '../../src/outfits/templates.ts';

describe('colour harmony', () => {
  it('treats neutrals as safe, same families as tonal, and clashes as poor', () => {
    expect(colorPairHarmony('navy', 'white')).toBe(1);
    expect(colorPairHarmony('red', 'pink')).toBeLessThan(0.3);
    expect(colorPairHarmony('blue', 'orange')).toBeGreaterThan(colorPairHarmony('red', 'orange'));
    expect(outfitHarmony([['white'], ['navy'], ['brown']])).toEqual({ score: 1, kind: 'neutral' });
    expect(outfitHarmony([['red'], ['black'], ['white']]).kind).toBe('accent');
    expect(outfitHarmony([['light-blue'], ['blue'], ['white']]).kind).toBe('tonal');
  });

  it('penalises more than two competing accent colours', () => {
    const busy = outfitHarmony([['red'], ['green'], ['purple'], ['yellow']]);
    expect(busy.kind).toBe('busy');
    expect(busy.score).toBeLessThan(outfitHarmony([['red'], ['black'], ['white'], ['grey']]).score);
  });
});

describe('formality and climate', () => {
  it('scores coherent formality higher, and being off the occasion lower', () => {
    expect(formalityCoherence(0.05, 0.8)).toBeGreaterThan(formalityCoherence(0.6, 0.5));
    expect(formalityCoherence(0, 0.2, { min: 0.6, max: 1 })).toBeLessThan(
      formalityCoherence(0, 0.8, { min: 0.6, max: 1 }),
    );
  });

  it('maps temperatures to seasons and outer layers', () => {
    expect(climateNeeds(undefined, { temperatureC: 5 })).toMatchObject({
      seasons: ['winter'],
      outerwearRequired: true,
    });
    expect(climateNeeds(undefined, { temperatureC: 28 })).toMatchObject({
      seasons: ['summer'],
      outerwearExcluded: true,
    });
    expect(climateNeeds('summer', { temperatureC: 2 }).seasons).toEqual(['winter']);
    expect(climateNeeds('autumn', { temperatureC: 12 }).seasons).toEqual(['autumn']);
    expect(climateNeeds('autumn', undefined)).toMatchObject({ outerwearRequired: false, outerwearSuggested: true });
    expect(climateNeeds(undefined, undefined).seasons).toBeUndefined();
  });
});

describe('templates', () => {
  it('offers dresses to women, suits only for formal occasions, swimwear only at the beach', () => {
    expect(templatesFor('women', 'wedding').map((t) => t.name)).toContain('dress');
    expect(templatesFor('men', 'wedding').map((t) => t.name)).not.toContain('dress');
    expect(templatesFor('men', 'gym').map((t) => t.name)).not.toContain('suit');
    expect(templatesFor('women', 'beach').map((t) => t.name)).toContain('swimwear');
    expect(templatesFor('women', 'work').map((t) => t.name)).not.toContain('swimwear');
  });
});
