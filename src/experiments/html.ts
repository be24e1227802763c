/** The experiments report as an HTML fragment for the stylist console (every value escaped). */
import { OUTCOME_TYPES } from './definitions.ts';
import { type ExperimentReport, type ExperimentsReport, formatDifference, metricLabel, percent } from './report.ts';
import type { Proportion } from './stats.ts';

const ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

/** Escapes text for HTML element content and quoted attributes. */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ESCAPES[c] ?? c);
}

/**
 * Renders the report as a `<section class="experiments">` fragment: per experiment a table of arms (users, exposures,
 * rates with 95% intervals), a table of differences to the baseline, the sample-ratio check and the warnings.
 * @example
 * reply.type('text/html').send(layout('Experiments', renderExperimentsReport(await experiments.report())));
 */
export function renderExperimentsReport(report: ExperimentsReport): string {
  const head = `<p class="experiments-meta">Generated ${escapeHtml(report.generatedAt)}. Unit: user; rates are the share of an arm's users with at least one such event; 95% intervals (continuity-corrected Wilson; Newcombe method 11 for differences).</p>`;
  if (!report.enabled) {
    return '<section class="experiments"><h2>Experiments</h2><p>Experiments are off (set <code>FASHION_EXPERIMENTS</code>).</p></section>';
  }
  const body =
    report.experiments.length === 0
      ? '<p>No experiments configured.</p>'
      : report.experiments.map(renderExperiment).join('\n');
  const unconfigured =
    report.unconfigured.length > 0
      ? `<p class="experiments-unconfigured">Stored data of experiments not in the config: ${escapeHtml(report.unconfigured.join(', '))}</p>`
      : '';
  return `<section class="experiments"><h2>Experiments</h2>${head}\n${body}${unconfigured}</section>`;
}

function renderExperiment(e: ExperimentReport): string {
  const interval = (p: Proportion) =>
    `${percent(p.rate)} <small>[${percent(p.low)}, ${percent(p.high)}]</small> <small>(${p.successes})</small>`;
  const metricHeaders = OUTCOME_TYPES.map(
    (t) => `<th scope="col"${t === e.primaryMetric ? ' class="primary"' : ''}>${escapeHtml(metricLabel(t))}</th>`,
  ).join('');
  const armRows = e.arms
    .map(
      (arm) =>
        `<tr><th scope="row">${escapeHtml(arm.name)}${arm.name === e.baseline ? ' <small>(baseline)</small>' : ''}</th>` +
        `<td><code>${escapeHtml(JSON.stringify(arm.params))}</code></td><td>${percent(arm.share)}</td>` +
        `<td>${arm.users}</td><td>${arm.exposures}</td>` +
        OUTCOME_TYPES.map((t) => `<td>${interval(arm.rates[t])}</td>`).join('') +
        '</tr>',
    )
    .join('');
  const comparisonRows = e.comparisons
    .map(
      (c) =>
        `<tr><th scope="row">${escapeHtml(c.arm)} − ${escapeHtml(c.baseline)}</th>` +
        OUTCOME_TYPES.map((t) => {
          const d = c.differences[t];
          return `<td${d.significant ? ' class="significant"' : ''}>${escapeHtml(formatDifference(d))}</td>`;
        }).join('') +
        '</tr>',
    )
    .join('');
  const warnings =
    e.warnings.length > 0
      ? `<ul class="warnings">${e.warnings.map((w) => `<li>⚠ ${escapeHtml(w)}</li>`).join('')}</ul>`
      : '';
  const window = `${escapeHtml(e.start)}${e.stop ? ` – ${escapeHtml(e.stop)}` : ''}`;
  return [
    `<article class="experiment" data-name="${escapeHtml(e.name)}">`,
    `<h3>${escapeHtml(e.name)} <small>${escapeHtml(e.status)}, ${window}</small></h3>`,
    e.description ? `<p>${escapeHtml(e.description)}</p>` : '',
    `<p>Primary metric: <strong>${escapeHtml(metricLabel(e.primaryMetric))}</strong>.</p>`,
    warnings,
    `<table class="arms"><thead><tr><th scope="col">arm</th><th scope="col">params</th><th scope="col">split</th><th scope="col">users</th><th scope="col">exposures</th>${metricHeaders}</tr></thead><tbody>${armRows}</tbody></table>`,
    `<table class="differences"><caption>Difference to the baseline, percentage points [95% interval]</caption><thead><tr><th scope="col">comparison</th>${metricHeaders}</tr></thead><tbody>${comparisonRows}</tbody></table>`,
    `<p class="srm">Sample ratio check: χ² = ${e.sampleRatio.chiSquare.toFixed(2)}, p = ${e.sampleRatio.pValue.toPrecision(3)}${e.sampleRatio.mismatch ? ' — <strong>mismatch</strong>' : ''}.</p>`,
    '</article>',
  ].join('\n');
}
