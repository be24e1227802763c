/**
 * Trend charts arrive as SVG; chat platforms want a picture. Rasterising one takes 10–15 ms of CPU (most of it loading
 * fonts), which on the event loop would hold up every other chat's turn; and a trend chart is the same picture for
 * every shopper who asks that week. So pictures are rendered on libuv's thread pool and the latest ones are kept.
 */
import { renderAsync } from '@resvg/resvg-js';
import { LruCache } from '../src/util/lru-cache.ts';

/** Turns a chart's SVG into PNG bytes. */
export type ChartRenderer = (svg: string) => Promise<Buffer>;

/**
 * @param options.width picture width in pixels (default 800)
 * @param options.capacity how many pictures are kept (default 64)
 * @example
 * const renderChart = createChartRenderer();
 * const png = await renderChart(reply.chart.svg); // Buffer starting with the PNG signature
 */
export function createChartRenderer(options: { width?: number; capacity?: number } = {}): ChartRenderer {
  const { width = 800, capacity = 64 } = options;
  // Promises are kept, so shoppers asking at the same moment share one render.
  const pictures = new LruCache<Promise<Buffer>>(capacity);
  return (svg) =>
    pictures.getOrCompute(svg, () => {
      const rendering = renderAsync(svg, { fitTo: { mode: 'width', value: width }, background: 'white' }).then(
        (image) => Buffer.from(image.asPng()),
        (error: Error) => {
          pictures.delete(svg);
          throw new Error(`cannot render chart SVG to PNG: ${error.message}`, { cause: error });
        },
      );
      return rendering;
    });
}
