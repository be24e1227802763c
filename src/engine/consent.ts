/** Reading a shopper's consent to count their requests in the aggregated trend statistics. */

const ABOUT_TRENDS = /\b(trend|trends|statistics|stats)\b|趋势|统计/i;
const OPT_IN = /\b(opt[- ]?in|share|count|include|use)\b|同意|可以|分享/i;
const OPT_OUT = /\b(opt[- ]?out|don'?t|do not|stop|never|no longer|exclude)\b|不要|不同意|停止|别/i;

/**
 * True for "you can share my requests in trend statistics", false for "stop using my data for trends",
 * undefined when the message is not about trend sharing.
 * @example
 * trendConsent('opt me in to trend stats') // true
 */
export function trendConsent(text: string): boolean | undefined {
  if (!ABOUT_TRENDS.test(text)) return undefined;
  if (OPT_OUT.test(text)) return false;
  if (OPT_IN.test(text)) return true;
  return undefined;
}
