/**
 * Colour palettes shoppers name instead of colours ("warm colours", "dark colours", 素一点的颜色) and the canonical
 * catalogue colours each stands for. The words for them are in the lexicon files (`palette` tables); which colours
 * belong to which palette is the same in every language, so it lives here.
 */
import { isColor } from '../catalog/taxonomy.ts';

/** Palette → canonical colours (the usual colour-wheel and wardrobe groupings). */
export const PALETTES: Readonly<Record<string, readonly string[]>> = {
  warm: ['red', 'burgundy', 'maroon', 'orange', 'rust', 'peach', 'yellow', 'mustard', 'brown', 'camel', 'tan', 'beige'],
  cool: ['navy', 'blue', 'light-blue', 'teal', 'turquoise', 'purple', 'lavender', 'grey', 'light-grey', 'magenta'],
  dark: ['black', 'charcoal', 'navy', 'olive', 'brown'],
  light: ['white', 'off-white', 'cream', 'beige', 'light-grey', 'light-blue', 'light-pink', 'light-green', 'lavender'],
  pastel: ['light-pink', 'light-blue', 'light-green', 'lavender', 'peach', 'cream'],
  bright: ['red', 'yellow', 'orange', 'magenta', 'pink', 'turquoise', 'green', 'blue'],
  neutral: [
    'black',
    'white',
    'off-white',
    'cream',
    'grey',
    'light-grey',
    'charcoal',
    'beige',
    'camel',
    'navy',
    'khaki',
  ],
  muted: ['grey', 'charcoal', 'light-grey', 'beige', 'cream', 'off-white', 'khaki', 'navy', 'olive', 'camel', 'brown'],
  earth: ['brown', 'camel', 'tan', 'olive', 'khaki', 'rust', 'beige', 'mustard'],
};

for (const [palette, colors] of Object.entries(PALETTES)) {
  for (const color of colors)
    if (!isColor(color)) throw new Error(`palette ${palette}: "${color}" is no catalogue colour`);
}

/**
 * The colours of a palette (none for an unknown name).
 * @example
 * paletteColors('dark'); // ['black', 'charcoal', 'navy', 'olive', 'brown']
 */
export function paletteColors(palette: string): readonly string[] {
  return PALETTES[palette] ?? [];
}
