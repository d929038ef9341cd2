import { sql } from 'drizzle-orm';
import type { Logger } from 'pino';
import type { Db, DbOrTx, Slots } from './db.js';
import { queryRows, runPrepared } from './db.js';
import { newId } from './ids.js';
import type { Clock } from './time.js';

export type JobHandler = (payload: Record<string, unknown>, job: { id: string; kind: string; attempts: number }) => Promise<void>;

/** A job to schedule in the same statement as another write (see `jobCte`). */
export interface JobInput { kind: string; runAt: Date; payload?: Record<string, unknown>; key?: string }

/** A job row's columns with their casts, and its values in that order: one definition for `schedule` and `jobCte`. */
const JOB_COLUMNS = ['id', 'kind', 'key', 'payload', 'run_at', 'created_at'] as const;
const JOB_CASTS = ['text', 'text', 'text', 'jsonb', 'timestamptz', 'timestamptz'] as const;
const jobRow = (job: JobInput, now: Date) =>
  [newId('job'), job.kind, job.key ?? null, JSON.stringify(job.payload ?? {}), job.runAt.toISOString(), now.toISOString()];
const SCHEDULE_SQL = `INSERT INTO jobs (${JOB_COLUMNS.join(', ')}) VALUES (${JOB_CASTS.map((c, i) => `$${i + 1}::${c}`).join(', ')})
  ON CONFLICT DO NOTHING RETURNING id`;

/**
 * A CTE `name` inserting a job as `Jobs.schedule` does (same ON CONFLICT), for a repo statement
 * that writes a row and schedules its job at once: one round trip instead of two. Placeholders
 * `${name}_0..5`, filled by `jobValues`.
 */
export const jobCte = (db: DbOrTx, p: Slots<Record<string, unknown>>, name = 'j') => db.$with(name, {}).as(sql`INSERT INTO jobs
  (${sql.raw(JOB_COLUMNS.join(', '))}) VALUES (${sql.join(JOB_CASTS.map((c, i) => sql`${p[`${name}_${i}`]}::${sql.raw(c)}`), sql`, `)}) ON CONFLICT DO NOTHING`);
export const jobValues = (job: JobInput, now: Date, name = 'j') => Object.fromEntries(jobRow(job, now).map((v, i) => [`${name}_${i}`, v]));

/**
 * A CTE `name` cancelling a pending job by (kind, key) as `Jobs.cancel` does, only when the CTE
 * `when` returned a row. Placeholders `${name}_kind`, `${name}_key`, `${name}_at`.
 */
export const jobCancelCte = (db: DbOrTx, p: Slots<Record<string, unknown>>, when: string, name = 'jc') => db.$with(name, {}).as(sql`UPDATE jobs
  SET status = 'cancelled', finished_at = ${p[`${name}_at`]}::timestamptz
  WHERE kind = ${p[`${name}_kind`]}::text AND key = ${p[`${name}_key`]}::text AND status = 'pending' AND EXISTS (SELECT 1 FROM ${sql.identifier(when)})`);
export const jobCancelValues = (kind: string, key: string, at: Date, name = 'jc') => ({ [`${name}_kind`]: kind, [`${name}_key`]: key, [`${name}_at`]: at.toISOString() });

const CLAIM_SECONDS = 60;
const MAX_ATTEMPTS = 10;

/**
 * Delayed jobs backed by the `jobs` table: scheduled inside the caller's transaction, run by a
 * poller (SKIP LOCKED keeps processes apart), retried with backoff, and never lost on restart.
 * Periodic tasks (daily reminders, expiries) are registered with `every`.
 */
export class Jobs {
  private readonly handlers = new Map<string, JobHandler>();
  private readonly periodic: Array<{ name: string; ms: number; run: () => Promise<unknown>; timer?: NodeJS.Timeout }> = [];
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<number> | undefined;

  constructor(private readonly db: Db, private readonly clock: Clock, private readonly log: Logger) {}

  register(kind: string, handler: JobHandler): void {
    if (this.handlers.has(kind)) throw new Error(`job kind ${kind} registered twice`);
    this.handlers.set(kind, handler);
  }

  /** Schedules a job; with a key, scheduling the same (kind, key) again is a no-op. Returns the id or null. */
  async schedule(tx: DbOrTx, kind: string, runAt: Date, payload: Record<string, unknown> = {}, key?: string): Promise<string | null> {
    const rows = await runPrepared<{ id: string }>(tx, SCHEDULE_SQL, jobRow({ kind, runAt, payload, key }, this.clock.now()));
    return rows[0]?.id ?? null;
  }

  /** Cancels a pending job by (kind, key); returns whether one was cancelled. */
  async cancel(tx: DbOrTx, kind: string, key: string): Promise<boolean> {
    const rows = await runPrepared(tx, `UPDATE jobs SET status = 'cancelled', finished_at = $1::timestamptz
      WHERE kind = $2 AND key = $3 AND status = 'pending' RETURNING id`, [this.clock.now().toISOString(), kind, key]);
    return rows.length > 0;
  }

  /** Registers a periodic task run by `start()` every `ms` (tests call the task directly). */
  every(name: string, ms: number, run: () => Promise<unknown>): void {
    this.periodic.push({ name, ms, run });
  }

  start(pollMs = 500): void {
    this.timer = setInterval(() => void this.runDue().catch((err) => this.log.error({ err }, 'jobs poll failed')), pollMs);
    this.timer.unref();
    for (const p of this.periodic) {
      p.timer = setInterval(() => void p.run().catch((err) => this.log.error({ err, task: p.name }, 'periodic task failed')), p.ms);
      p.timer.unref();
    }
  }

  async stop(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    for (const p of this.periodic) if (p.timer) clearInterval(p.timer);
    await this.running?.catch(() => undefined);
  }

  /** Runs every due job once; returns how many ran. One run at a time per process. */
  async runDue(): Promise<number> {
    if (this.running) await this.running.catch(() => undefined);
    this.running = this.runBatch().finally(() => { this.running = undefined; });
    return this.running;
  }

  private async runBatch(): Promise<number> {
    const now = this.clock.now();
    const until = new Date(now.getTime() + CLAIM_SECONDS * 1000);
    const due = await queryRows<{ id: string; kind: string; payload: Record<string, unknown>; attempts: number }>(this.db, sql`
      UPDATE jobs SET status = 'running', locked_until = ${until.toISOString()}::timestamptz, attempts = attempts + 1
      WHERE id IN (SELECT id FROM jobs
        WHERE (status = 'pending' AND run_at <= ${now.toISOString()}::timestamptz)
           OR (status = 'running' AND locked_until < ${now.toISOString()}::timestamptz)
        ORDER BY run_at LIMIT 100 FOR UPDATE SKIP LOCKED)
      RETURNING id, kind, payload, attempts`);
    for (const job of due) await this.runOne(job);
    return due.length;
  }

  private async runOne(job: { id: string; kind: string; payload: Record<string, unknown>; attempts: number }) {
    const handler = this.handlers.get(job.kind);
    try {
      if (!handler) throw new Error(`no handler for job kind ${job.kind}`);
      await handler(job.payload, job);
      await this.db.execute(sql`UPDATE jobs SET status = 'done', finished_at = ${this.clock.now().toISOString()}::timestamptz, locked_until = NULL WHERE id = ${job.id}`);
    } catch (err) {
      const failed = job.attempts >= MAX_ATTEMPTS;
      const retryAt = new Date(this.clock.now().getTime() + Math.min(3_600_000, 1000 * 2 ** job.attempts));
      this.log.warn({ err, job: job.id, kind: job.kind, attempts: job.attempts }, failed ? 'job failed for good' : 'job failed; will retry');
      await this.db.execute(sql`UPDATE jobs SET status = ${failed ? 'failed' : 'pending'}, run_at = ${retryAt.toISOString()}::timestamptz,
        last_error = ${String(err instanceof Error ? err.message : err).slice(0, 500)}, locked_until = NULL WHERE id = ${job.id}`);
    }
  }
}
