/**
 * Optional LLM restyling of replies that show items: any OpenAI-compatible chat-completions endpoint (OpenAI, GLM,
 * DeepSeek, Ollama, vLLM …) rewrites the template text in the user's tone and language, from the prompt in
 * `prompts/llm/restyle.md`. The model is told only the draft, the chosen items and the shopper's stated preferences.
 * Its answer is checked (`checkRewrite`): it adds no link, handle, e-mail address, phone number, mention, markup or
 * control character the draft did not have, keeps every item name and price, names no other catalogue id, stays short
 * and in the reply's language. On any error, timeout or failed check the draft is used unchanged, and the restyler
 * counts the fallback by reason.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { Config } from '../config.ts';
import type { Item, Language, Logger, Profile, Restyler, Tone } from '../types.ts';
import { priceChange, type UnsafeReason, unsafeAddition } from './rewrite-safety.ts';

/** Longest reply any platform takes safely (Telegram allows 4096 characters, Discord 2000 per message chunk). */
export const MAX_REPLY_CHARS = 3500;
/** How much longer than the draft a rewrite may be. */
export const MAX_GROWTH = 1.5;

/** The preferences a shopper stated, as far as the restyler may see them. */
export type StatedPreferences = Partial<
  Pick<
    Profile,
    'gender' | 'likedColors' | 'dislikedColors' | 'dislikedMaterials' | 'styles' | 'budgetMax' | 'currency' | 'sizes'
  >
>;

/**
 * What the engine passes to a restyler. `preferences` is optional: the engine's `Restyler` draft does not carry the
 * profile yet; when it does, the prompt includes them.
 */
export type RestyleDraft = Parameters<Restyler>[0] & { preferences?: StatedPreferences };

/** Why a rewrite was rejected (also the log's `reason`). */
export type RejectReason =
  | 'timeout'
  | 'network'
  | 'http_status'
  | 'invalid_response'
  | 'empty'
  | 'too_long'
  | 'missing_item'
  | 'unknown_item'
  | 'wrong_language'
  | UnsafeReason;

export type CheckResult = { ok: true; text: string } | { ok: false; reason: RejectReason; detail?: string };

/** Catalogue ids written as `[source:id]`, or bare with a known source prefix. */
const BRACKETED_ID = /\[([a-z][\w-]*:[^\]\s]+)\]/gi;
const BARE_ID = /\b((?:myntra|hm|demo):[\w.-]*\w)/gi;
const HAN = /\p{Script=Han}/u;

/** Every catalogue-id-looking token in a text. */
export function catalogIdsIn(text: string): Set<string> {
  return new Set([...text.matchAll(BRACKETED_ID), ...text.matchAll(BARE_ID)].flatMap((m) => m[1]?.toLowerCase() ?? []));
}

/**
 * Checks a model's rewrite against the draft and the chosen items.
 * @example
 * checkRewrite('Try Navy shirt [demo:m-1]!', { text: draft, items: [navyShirt], language: 'en' }) // { ok: true, … }
 */
export function checkRewrite(
  answer: string,
  draft: { text: string; items: readonly Item[]; language: Language },
): CheckResult {
  const text = answer.trim();
  if (text === '') return { ok: false, reason: 'empty' };
  const limit = Math.min(Math.ceil(draft.text.length * MAX_GROWTH), MAX_REPLY_CHARS);
  if (text.length > limit) return { ok: false, reason: 'too_long', detail: `${text.length} > ${limit} characters` };
  const unsafe = unsafeAddition(text, draft.text);
  if (unsafe) return { ok: false, ...unsafe };
  const lower = text.toLowerCase();
  // Names the template shows must stay as they are; an item the template names only by id needs its id or name.
  const missing = draft.items.filter((i) =>
    draft.text.includes(i.name)
      ? !text.includes(i.name)
      : !lower.includes(i.id.toLowerCase()) && !text.includes(i.name),
  );
  if (missing.length) return { ok: false, reason: 'missing_item', detail: missing.map((i) => i.id).join(', ') };
  const chosen = new Set(draft.items.map((i) => i.id.toLowerCase()));
  const unknown = [...catalogIdsIn(text)].filter((id) => !chosen.has(id));
  if (unknown.length) return { ok: false, reason: 'unknown_item', detail: unknown.join(', ') };
  const price = priceChange(text, draft.text);
  if (price) return { ok: false, ...price };
  if (draft.language === 'zh' && !HAN.test(text.replace(/\[[^\]]*\]/g, '')))
    return { ok: false, reason: 'wrong_language' };
  return { ok: true, text };
}

/** The sections of `prompts/llm/restyle.md`. */
export type RestylePrompt = Map<string, string>;

/** Reads the restyle prompt: `## name` sections, `>` comment lines ignored. */
export function loadRestylePrompt(file: string): RestylePrompt {
  const sections: RestylePrompt = new Map();
  let name: string | undefined;
  const lines: string[] = [];
  const flush = () => {
    if (name) sections.set(name, lines.join('\n').trim());
    lines.length = 0;
  };
  for (const line of readFileSync(file, 'utf8').split('\n')) {
    if (line.startsWith('## ')) {
      flush();
      name = line.slice(3).trim();
    } else if (name && !line.startsWith('>')) lines.push(line);
  }
  flush();
  for (const required of ['system', 'user']) {
    if (!sections.get(required)) throw new Error(`${file}: missing "## ${required}" section`);
  }
  return sections;
}

function describePreferences(p: StatedPreferences | undefined): string {
  if (!p) return '- none stated';
  const lines = [
    p.gender ? `- department: ${p.gender}` : '',
    p.likedColors?.length ? `- likes: ${p.likedColors.join(', ')}` : '',
    p.dislikedColors?.length ? `- avoids colours: ${p.dislikedColors.join(', ')}` : '',
    p.dislikedMaterials?.length ? `- avoids materials: ${p.dislikedMaterials.join(', ')}` : '',
    p.styles?.length ? `- styles: ${p.styles.join(', ')}` : '',
    p.budgetMax !== undefined ? `- budget: up to ${p.budgetMax} ${p.currency ?? 'EUR'}` : '',
    p.sizes && Object.keys(p.sizes).length
      ? `- sizes: ${Object.entries(p.sizes)
          .map(([k, v]) => `${k} ${v}`)
          .join(', ')}`
      : '',
  ].filter(Boolean);
  return lines.length ? lines.join('\n') : '- none stated';
}

/**
 * The chat messages for one draft: only the draft, the chosen items' names and ids, and the stated preferences.
 * @example
 * restyleMessages(prompt, { text, items, intent: 'product_search', language: 'en', tone: 'editorial' })
 */
export function restyleMessages(
  prompt: RestylePrompt,
  draft: RestyleDraft,
): { role: 'system' | 'user'; content: string }[] {
  const fill = (template: string, vars: Record<string, string>) =>
    template.replace(/\{(\w+)\}/g, (whole, name: string) => vars[name] ?? whole);
  const vars: Record<string, string> = {
    tone: draft.tone,
    tone_guide: prompt.get(`tone_${draft.tone}`) ?? '',
    language: prompt.get(`language_${draft.language}`) ?? draft.language,
    items: draft.items.map((i) => `- ${i.name} [${i.id}]`).join('\n'),
    preferences: describePreferences(draft.preferences),
    draft: draft.text,
  };
  return [
    { role: 'system', content: fill(requiredSection(prompt, 'system'), vars) },
    { role: 'user', content: fill(requiredSection(prompt, 'user'), vars) },
  ];
}

/** A section `loadRestylePrompt` insists on; throws for a prompt built without it. */
function requiredSection(prompt: RestylePrompt, name: 'system' | 'user'): string {
  const text = prompt.get(name);
  if (text === undefined) throw new Error(`the restyle prompt has no "## ${name}" section`);
  return text;
}

class RestyleFailure extends Error {
  constructor(
    readonly reason: RejectReason,
    detail: string,
  ) {
    super(detail);
  }
}

/** One chat-completions call; resolves to the answer's text or throws a `RestyleFailure`. */
async function complete(
  config: Config,
  baseUrl: string,
  messages: ReturnType<typeof restyleMessages>,
  tone: Tone,
): Promise<string> {
  const controller = new AbortController();
  const timer = setTimeout(() => controller.abort(), config.LLM_TIMEOUT_MS);
  const url = `${baseUrl.replace(/\/+$/, '')}/chat/completions`;
  try {
    const response = await fetch(url, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        ...(config.LLM_API_KEY ? { authorization: `Bearer ${config.LLM_API_KEY}` } : {}),
      },
      body: JSON.stringify({ model: config.LLM_MODEL, messages, temperature: tone === 'concise' ? 0.3 : 0.7 }),
      signal: controller.signal,
    });
    const body = await response.text();
    if (!response.ok) throw new RestyleFailure('http_status', `HTTP ${response.status} from ${url}`);
    let content: unknown;
    try {
      content = JSON.parse(body)?.choices?.[0]?.message?.content;
    } catch {
      throw new RestyleFailure('invalid_response', `not JSON from ${url}`);
    }
    if (typeof content !== 'string') throw new RestyleFailure('invalid_response', `no choices[0].message.content`);
    return content;
  } catch (error) {
    if (error instanceof RestyleFailure) throw error;
    if (controller.signal.aborted) throw new RestyleFailure('timeout', `no answer within ${config.LLM_TIMEOUT_MS} ms`);
    throw new RestyleFailure('network', `${url}: ${(error as Error).message}`);
  } finally {
    clearTimeout(timer);
  }
}

/** A restyler that also says how often it kept the template text, by reason, and how often it used a rewrite. */
export type CountingRestyler = Restyler & {
  /** Rewrites used and fallbacks to the template by reason, since the restyler was created. */
  counts(): { restyled: number; fallbacks: Partial<Record<RejectReason, number>> };
};

/** Fallback counts at which an info line reports the running total (the first one of a kind is a warning). */
const isMilestone = (n: number) => n >= 10 && /^10*$/.test(String(n));

/**
 * A restyler over the configured chat-completions endpoint, or undefined when `LLM_BASE_URL` is unset.
 * Replies without items keep their template text. Never throws: every failure resolves to the draft, is counted by
 * reason (`counts()`) and logged with its running count — a warning the first time for each reason, an info line at
 * 10, 100, 1000 … of a reason, debug otherwise.
 * @example
 * const restyle = createRestyler(loadConfig({ LLM_BASE_URL: 'http://127.0.0.1:11434/v1', LLM_MODEL: 'qwen2.5' }), logger);
 * const engine = createEngine({ ...deps, restyle });
 */
export function createRestyler(config: Config, logger: Logger): CountingRestyler | undefined {
  const baseUrl = config.LLM_BASE_URL;
  if (!baseUrl) return undefined;
  const prompt = loadRestylePrompt(path.join(config.projectRoot, 'prompts', 'llm', 'restyle.md'));
  const fallbacks: Partial<Record<RejectReason, number>> = {};
  let restyled = 0;
  const reject = (reason: RejectReason, detail?: string) => {
    const count = (fallbacks[reason] ?? 0) + 1;
    fallbacks[reason] = count;
    const message = 'LLM restyling skipped; using the template text';
    if (count === 1) logger.warn(message, { reason, detail, count });
    else if (isMilestone(count)) logger.info(message, { reason, detail, count });
    else logger.debug(message, { reason, detail, count });
  };
  const restyle = async (draft: RestyleDraft) => {
    if (draft.items.length === 0) return draft.text;
    try {
      const answer = await complete(config, baseUrl, restyleMessages(prompt, draft), draft.tone);
      const checked = checkRewrite(answer, draft);
      if (checked.ok) {
        restyled++;
        return checked.text;
      }
      reject(checked.reason, checked.detail);
    } catch (error) {
      if (error instanceof RestyleFailure) reject(error.reason, error.message);
      else reject('network', (error as Error).message);
    }
    return draft.text;
  };
  return Object.assign(restyle, { counts: () => ({ restyled, fallbacks: { ...fallbacks } }) });
}
