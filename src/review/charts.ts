/** Small SVG bar charts rendered on the server (no script, no external resources). */
import { html, type SafeHtml } from './html.ts';

export interface Bar {
  label: string;
  value: number;
}

/**
 * A vertical bar chart with labels under the bars.
 * @example
 * barChart('Conversations per day', [{ label: '11-02', value: 4 }]);
 */
export function barChart(title: string, bars: Bar[], width = 720, height = 220): SafeHtml {
  if (bars.length === 0) return html`<p class="empty">No data for “${title}”.</p>`;
  const max = Math.max(...bars.map((b) => b.value), 1);
  const plotHeight = height - 50;
  const step = (width - 40) / bars.length;
  const barWidth = Math.max(2, step * 0.7);
  const labelEvery = Math.ceil(bars.length / 12);
  return html`<svg class="chart" role="img" aria-label="${title}" viewBox="0 0 ${width} ${height}" width="${width}" height="${height}" xmlns="http://www.w3.org/2000/svg">
<title>${title}</title>
${bars.map((bar, i) => {
  const h = (bar.value / max) * plotHeight;
  const x = 30 + i * step;
  return html`<g><rect x="${x.toFixed(1)}" y="${(10 + plotHeight - h).toFixed(1)}" width="${barWidth.toFixed(1)}" height="${h.toFixed(1)}" fill="#6b4e9b"><title>${bar.label}: ${bar.value}</title></rect>
${i % labelEvery === 0 ? html`<text x="${(x + barWidth / 2).toFixed(1)}" y="${height - 22}" font-size="10" text-anchor="middle">${bar.label}</text>` : ''}</g>`;
})}
<text x="4" y="18" font-size="10">${max}</text>
<line x1="28" x2="${width - 8}" y1="${10 + plotHeight}" y2="${10 + plotHeight}" stroke="#999"/>
</svg>`;
}

/**
 * A horizontal bar chart (long category labels, e.g. intents).
 * @example
 * hbarChart('Intents', [{ label: 'outfit_request', value: 120 }]);
 */
export function hbarChart(title: string, bars: Bar[], width = 720): SafeHtml {
  if (bars.length === 0) return html`<p class="empty">No data for “${title}”.</p>`;
  const max = Math.max(...bars.map((b) => b.value), 1);
  const row = 20;
  const height = bars.length * row + 10;
  const left = 160;
  return html`<svg class="chart" role="img" aria-label="${title}" viewBox="0 0 ${width} ${height}" width="${width}" height="${height}" xmlns="http://www.w3.org/2000/svg">
<title>${title}</title>
${bars.map((bar, i) => {
  const w = (bar.value / max) * (width - left - 60);
  const y = 5 + i * row;
  return html`<g><text x="${left - 6}" y="${y + 13}" font-size="11" text-anchor="end">${bar.label}</text><rect x="${left}" y="${y + 2}" width="${w.toFixed(1)}" height="${row - 6}" fill="#2f7d6d"/><text x="${(left + w + 4).toFixed(1)}" y="${y + 13}" font-size="11">${bar.value}</text></g>`;
})}
</svg>`;
}
