/** Currency handling: catalogue prices are EUR; users may say amounts in other currencies. */

/** EUR per unit of each supported currency (fixed reference rates, documented in the README). */
export const EUR_RATES: Readonly<Record<string, number>> = {
  EUR: 1,
  USD: 0.92,
  GBP: 1.17,
  CNY: 0.13,
  INR: 0.011,
  SEK: 0.087,
  JPY: 0.0062,
};

/**
 * Converts an amount to EUR; unknown currencies are treated as EUR.
 * @example
 * toEur(100, 'USD') // 92
 */
export function toEur(amount: number, currency = 'EUR'): number {
  return amount * (EUR_RATES[currency.toUpperCase()] ?? 1);
}

/**
 * Formats a EUR price for a reply.
 * @example
 * formatPrice(24.9) // '€24.90'
 */
export function formatPrice(eur: number | undefined, language: 'en' | 'zh' = 'en'): string {
  if (eur === undefined) return language === 'zh' ? '价格未知' : 'price n/a';
  return `€${eur.toFixed(2)}`;
}
