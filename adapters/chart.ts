/** Trend charts arrive as SVG; chat platforms want a picture. */
import { Resvg } from '@resvg/resvg-js';

/**
 * Renders an SVG chart to PNG at `width` pixels (system fonts for the labels).
 * @example
 * const png = svgToPng(reply.chart.svg); // Buffer starting with the PNG signature
 */
export function svgToPng(svg: string, width = 800): Buffer {
  try {
    return Buffer.from(
      new Resvg(svg, { fitTo: { mode: 'width', value: width }, background: 'white' }).render().asPng(),
    );
  } catch (error) {
    throw new Error(`cannot render chart SVG to PNG: ${(error as Error).message}`, { cause: error });
  }
}
