/** Where the H&M dataset's files are, relative to the data directory (data README §2): one place for every reader. */

/** The articles file (attributes and descriptions of 105,542 articles). */
export const HM_ARTICLES = 'hm-personalized-fashion-recommendations/articles.csv.gz';
/** The last week of transactions (one row per unit bought). */
export const HM_TRANSACTIONS = 'hm-personalized-fashion-recommendations/transactions_2020-09-16_to_2020-09-22.csv.gz';
