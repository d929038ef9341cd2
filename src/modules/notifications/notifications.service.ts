import { and, desc, eq, inArray, lte, or, sql } from 'drizzle-orm';
import type { Logger } from 'pino';
import type { Db, DbOrTx } from '../../platform/db.js';
import { queryRows } from '../../platform/db.js';
import { newId } from '../../platform/ids.js';
import type { Locale } from '../../platform/i18n.js';
import type { Clock } from '../../platform/time.js';
import type { AfterCommit } from '../../platform/events.js';
import type { EmailAdapter, SmsAdapter } from './adapters.js';
import { notificationOutbox } from './notifications.tables.js';
import { TEMPLATES, render, type TemplateName } from './templates.js';

export interface EnqueueInput {
  channel: 'sms' | 'email';
  to: string;
  userId?: string | null;
  template: TemplateName;
  locale: Locale;
  params: Record<string, string | number>;
}

export const MAX_DELIVERY_ATTEMPTS = 8;
const CLAIM_SECONDS = 30;
const BATCH = 25;

/** Backoff after the n-th failed attempt: 5 s, 10 s, 20 s ... capped at one hour. */
export const retryDelayMs = (attempts: number) => Math.min(3_600_000, 5_000 * 2 ** Math.max(0, attempts - 1));

/**
 * NTF-1 / NTF-2: messages are written to an outbox in the caller's transaction, then delivered
 * by a worker with retries and backoff; a provider outage delays messages but loses none.
 */
export class NotificationsService {
  private timer: NodeJS.Timeout | undefined;
  private draining: Promise<number> | undefined;
  private kickQueued = false;
  private stopped = false;

  constructor(
    private readonly db: Db,
    private readonly clock: Clock,
    private readonly log: Logger,
    readonly adapters: { sms: SmsAdapter; email: EmailAdapter },
  ) {}

  /** Writes a message to the outbox inside `tx`; `after` wakes the worker once committed. */
  async enqueue(tx: DbOrTx, input: EnqueueInput, after?: AfterCommit): Promise<string> {
    const tpl = TEMPLATES[input.template] as { sms?: Record<Locale, string>; email?: Record<Locale, { subject: string; body: string }> };
    let body: string;
    let subject: string | null = null;
    if (input.channel === 'sms') {
      if (!tpl.sms) throw new Error(`template ${input.template} has no SMS text`);
      body = render(tpl.sms[input.locale], input.params, input.locale);
    } else {
      if (!tpl.email) throw new Error(`template ${input.template} has no email text`);
      body = render(tpl.email[input.locale].body, input.params, input.locale);
      subject = render(tpl.email[input.locale].subject, input.params, input.locale);
    }
    const id = newId('ntf');
    const now = this.clock.now();
    await tx.insert(notificationOutbox).values({
      id, channel: input.channel, recipient: input.to, userId: input.userId ?? null, template: input.template,
      locale: input.locale, params: input.params, subject, body, status: 'pending', attempts: 0,
      nextAttemptAt: now, createdAt: now,
    });
    after?.run(() => this.kick());
    return id;
  }

  /** Starts the background worker polling for due messages. */
  start(intervalMs = 1000): void {
    this.stopped = false;
    this.timer = setInterval(() => void this.drain().catch((err) => this.log.error({ err }, 'outbox drain failed')), intervalMs);
    this.timer.unref();
  }

  async stop(): Promise<void> {
    this.stopped = true;
    if (this.timer) clearInterval(this.timer);
    await this.draining?.catch(() => undefined);
  }

  /** Asks for a drain soon; several kicks in a row coalesce into one. */
  kick(): void {
    if (this.kickQueued || this.stopped) return;
    this.kickQueued = true;
    setImmediate(() => {
      this.kickQueued = false;
      void this.drain().catch((err) => this.log.error({ err }, 'outbox drain failed'));
    });
  }

  /** Delivers every due message; returns how many were attempted. One drain at a time per process. */
  async drain(): Promise<number> {
    if (this.draining) {
      await this.draining;
    }
    this.draining = this.drainOnce().finally(() => { this.draining = undefined; });
    return this.draining;
  }

  private async drainOnce(): Promise<number> {
    let total = 0;
    for (;;) {
      const batch = await this.claim();
      if (!batch.length) return total;
      total += batch.length;
      for (const row of batch) await this.deliver(row);
      if (this.stopped) return total;
    }
  }

  /** Claims due rows (also rows left in 'sending' by a crashed worker); SKIP LOCKED keeps workers apart. */
  private async claim() {
    const now = this.clock.now();
    const until = new Date(now.getTime() + CLAIM_SECONDS * 1000);
    return queryRows<{ id: string; channel: 'sms' | 'email'; recipient: string; subject: string | null; body: string; attempts: number }>(this.db, sql`
      UPDATE notification_outbox SET status = 'sending', locked_until = ${until.toISOString()}::timestamptz
      WHERE id IN (
        SELECT id FROM notification_outbox
        WHERE (status = 'pending' AND next_attempt_at <= ${now.toISOString()}::timestamptz)
           OR (status = 'sending' AND locked_until < ${now.toISOString()}::timestamptz)
        ORDER BY next_attempt_at LIMIT ${BATCH} FOR UPDATE SKIP LOCKED)
      RETURNING id, channel, recipient, subject, body, attempts`);
  }

  private async deliver(row: { id: string; channel: 'sms' | 'email'; recipient: string; subject: string | null; body: string; attempts: number }) {
    const adapter = row.channel === 'sms' ? this.adapters.sms : this.adapters.email;
    const attempts = row.attempts + 1;
    try {
      const result = row.channel === 'sms'
        ? await this.adapters.sms.send({ to: row.recipient, body: row.body })
        : await this.adapters.email.send({ to: row.recipient, subject: row.subject ?? '', body: row.body });
      await this.db.update(notificationOutbox).set({
        status: 'sent', attempts, sentAt: this.clock.now(), adapter: adapter.name, providerMessageId: result.providerMessageId ?? null, lockedUntil: null, lastError: null,
      }).where(eq(notificationOutbox.id, row.id));
    } catch (err) {
      const dead = attempts >= MAX_DELIVERY_ATTEMPTS;
      const message = err instanceof Error ? err.message : String(err);
      this.log.warn({ id: row.id, attempts, adapter: adapter.name, err: message }, dead ? 'message given up' : 'message delivery failed; will retry');
      await this.db.update(notificationOutbox).set({
        status: dead ? 'dead' : 'pending', attempts, lastError: message.slice(0, 500), adapter: adapter.name, lockedUntil: null,
        nextAttemptAt: new Date(this.clock.now().getTime() + retryDelayMs(attempts)),
      }).where(eq(notificationOutbox.id, row.id));
    }
  }

  /** The demo SMS inbox: the newest messages, optionally to one mobile. */
  async demoInbox(db: DbOrTx, opts: { to?: string; limit: number }) {
    const rows = await db.select({
      id: notificationOutbox.id, to: notificationOutbox.recipient, body: notificationOutbox.body, template: notificationOutbox.template,
      status: notificationOutbox.status, createdAt: notificationOutbox.createdAt, sentAt: notificationOutbox.sentAt,
    }).from(notificationOutbox)
      .where(opts.to ? and(eq(notificationOutbox.channel, 'sms'), eq(notificationOutbox.recipient, opts.to)) : eq(notificationOutbox.channel, 'sms'))
      .orderBy(desc(notificationOutbox.createdAt), desc(notificationOutbox.id)).limit(opts.limit);
    return rows.map((r) => ({ ...r, createdAt: r.createdAt.toISOString(), sentAt: r.sentAt?.toISOString() ?? null }));
  }

  /** For ops: messages by status (e.g. dead letters), newest first. */
  async list(db: DbOrTx, opts: { status?: Array<'pending' | 'sending' | 'sent' | 'dead'>; limit: number }) {
    const rows = await db.select().from(notificationOutbox)
      .where(opts.status?.length ? inArray(notificationOutbox.status, opts.status) : undefined)
      .orderBy(desc(notificationOutbox.createdAt)).limit(opts.limit);
    return rows;
  }

  /** Puts dead messages back in the queue (ops action after a long outage). */
  async retryDead(db: DbOrTx): Promise<number> {
    const rows = await db.update(notificationOutbox).set({ status: 'pending', attempts: 0, nextAttemptAt: this.clock.now() })
      .where(or(eq(notificationOutbox.status, 'dead'), and(eq(notificationOutbox.status, 'pending'), lte(notificationOutbox.nextAttemptAt, this.clock.now()))))
      .returning({ id: notificationOutbox.id });
    this.kick();
    return rows.length;
  }
}
