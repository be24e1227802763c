/**
 * The Bot API calls a chat's every turn makes — `getUpdates`, `sendMessage`, `answerCallbackQuery` and `sendPhoto` of
 * a picture Telegram already holds (by its file id), all plain JSON — sent straight over Node's HTTP client. telegraf sends them through node-fetch 2 (request, header and body objects,
 * a stream piped through another, `JSON.stringify` with a replacer function): about twice the CPU per call, on the
 * thread every turn runs on. Answers and errors are telegraf's: the `result`, or a `TelegramError` carrying the
 * method, the payload and Telegram's `error_code`, `description` and `parameters` (`retry_after`). Uploads and the
 * rare setup calls stay with telegraf.
 */
import { type Agent as HttpAgent, request as httpRequest } from 'node:http';
import { type Agent as HttpsAgent, request as httpsRequest } from 'node:https';
import { TelegramError } from 'telegraf';
import type { Telegram as BotApiMethods, Opts } from 'telegraf/types';

/** The methods sent this way. */
export type JsonMethod = 'getUpdates' | 'sendMessage' | 'answerCallbackQuery' | 'sendPhoto';

/** Calls one Bot API method; resolves with its `result`, rejects with a `TelegramError` when Telegram says no. */
export type JsonBotApi = <M extends JsonMethod>(
  method: M,
  payload: Opts<M>,
  signal?: AbortSignal,
) => Promise<ReturnType<BotApiMethods[M]>>;

/** Longest wait for an answer (telegraf's too); a long poll is answered well within it. */
const ANSWER_TIMEOUT_MS = 500_000;

interface BotApiAnswer {
  ok: boolean;
  result?: unknown;
  error_code: number;
  description: string;
  parameters?: { retry_after?: number; migrate_to_chat_id?: number };
}

/**
 * @param apiRoot `https://api.telegram.org` or a self-hosted Bot API server (`http://…` too)
 * @param agent the adapter's pool of kept-alive connections, of the root's protocol
 * @example
 * const api = createJsonBotApi('https://api.telegram.org', token, agent);
 * const sent = await api('sendMessage', { chat_id: 42, text: 'hi' }); // sent.message_id
 */
export function createJsonBotApi(apiRoot: string, token: string, agent: HttpAgent | HttpsAgent): JsonBotApi {
  const root = new URL(apiRoot);
  const request = root.protocol === 'http:' ? httpRequest : httpsRequest;
  const basePath = `${root.pathname.replace(/\/$/, '')}/bot${token}/`;
  return (method, payload, signal) =>
    new Promise((resolve, reject) => {
      const body = JSON.stringify(payload);
      const req = request(
        {
          protocol: root.protocol,
          hostname: root.hostname,
          port: root.port,
          path: basePath + method,
          method: 'POST',
          agent,
          signal,
          timeout: ANSWER_TIMEOUT_MS,
          headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) },
        },
        (res) => {
          const chunks: Buffer[] = [];
          res.on('data', (chunk: Buffer) => chunks.push(chunk));
          res.on('error', reject);
          res.on('end', () => {
            const status = res.statusCode ?? 0;
            if (status >= 500) {
              reject(
                new TelegramError({ error_code: status, description: res.statusMessage ?? '' }, { method, payload }),
              );
              return;
            }
            let answer: BotApiAnswer;
            try {
              answer = JSON.parse(Buffer.concat(chunks).toString('utf8')) as BotApiAnswer;
            } catch {
              reject(new Error(`Bot API ${method}: HTTP ${status} with an answer that is not JSON`));
              return;
            }
            if (answer.ok) resolve(answer.result as ReturnType<BotApiMethods[typeof method]>);
            else reject(new TelegramError(answer, { method, payload }));
          });
        },
      );
      req.on('timeout', () => req.destroy(new Error(`Bot API ${method}: no answer in ${ANSWER_TIMEOUT_MS} ms`)));
      req.on('error', reject);
      req.end(body);
    });
}
