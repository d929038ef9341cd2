import type { AuthUser } from '../../platform/http/auth.js';
import { AppError } from '../../platform/errors.js';
import { OPS_ROLES } from '../identity/index.js';
import { TrackingErrors } from './tracking.errors.js';

/** The part of a `ws` WebSocket the hub uses (a fake in unit tests). */
export interface LiveSocket {
  readonly readyState: number;
  send(data: string): void;
  close(code?: number, reason?: string): void;
  on(event: 'message', fn: (data: unknown) => void): unknown;
  on(event: 'close', fn: () => void): unknown;
}

export type ChannelAuthorizer = (user: AuthUser, channel: string) => Promise<boolean>;
/** What the hub does with a provider's `{"type":"locations"}` message (TrackingService.ingest). */
export type LocationsHandler = (providerId: string, points: unknown) => Promise<{ accepted: number; rejected: number }>;

const OPEN = 1;
const MAX_CHANNELS_PER_SOCKET = 50;
const CHANNEL = /^(order|provider|ops):[A-Za-z0-9_]{1,64}$/;

interface Connection { socket: LiveSocket; user: AuthUser; channels: Set<string> }

/**
 * WebSocket fan-out (ORD-13). Channels: `order:<orderId>` (decided by the authorizer the orders
 * module sets), `provider:<providerId>` (that provider only) and `ops:<cityId>` (ops staff). A
 * message published on a channel is serialised once and sent to every open subscriber. In-process:
 * with several server processes, publish goes through Redis pub/sub (the seam in ARCHITECTURE.md).
 */
export class LiveHub {
  private readonly channels = new Map<string, Set<Connection>>();
  private readonly byUser = new Map<string, Set<Connection>>();
  private authorizer: ChannelAuthorizer | null = null;
  private locations: LocationsHandler | null = null;

  /** Decides `order:*` channels (and any other kind the hub does not know); without one they are refused. */
  setAuthorizer(fn: ChannelAuthorizer): void {
    this.authorizer = fn;
  }

  /** @internal tracking wires its ingest here. */
  onLocations(fn: LocationsHandler): void {
    this.locations = fn;
  }

  publish(channel: string, message: object): void {
    const subs = this.channels.get(channel);
    if (!subs || subs.size === 0) return;
    const data = JSON.stringify({ ...message, channel });
    for (const c of subs) if (c.socket.readyState === OPEN) c.socket.send(data);
  }

  /** Whether anyone listens on the channel (skip building messages nobody reads). */
  hasSubscribers(channel: string): boolean {
    return (this.channels.get(channel)?.size ?? 0) > 0;
  }

  /** Closes every socket of a user (ACC-8 block, logout everywhere). */
  disconnectUser(userId: string, reason = 'signed out'): void {
    for (const c of [...(this.byUser.get(userId) ?? [])]) c.socket.close(4001, reason);
  }

  get connectionCount(): number {
    let n = 0;
    for (const set of this.byUser.values()) n += set.size;
    return n;
  }

  /** Serves one authenticated socket until it closes. */
  attach(socket: LiveSocket, user: AuthUser): void {
    const conn: Connection = { socket, user, channels: new Set() };
    let mine = this.byUser.get(user.id);
    if (!mine) this.byUser.set(user.id, (mine = new Set()));
    mine.add(conn);
    socket.on('message', (data) => { void this.onMessage(conn, data); });
    socket.on('close', () => this.detach(conn));
    this.send(conn, { type: 'hello', userId: user.id });
  }

  /** Whether `user` may listen on `channel`. */
  async mayListen(user: AuthUser, channel: string): Promise<boolean> {
    if (!CHANNEL.test(channel)) return false;
    const [kind, id] = channel.split(':');
    if (kind === 'provider') return user.id === id;
    if (kind === 'ops') return user.roles.some((r) => (OPS_ROLES as readonly string[]).includes(r));
    return this.authorizer ? this.authorizer(user, channel).catch(() => false) : false;
  }

  private async onMessage(conn: Connection, data: unknown): Promise<void> {
    let msg: { type?: unknown; channel?: unknown; points?: unknown; id?: unknown };
    try {
      msg = JSON.parse(String(data));
      if (!msg || typeof msg !== 'object') throw new Error('not an object');
    } catch {
      return this.error(conn, TrackingErrors.LIVE_MESSAGE_INVALID, 'Send JSON objects with a "type"');
    }
    const ref = typeof msg.id === 'string' || typeof msg.id === 'number' ? { id: msg.id } : {};
    try {
      switch (msg.type) {
        case 'subscribe': return await this.subscribe(conn, msg.channel, ref);
        case 'unsubscribe': return this.unsubscribe(conn, msg.channel, ref);
        case 'locations': return await this.ingest(conn, msg.points, ref);
        case 'ping': return this.send(conn, { type: 'pong', ...ref });
        default: return this.error(conn, TrackingErrors.LIVE_MESSAGE_INVALID, 'Unknown message type', ref);
      }
    } catch (err) {
      if (err instanceof AppError) return this.error(conn, err.code, err.message, { ...ref, ...(err.details ?? {}) });
      return this.error(conn, 'INTERNAL', 'Something went wrong', ref);
    }
  }

  private async subscribe(conn: Connection, channel: unknown, ref: object): Promise<void> {
    if (typeof channel !== 'string' || !CHANNEL.test(channel)) return this.error(conn, TrackingErrors.LIVE_CHANNEL_INVALID, 'No such channel', ref);
    if (conn.channels.size >= MAX_CHANNELS_PER_SOCKET) return this.error(conn, TrackingErrors.LIVE_TOO_MANY_CHANNELS, 'Too many channels on one connection', ref);
    // Same answer for "does not exist" and "not yours": the caller learns nothing about others' orders.
    if (!(await this.mayListen(conn.user, channel))) return this.error(conn, TrackingErrors.LIVE_CHANNEL_FORBIDDEN, 'You cannot follow this channel', { ...ref, channel });
    if (conn.socket.readyState !== OPEN) return;
    conn.channels.add(channel);
    let subs = this.channels.get(channel);
    if (!subs) this.channels.set(channel, (subs = new Set()));
    subs.add(conn);
    this.send(conn, { type: 'subscribed', channel, ...ref });
  }

  private unsubscribe(conn: Connection, channel: unknown, ref: object): void {
    if (typeof channel === 'string' && conn.channels.delete(channel)) this.leave(conn, channel);
    this.send(conn, { type: 'unsubscribed', channel, ...ref });
  }

  private async ingest(conn: Connection, points: unknown, ref: object): Promise<void> {
    if (!this.locations || !conn.user.roles.includes('provider')) return this.error(conn, TrackingErrors.LIVE_NOT_A_PROVIDER, 'Only providers send locations', ref);
    const result = await this.locations(conn.user.id, points);
    // Answered when the client asks (an `id` to match) or something was refused: a phone reporting a
    // fix every few seconds needs no reply to each, and 10,000 of them would cost a write per fix.
    if ('id' in ref || result.rejected) this.send(conn, { type: 'locations.ack', ...result, ...ref });
  }

  private detach(conn: Connection): void {
    for (const ch of conn.channels) this.leave(conn, ch);
    conn.channels.clear();
    const mine = this.byUser.get(conn.user.id);
    mine?.delete(conn);
    if (mine && mine.size === 0) this.byUser.delete(conn.user.id);
  }

  private leave(conn: Connection, channel: string): void {
    const subs = this.channels.get(channel);
    subs?.delete(conn);
    if (subs && subs.size === 0) this.channels.delete(channel);
  }

  private send(conn: Connection, message: object): void {
    if (conn.socket.readyState === OPEN) conn.socket.send(JSON.stringify(message));
  }

  private error(conn: Connection, code: string, message: string, extra: object = {}): void {
    this.send(conn, { type: 'error', code, message, ...extra });
  }
}
