import { describe, expect, it } from 'vitest';
import { escapeHtml, renderExperimentsReport } from '../../src/experiments/html.ts';
import { emptyReport } from '../../src/experiments/report.ts';
import { fixedClock, seededRandom } from '../../src/util/random.ts';
import { inMemoryExperiments, START, simulateShoppers, twoArmDocument, writeExperimentsFile } from './shoppers.ts';

describe('renderExperimentsReport', () => {
  it('renders arms, intervals, differences and warnings, with every text escaped', async () => {
    const base = twoArmDocument('trend', { trendBoost: 0 }, { trendBoost: 0.5 });
    const description = 'Boost <script>alert("x")</script> & see';
    const document = { ...base, experiments: [{ ...base.experiments[0]!, description }] };
    const clock = fixedClock(START);
    const experiments = await inMemoryExperiments(writeExperimentsFile(document), clock);
    await simulateShoppers(experiments, {
      users: 400,
      prefix: 'html',
      random: seededRandom(3),
      clock,
      behaviour: (params) => ({ positive: params.trendBoost ? 0.5 : 0.05, save: 0.05 }),
    });
    const report = await experiments.report();
    await experiments.close();
    const html = renderExperimentsReport(report);
    expect(html).not.toContain('<script>');
    expect(html).toContain('Boost &lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; see');
    expect(html).toContain('<article class="experiment" data-name="trend">');
    const [armA, armB] = report.experiments[0]!.arms;
    expect(html).toContain(`<td>${armA!.users}</td><td>${armA!.exposures}</td>`);
    expect(html).toContain(`<td>${armB!.users}</td><td>${armB!.exposures}</td>`);
    expect(html).toContain('<code>{&quot;trendBoost&quot;:0.5}</code>');
    expect(html).toMatch(
      /<tr><th scope="row">b − a<\/th><td class="significant">\+\d+\.\d pp \[\+\d+\.\d, \+\d+\.\d\]<\/td>/,
    );
    expect(html).toContain('<th scope="col" class="primary">positive feedback rate</th>');
    expect(html.match(/<tr>/g)).toHaveLength(2 + 2 + 1);
  });

  it('says when experiments are off', () => {
    expect(renderExperimentsReport(emptyReport(START))).toContain('Experiments are off');
  });

  it('escapes the five HTML-special characters', () => {
    expect(escapeHtml(`<a href="x">Tom's & co</a>`)).toBe('&lt;a href=&quot;x&quot;&gt;Tom&#39;s &amp; co&lt;/a&gt;');
  });
});
