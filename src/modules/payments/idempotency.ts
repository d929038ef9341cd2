import { createHash } from 'node:crypto';
import { sql } from 'drizzle-orm';
import { queryRows, type Db } from '../../platform/db.js';
import { conflict, validation } from '../../platform/errors.js';
import { PaymentErrors } from './payments.errors.js';

export interface Replayable { statusCode: number; body: unknown }

/**
 * `Idempotency-Key` on POSTs that start a payment: the first response is stored and replayed for
 * the same key and body; the same key with another body is refused. A failed first attempt
 * releases the key so the client can retry with it.
 */
export async function withIdempotencyKey(
  db: Db, scope: { userId: string; route: string; key: string | undefined; body: unknown }, run: () => Promise<Replayable>,
): Promise<Replayable> {
  if (scope.key === undefined) return run();
  if (!/^[\w.:-]{8,100}$/.test(scope.key)) throw validation('IDEMPOTENCY_KEY_INVALID', 'Idempotency-Key must be 8-100 letters, digits or - _ . :');
  const hash = createHash('sha256').update(scope.route).update(JSON.stringify(scope.body)).digest('hex');
  const claimed = await queryRows(db, sql`
    INSERT INTO idempotency_keys (user_id, key, route, request_hash) VALUES (${scope.userId}, ${scope.key}, ${scope.route}, ${hash})
    ON CONFLICT (user_id, key) DO NOTHING RETURNING key`);
  if (!claimed.length) {
    const [prior] = await queryRows<{ route: string; request_hash: string; status_code: number | null; response: unknown }>(db, sql`
      SELECT route, request_hash, status_code, response FROM idempotency_keys WHERE user_id = ${scope.userId} AND key = ${scope.key}`);
    if (!prior || prior.route !== scope.route || prior.request_hash !== hash) throw conflict(PaymentErrors.IDEMPOTENCY_KEY_REUSED, 'This Idempotency-Key was used for another request');
    if (prior.status_code === null) throw conflict(PaymentErrors.IDEMPOTENCY_IN_PROGRESS, 'The first request with this Idempotency-Key is still running');
    return { statusCode: prior.status_code, body: prior.response };
  }
  try {
    const result = await run();
    await db.execute(sql`UPDATE idempotency_keys SET status_code = ${result.statusCode}, response = ${JSON.stringify(result.body)}::jsonb
      WHERE user_id = ${scope.userId} AND key = ${scope.key}`);
    return result;
  } catch (err) {
    await db.execute(sql`DELETE FROM idempotency_keys WHERE user_id = ${scope.userId} AND key = ${scope.key}`);
    throw err;
  }
}
