import { createServer, type IncomingMessage as HttpRequest, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { type WebSocket, WebSocketServer } from 'ws';

/** One REST request the bot made. `body` is the JSON body, or `payload_json` of a multipart body. */
export interface RecordedRequest {
  method: string;
  path: string;
  body: Record<string, unknown> | undefined;
  /** Files of a multipart body: name and bytes. */
  files: { name: string; bytes: Buffer }[];
  at: number;
}

export interface DiscordUser {
  id: string;
  username: string;
  discriminator: string;
  global_name: string | null;
  avatar: null;
  bot?: boolean;
}

/** One IDENTIFY: the bot's token, intents and, when sharded, `[shard id, shard count]`. */
export interface Identify {
  intents: number;
  token: string;
  shard?: [number, number];
}

/** A guild of the local Discord, with its one text channel. */
export interface LocalGuild {
  id: string;
  channelId: string;
}

export interface LocalDiscord {
  apiBase: string;
  applicationId: string;
  bot: DiscordUser;
  /** The first guild (on shard 0) and its channel. */
  guildId: string;
  guildChannelId: string;
  /** Every guild; guild i is on shard i mod the shard count. */
  guilds: LocalGuild[];
  requests: RecordedRequest[];
  /** The latest IDENTIFY payload, once the bot identified. */
  identify?: Identify;
  /** Every IDENTIFY, in order (one per shard connection). */
  identifies: Identify[];
  /** Resolves when the bot identified and got READY (its first shard). */
  identified: Promise<void>;
  /** Resolves once a connection of shard `id` is READY. */
  shardReady(id: number): Promise<void>;
  /**
   * Sends a dispatch event (op 0) to the connection of the shard it belongs to, as Discord does: the shard of its
   * `guild_id`, or shard 0 for direct messages. Throws when no connection holds that shard.
   */
  dispatch(type: string, data: unknown): void;
  /**
   * Users who accept no direct messages from the bot: opening the DM channel works, sending to it fails with
   * `403 Cannot send messages to this user` (code 50007), as on Discord.
   */
  closedDirectMessages: Set<string>;
  /** The DM channel opened (`POST /users/@me/channels`) with each user, by user id. */
  directChannels: Map<string, string>;
  /** Requests whose path matches. */
  find(pattern: RegExp): RecordedRequest[];
  stop(): Promise<void>;
}

let snowflake = 100_000_000_000_000_000n;
/** A fresh snowflake id. */
export const nextId = () => String(snowflake++);

/** Makes a user object. */
export function makeUser(username: string, bot = false): DiscordUser {
  return {
    id: nextId(),
    username,
    discriminator: '0',
    global_name: username,
    avatar: null,
    ...(bot ? { bot: true } : {}),
  };
}

const readBody = async (request: HttpRequest): Promise<Buffer> => {
  const chunks: Buffer[] = [];
  for await (const chunk of request) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
};

async function parseBody(request: HttpRequest, raw: Buffer): Promise<Pick<RecordedRequest, 'body' | 'files'>> {
  const type = request.headers['content-type'] ?? '';
  if (raw.length === 0) return { body: undefined, files: [] };
  if (type.startsWith('multipart/form-data')) {
    const form = await new Response(new Uint8Array(raw), { headers: { 'content-type': type } }).formData();
    const files: RecordedRequest['files'] = [];
    let body: Record<string, unknown> | undefined;
    for (const [key, value] of form.entries()) {
      if (key === 'payload_json') body = JSON.parse(String(value));
      else if (typeof value !== 'string')
        files.push({ name: value.name, bytes: Buffer.from(await value.arrayBuffer()) });
    }
    return { body, files };
  }
  return { body: JSON.parse(raw.toString('utf8')), files: [] };
}

/** The shard Discord delivers a guild's events on: `(guild_id >> 22) % shard count`. */
export function shardOf(guildId: string, shardCount: number): number {
  return Number((BigInt(guildId) >> 22n) % BigInt(shardCount));
}

/**
 * Starts the local Discord on 127.0.0.1.
 * @param options.applicationFlags the application's flags (`1 << 18` grants MESSAGE_CONTENT)
 * @param options.shards the shard count `GET /gateway/bot` recommends (default 1); bots may connect with any count
 * @param options.guilds how many guilds the bot is in (default 1)
 */
export async function startLocalDiscord({ applicationFlags = 0, shards = 1, guilds = 1 } = {}): Promise<LocalDiscord> {
  const applicationId = nextId();
  const bot = makeUser('StyleBot', true);
  // Guild i's id is (1,000,000 + i) << 22 (a snowflake of that timestamp): on shard i mod any count dividing 10^6.
  const guildList = Array.from({ length: guilds }, (_, i) => ({
    id: String(BigInt(1_000_000 + i) << 22n),
    channelId: nextId(),
  }));
  /** Connections by shard id, with the shard count they identified with. */
  const connections = new Map<number, { socket: WebSocket; count: number; sequence: number }>();
  const readyWaiters = new Map<number, (() => void)[]>();
  let markIdentified!: () => void;

  const http = createServer();
  const gateway = new WebSocketServer({ server: http });
  await new Promise<void>((resolve) => http.listen(0, '127.0.0.1', resolve));
  const port = (http.address() as AddressInfo).port;

  const send = (shard: number, type: string, data: unknown) => {
    const connection = connections.get(shard);
    if (!connection) throw new Error(`no bot connection holds shard ${shard} of the local gateway`);
    connection.socket.send(JSON.stringify({ op: 0, t: type, s: ++connection.sequence, d: data }));
  };

  const discord: LocalDiscord = {
    apiBase: `http://127.0.0.1:${port}/api`,
    applicationId,
    bot,
    guildId: guildList[0]!.id,
    guildChannelId: guildList[0]!.channelId,
    guilds: guildList,
    requests: [],
    identifies: [],
    identified: new Promise<void>((resolve) => {
      markIdentified = resolve;
    }),
    shardReady: (id) =>
      connections.has(id)
        ? Promise.resolve()
        : new Promise((resolve) => readyWaiters.set(id, [...(readyWaiters.get(id) ?? []), resolve])),
    dispatch(type, data) {
      const guildId = (data as { guild_id?: string }).guild_id;
      const count = connections.values().next().value?.count ?? 1;
      send(guildId ? shardOf(guildId, count) : 0, type, data);
    },
    closedDirectMessages: new Set(),
    directChannels: new Map(),
    find: (pattern) => discord.requests.filter((r) => pattern.test(`${r.method} ${r.path}`)),
    async stop() {
      for (const client of gateway.clients) client.terminate();
      await new Promise((resolve) => gateway.close(resolve));
      http.closeAllConnections();
      await new Promise((resolve) => http.close(resolve));
    },
  };

  const messageObject = (channelId: string, body: Record<string, unknown> | undefined) => ({
    id: nextId(),
    channel_id: channelId,
    author: bot,
    content: body?.content ?? '',
    timestamp: new Date().toISOString(),
    edited_timestamp: null,
    tts: false,
    mention_everyone: false,
    mentions: [],
    mention_roles: [],
    attachments: [],
    embeds: body?.embeds ?? [],
    components: body?.components ?? [],
    pinned: false,
    type: 0,
    flags: body?.flags ?? 0,
  });

  const routes: [
    string,
    RegExp,
    (match: RegExpExecArray, body: Record<string, unknown> | undefined) => [number, unknown],
  ][] = [
    [
      'GET',
      /^\/api\/v10\/gateway\/bot$/,
      () => [
        200,
        {
          url: `ws://127.0.0.1:${port}`,
          shards,
          session_start_limit: { total: 1000, remaining: 1000, reset_after: 0, max_concurrency: 1 },
        },
      ],
    ],
    [
      'GET',
      /^\/api\/v10\/applications\/@me$/,
      () => [200, { id: applicationId, name: 'Style', flags: applicationFlags, bot }],
    ],
    [
      'PUT',
      /^\/api\/v10\/applications\/(\d+)\/commands$/,
      (_m, body) => [
        200,
        (body as unknown as Record<string, unknown>[]).map((c) => ({
          ...c,
          id: nextId(),
          application_id: applicationId,
          version: nextId(),
        })),
      ],
    ],
    ['POST', /^\/api\/v10\/interactions\/(\d+)\/([^/]+)\/callback$/, () => [204, undefined]],
    [
      'PATCH',
      /^\/api\/v10\/webhooks\/(\d+)\/([^/]+)\/messages\/@original$/,
      (_m, body) => [200, messageObject(nextId(), body)],
    ],
    ['POST', /^\/api\/v10\/webhooks\/(\d+)\/([^/]+)$/, (_m, body) => [200, messageObject(nextId(), body)]],
    [
      'POST',
      /^\/api\/v10\/users\/@me\/channels$/,
      (_m, body) => {
        const recipient = String(body?.recipient_id);
        const channelId = discord.directChannels.get(recipient) ?? nextId();
        discord.directChannels.set(recipient, channelId);
        const user = { ...makeUser(`user-${recipient}`), id: recipient };
        return [200, { id: channelId, type: 1, last_message_id: null, recipients: [user] }];
      },
    ],
    [
      'POST',
      /^\/api\/v10\/channels\/(\d+)\/messages$/,
      (m, body) => {
        const closed = [...discord.directChannels].some(
          ([user, channel]) => channel === m[1] && discord.closedDirectMessages.has(user),
        );
        if (closed) return [403, { message: 'Cannot send messages to this user', code: 50007 }];
        return [200, messageObject(m[1]!, body)];
      },
    ],
  ];

  http.on('request', async (req: HttpRequest, res: ServerResponse) => {
    const raw = await readBody(req);
    const path = decodeURIComponent((req.url ?? '').split('?')[0]!);
    const parsed = await parseBody(req, raw);
    discord.requests.push({ method: req.method ?? 'GET', path, ...parsed, at: Date.now() });
    for (const [method, pattern, handle] of routes) {
      const match = pattern.exec(path);
      if (req.method !== method || !match) continue;
      const [status, payload] = handle(match, parsed.body);
      if (payload === undefined) return res.writeHead(status).end();
      return res.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(payload));
    }
    res
      .writeHead(404, { 'content-type': 'application/json' })
      .end(JSON.stringify({ message: `Unknown route ${path}`, code: 0 }));
  });

  gateway.on('connection', (ws) => {
    let shard: number | undefined;
    ws.send(JSON.stringify({ op: 10, d: { heartbeat_interval: 45_000 } }));
    ws.on('close', () => {
      if (shard !== undefined && connections.get(shard)?.socket === ws) connections.delete(shard);
    });
    ws.on('message', (data) => {
      const packet = JSON.parse(String(data)) as { op: number; d: unknown };
      if (packet.op === 1) ws.send(JSON.stringify({ op: 11 }));
      if (packet.op !== 2) return;
      const identify = packet.d as Identify;
      discord.identify = identify;
      discord.identifies.push(identify);
      const [id, count] = identify.shard ?? [0, 1];
      shard = id;
      connections.set(id, { socket: ws, count, sequence: 0 });
      const mine = guildList.filter((guild) => shardOf(guild.id, count) === id);
      send(id, 'READY', {
        v: 10,
        user: bot,
        guilds: mine.map((guild) => ({ id: guild.id, unavailable: true })),
        session_id: `local-session-${id}-${nextId()}`,
        resume_gateway_url: `ws://127.0.0.1:${port}`,
        shard: [id, count],
        application: { id: applicationId, flags: applicationFlags },
      });
      for (const guild of mine) send(id, 'GUILD_CREATE', guildPayload(guild.id, guild.channelId, bot));
      markIdentified();
      for (const resolve of readyWaiters.get(id) ?? []) resolve();
      readyWaiters.delete(id);
    });
  });
  return discord;
}

function guildPayload(guildId: string, channelId: string, bot: DiscordUser) {
  return {
    id: guildId,
    name: 'Style Lounge',
    icon: null,
    owner_id: bot.id,
    afk_channel_id: null,
    afk_timeout: 300,
    verification_level: 0,
    default_message_notifications: 0,
    explicit_content_filter: 0,
    mfa_level: 0,
    system_channel_id: null,
    system_channel_flags: 0,
    premium_tier: 0,
    preferred_locale: 'en-US',
    nsfw_level: 0,
    features: [],
    roles: [
      {
        id: guildId,
        name: '@everyone',
        permissions: '0',
        position: 0,
        color: 0,
        hoist: false,
        managed: false,
        mentionable: false,
        flags: 0,
      },
    ],
    emojis: [],
    stickers: [],
    channels: [{ id: channelId, type: 0, name: 'general', guild_id: guildId, position: 0, permission_overwrites: [] }],
    threads: [],
    members: [],
    member_count: 2,
    voice_states: [],
    presences: [],
    stage_instances: [],
    guild_scheduled_events: [],
    joined_at: new Date().toISOString(),
    large: false,
    unavailable: false,
  };
}

/** A slash command interaction from `user`, in a DM (default) or in the guild channel. */
export function commandInteraction(
  discord: LocalDiscord,
  user: DiscordUser,
  name: string,
  options: { name: string; type: number; value: string | number }[] = [],
  channelId = nextId(),
) {
  return {
    id: nextId(),
    application_id: discord.applicationId,
    type: 2,
    data: { id: nextId(), name, type: 1, options },
    channel_id: channelId,
    channel: { id: channelId, type: 1, recipients: [user] },
    user,
    token: `token-${nextId()}`,
    version: 1,
    locale: 'en-US',
    app_permissions: '0',
    entitlements: [],
    authorizing_integration_owners: {},
    context: 1,
  };
}

/** A button press on `message` (a bot message as the REST server returned it). */
export function buttonInteraction(discord: LocalDiscord, user: DiscordUser, customId: string, channelId: string) {
  return {
    id: nextId(),
    application_id: discord.applicationId,
    type: 3,
    data: { custom_id: customId, component_type: 2 },
    channel_id: channelId,
    channel: { id: channelId, type: 1, recipients: [user] },
    message: {
      id: nextId(),
      channel_id: channelId,
      author: discord.bot,
      content: '',
      timestamp: new Date().toISOString(),
      edited_timestamp: null,
      tts: false,
      mention_everyone: false,
      mentions: [],
      mention_roles: [],
      attachments: [],
      embeds: [],
      components: [],
      pinned: false,
      type: 0,
      flags: 0,
    },
    user,
    token: `token-${nextId()}`,
    version: 1,
    locale: 'en-US',
    app_permissions: '0',
    entitlements: [],
    authorizing_integration_owners: {},
    context: 1,
  };
}

/**
 * A MESSAGE_CREATE: a DM (`channel_type: 1`) by default, or in a guild's channel with `guild: true` (the first guild)
 * or `guild: <a guild of discord.guilds>`.
 */
export function messageCreate(
  discord: LocalDiscord,
  author: DiscordUser,
  content: string,
  {
    guild = false as boolean | LocalGuild,
    mentions = [] as DiscordUser[],
    channelId = nextId(),
    mentionEveryone = false,
  } = {},
) {
  const where = guild === true ? discord.guilds[0]! : guild || undefined;
  return {
    id: nextId(),
    channel_id: where ? where.channelId : channelId,
    ...(where
      ? {
          guild_id: where.id,
          member: { roles: [], joined_at: new Date().toISOString(), deaf: false, mute: false },
        }
      : { channel_type: 1 }),
    author,
    content,
    timestamp: new Date().toISOString(),
    edited_timestamp: null,
    tts: false,
    mention_everyone: mentionEveryone,
    mentions,
    mention_roles: [],
    attachments: [],
    embeds: [],
    components: [],
    pinned: false,
    type: 0,
    flags: 0,
  };
}
