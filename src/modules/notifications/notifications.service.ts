import { and, desc, eq, gt, inArray, sql } from 'drizzle-orm';
import type { Logger } from 'pino';
import type { Db, DbOrTx } from '../../platform/db.js';
import { queryRows } from '../../platform/db.js';
import { newId } from '../../platform/ids.js';
import { isLocale, type Locale } from '../../platform/i18n.js';
import type { Clock } from '../../platform/time.js';
import type { AfterCommit } from '../../platform/events.js';
import { AuditService, type Actor } from '../ops/audit.service.js';
import { PermanentDeliveryError, type EmailAdapter, type SmsAdapter } from './adapters.js';
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
/** How long a worker's claim on a message lasts; adapters time out well before it (10 s). */
export const CLAIM_SECONDS = 30;
const BATCH = 25;

interface ClaimedRow {
  id: string;
  channel: 'sms' | 'email';
  recipient: string;
  locale: string;
  subject: string | null;
  body: string;
  attempts: number;
  /** The `locked_until` this claim wrote; updates are guarded by it. */
  token: Date;
}

/** Backoff after the n-th failed attempt: 5 s, 10 s, 20 s ... capped at one hour. */
export const retryDelayMs = (attempts: number) => Math.min(3_600_000, 5_000 * 2 ** Math.max(0, attempts - 1));

/**
 * NTF-1 / NTF-2: messages are written to an outbox in the caller's transaction, then delivered
 * by a worker with retries and backoff; a provider outage delays messages but loses none.
 * Delivery is at least once: a message is sent twice only when a worker dies (or a provider
 * answers after the adapter's time-out) between the provider accepting it and the row being saved.
 */
export class NotificationsService {
  private timer: NodeJS.Timeout | undefined;
  private draining: Promise<number> | undefined;
  private kickQueued = false;
  private stopped = false;
  private running = false;

  constructor(
    private readonly db: Db,
    private readonly clock: Clock,
    private readonly log: Logger,
    readonly adapters: { sms: SmsAdapter; email: EmailAdapter },
    private readonly audit: AuditService = new AuditService(clock),
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
    this.running = true;
    this.timer = setInterval(() => void this.drain().catch((err) => this.log.error({ err }, 'outbox drain failed')), intervalMs);
    this.timer.unref();
  }

  async stop(): Promise<void> {
    this.stopped = true;
    this.running = false;
    if (this.timer) clearInterval(this.timer);
    await this.draining?.catch(() => undefined);
  }

  /** Asks the running worker for a drain soon; several kicks coalesce. Without a worker (tests) nothing happens: they drain by hand. */
  kick(): void {
    if (this.kickQueued || !this.running) return;
    this.kickQueued = true;
    setImmediate(() => {
      this.kickQueued = false;
      void this.drain().catch((err) => this.log.error({ err }, 'outbox drain failed'));
    });
  }

  /** Delivers every due message; returns how many were attempted. One drain at a time per process. */
  async drain(): Promise<number> {
    while (this.draining) await this.draining.catch(() => undefined);
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

  /**
   * Claims due rows (also rows left in 'sending' by a crashed worker) by setting `locked_until`;
   * that value is the claim's token. SKIP LOCKED keeps concurrent workers on different rows.
   */
  private async claim(): Promise<ClaimedRow[]> {
    const now = this.clock.now();
    const until = new Date(now.getTime() + CLAIM_SECONDS * 1000);
    const rows = await queryRows<Omit<ClaimedRow, 'token'>>(this.db, sql`
      UPDATE notification_outbox SET status = 'sending', locked_until = ${until.toISOString()}::timestamptz
      WHERE id IN (
        SELECT id FROM notification_outbox
        WHERE (status = 'pending' AND next_attempt_at <= ${now.toISOString()}::timestamptz)
           OR (status = 'sending' AND locked_until < ${now.toISOString()}::timestamptz)
        ORDER BY next_attempt_at LIMIT ${BATCH} FOR UPDATE SKIP LOCKED)
      RETURNING id, channel, recipient, locale, subject, body, attempts`);
    return rows.map((r) => ({ ...r, token: until }));
  }

  /**
   * Moves the claim forward just before sending, so rows waiting behind slow sends in the same
   * batch are not taken over by another worker; null when another worker already took it.
   */
  private async renewClaim(row: ClaimedRow): Promise<Date | null> {
    const until = new Date(this.clock.now().getTime() + CLAIM_SECONDS * 1000);
    const renewed = await this.db.update(notificationOutbox).set({ lockedUntil: until })
      .where(this.heldBy(row.id, row.token)).returning({ id: notificationOutbox.id });
    return renewed.length ? until : null;
  }

  /** A guarded update's condition: the row is still in our claim (a reclaimed row has another token). */
  private heldBy(id: string, token: Date) {
    return and(eq(notificationOutbox.id, id), eq(notificationOutbox.status, 'sending'), eq(notificationOutbox.lockedUntil, token));
  }

  private async deliver(claimed: ClaimedRow): Promise<void> {
    const token = await this.renewClaim(claimed);
    if (!token) return;
    const adapter = claimed.channel === 'sms' ? this.adapters.sms : this.adapters.email;
    const attempts = claimed.attempts + 1;
    let update: Partial<typeof notificationOutbox.$inferInsert>;
    try {
      const result = claimed.channel === 'sms'
        ? await this.adapters.sms.send({ to: claimed.recipient, body: claimed.body })
        : await this.adapters.email.send({ to: claimed.recipient, subject: claimed.subject ?? '', body: claimed.body, locale: isLocale(claimed.locale) ? claimed.locale : undefined });
      update = { status: 'sent', sentAt: this.clock.now(), providerMessageId: result.providerMessageId ?? null, lastError: null };
      // Secrets (sign-in codes, reset links) are useless once delivered and must not sit in the
      // outbox; the demo inbox is the exception, since showing them is its whole purpose.
      if (adapter.name !== 'demo') {
        update.body = sql`CASE WHEN ${notificationOutbox.template} IN ('auth.otp', 'auth.passwordReset') THEN regexp_replace(regexp_replace(${notificationOutbox.body}, '[0-9]{6}', '******', 'g'), 'token=[A-Za-z0-9_-]+', 'token=***', 'g') ELSE ${notificationOutbox.body} END` as unknown as string;
        update.params = sql`${notificationOutbox.params} - 'code' - 'link'` as unknown as Record<string, string>;
      }
    } catch (err) {
      const dead = attempts >= MAX_DELIVERY_ATTEMPTS || err instanceof PermanentDeliveryError;
      const message = err instanceof Error ? err.message : String(err);
      this.log.warn({ id: claimed.id, attempts, adapter: adapter.name, err: message }, dead ? 'message given up' : 'message delivery failed; will retry');
      update = { status: dead ? 'dead' : 'pending', lastError: message.slice(0, 500), nextAttemptAt: new Date(this.clock.now().getTime() + retryDelayMs(attempts)) };
    }
    const saved = await this.db.update(notificationOutbox).set({ ...update, attempts, adapter: adapter.name, lockedUntil: null })
      .where(this.heldBy(claimed.id, token)).returning({ id: notificationOutbox.id });
    if (!saved.length) this.log.warn({ id: claimed.id }, 'outbox claim expired during delivery; another worker owns the message now');
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

  /**
   * Ops "retry now" after an outage: given-up (dead) messages go back in the queue with a fresh
   * attempt budget, and messages waiting out a backoff are brought forward; audited (OPS-4).
   * `ids` limits it to those messages.
   */
  async retryNow(actor: Actor, opts: { ids?: string[] } = {}): Promise<number> {
    const now = this.clock.now();
    const only = opts.ids?.length ? inArray(notificationOutbox.id, opts.ids) : undefined;
    const requeued = await this.db.transaction(async (tx) => {
      const dead = await tx.update(notificationOutbox).set({ status: 'pending', attempts: 0, nextAttemptAt: now, lockedUntil: null })
        .where(and(eq(notificationOutbox.status, 'dead'), only)).returning({ id: notificationOutbox.id });
      const waiting = await tx.update(notificationOutbox).set({ nextAttemptAt: now })
        .where(and(eq(notificationOutbox.status, 'pending'), gt(notificationOutbox.nextAttemptAt, now), only)).returning({ id: notificationOutbox.id });
      const ids = [...dead, ...waiting].map((r) => r.id);
      await this.audit.record(tx, actor, {
        action: 'notifications.retry', targetType: 'notification_outbox', targetId: opts.ids?.length ? opts.ids.join(',').slice(0, 200) : 'all',
        after: { requeuedDead: dead.length, broughtForward: waiting.length, ids: ids.slice(0, 100) },
      });
      return ids.length;
    });
    this.kick();
    return requeued;
  }
}
