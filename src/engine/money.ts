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

/** How each supported currency is written before an amount. */
const SYMBOLS: Readonly<Record<string, string>> = {
  EUR: '€',
  USD: '$',
  GBP: '£',
  CNY: 'CN¥',
  INR: '₹',
  SEK: 'SEK ',
  JPY: 'JP¥',
};

/**
 * Converts a EUR amount to another currency (unknown currencies are treated as EUR).
 * @example
 * fromEur(104, 'CNY') // 800
 */
export function fromEur(eur: number, currency = 'EUR'): number {
  return eur / (EUR_RATES[currency.toUpperCase()] ?? 1);
}

/**
 * Writes an amount in its currency, whole amounts without decimals.
 * @example
 * formatMoney(800, 'CNY') // 'CN¥800'
 * formatMoney(49.5, 'EUR') // '€49.50'
 */
export function formatMoney(amount: number, currency = 'EUR'): string {
  const code = currency.toUpperCase();
  const symbol = SYMBOLS[code];
  const value = Number.isInteger(amount) ? String(amount) : amount.toFixed(2);
  return symbol ? `${symbol}${value}` : `${value} ${code}`;
}

/**
 * A budget as the shopper said it, with EUR beside when they said another currency (catalogue prices are EUR).
 * @example
 * budgetWords(800, 'CNY') // 'CN¥800 · about €104'
 * budgetWords(60) // '€60'
 */
export function budgetWords(amount: number, currency = 'EUR', language: 'en' | 'zh' = 'en'): string {
  const said = formatMoney(amount, currency);
  if (currency.toUpperCase() === 'EUR' || !(currency.toUpperCase() in EUR_RATES)) return said;
  const eur = `€${Math.round(toEur(amount, currency))}`;
  return language === 'zh' ? `${said}（约${eur}）` : `${said} · about ${eur}`;
}

/**
 * A EUR price for a reply, with the shopper's own currency beside when they gave another one.
 * @example
 * priceInCurrency(29.99, 'zh', 'CNY') // '€29.99 (≈CN¥231)'
 */
export function priceInCurrency(eur: number | undefined, language: 'en' | 'zh', currency?: string): string {
  const price = formatPrice(eur, language);
  if (eur === undefined || !currency || currency.toUpperCase() === 'EUR') return price;
  return `${price} (≈${formatMoney(Math.round(fromEur(eur, currency)), currency)})`;
}
