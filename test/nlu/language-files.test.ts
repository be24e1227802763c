import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { cueFiles, lexiconFiles, readCueFiles, readLexiconFiles } from '../../src/nlu/language-files.ts';
import { EN_LEXICON, ZH_LEXICON } from '../../src/nlu/lexicon.ts';

let dir: string | undefined;
afterEach(() => {
  if (dir) rmSync(dir, { recursive: true, force: true });
  dir = undefined;
});

function folderWith(file: string, content: unknown): string {
  dir = mkdtempSync(path.join(tmpdir(), 'fa-words-'));
  writeFileSync(path.join(dir, file), JSON.stringify(content));
  return dir;
}

describe('per-language word files', () => {
  it('has a lexicon and a cue file for English and Chinese', () => {
    expect(lexiconFiles().map((f) => f.language)).toEqual(['en', 'zh']);
    expect(cueFiles().map((f) => f.language)).toEqual(['en', 'zh']);
    expect(EN_LEXICON.get('jumper')).toContainEqual({ kind: 'category', value: 'sweater' });
    expect(ZH_LEXICON.get('卫衣')).toContainEqual({ kind: 'category', value: 'hoodie' });
  });

  it('names the file and the entry of a malformed file', () => {
    const bad = { about: 'x', language: 'fr', match: 'words', tables: { colour: { rouge: ['rouge'] } }, stop: [] };
    expect(() => readLexiconFiles(folderWith('fr.json', bad))).toThrow(/fr\.json: tables: Unrecognized key: "colour"/);
    const wrong = { about: 'x', language: 'de', match: 'words', tables: {}, stop: [] };
    expect(() => readLexiconFiles(folderWith('fr.json', wrong))).toThrow(/names language "de"/);
    const cue = { about: 'x', language: 'fr', match: 'letters', cues: {} };
    expect(() => readCueFiles(folderWith('fr.json', cue))).toThrow(/fr\.json: match/);
  });

  it('reads a new language from its files alone', () => {
    const fr = { about: 'x', language: 'fr', match: 'words', tables: { color: { red: ['rouge'] } }, stop: [] };
    expect(readLexiconFiles(folderWith('fr.json', fr))[0]!.tables.color).toEqual({ red: ['rouge'] });
  });
});
