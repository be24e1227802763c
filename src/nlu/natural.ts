/**
 * The parts of `natural` the parser uses, loaded by module path: importing the package index loads every
 * corpus and storage back-end it ships (about a second, and a `.env` loader that prints to stdout).
 */
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);

/** Porter stemmer (`natural.PorterStemmer`). */
export const PorterStemmer = require('natural/lib/natural/stemmers/porter_stemmer') as { stem(word: string): string };

/** String distances (`natural.DamerauLevenshteinDistance`). */
export const distances = require('natural/lib/natural/distance/levenshtein_distance') as {
  DamerauLevenshteinDistance(a: string, b: string, options?: { restricted?: boolean }): number;
};

/** English stop words (`natural.stopwords`). */
export const stopwords = (require('natural/lib/natural/util/stopwords') as { words: string[] }).words;
