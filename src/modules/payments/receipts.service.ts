import { createHmac, timingSafeEqual } from 'node:crypto';
import type { DbOrTx } from '../../platform/db.js';
import { notFound } from '../../platform/errors.js';
import { newId } from '../../platform/ids.js';
import type { Clock } from '../../platform/time.js';
import { PaymentErrors } from './payments.errors.js';
import { receiptsRepo } from './payments.repo.js';
import type { ReceiptRow } from './payments.tables.js';

/** What a receipt records; one receipt per money-in ledger transfer (PAY-8). */
export interface IssueReceiptInput {
  userId: string;
  amountRials: bigint;
  /** e.g. 'wallet_topup', 'payment_link', 'charge_from_balance', or another module's code. */
  purpose: string;
  description: string;
  ledgerTransferId: string;
  paymentId?: string | null;
  linkId?: string | null;
  gateway?: string | null;
  refId?: string | null;
  cardPanMasked?: string | null;
}

export interface ReceiptViewer { id: string; roles: readonly string[] }

const RECEIPT_READERS = ['ops_agent', 'ops_admin', 'finance'];

/** PAY-8: every verified payment and every charge posted to the ledger gets a numbered receipt. */
export class ReceiptsService {
  constructor(private readonly clock: Clock, private readonly secret: string, private readonly publicUrl: string) {}

  /** Issues the receipt inside the caller's transaction; a second call for the same transfer returns the first. */
  async issue(tx: DbOrTx, input: IssueReceiptInput): Promise<ReceiptRow> {
    return receiptsRepo.insertOnce(tx, {
      id: newId('rcp', this.clock.now().getTime()),
      userId: input.userId, amountRials: input.amountRials, purpose: input.purpose, description: input.description,
      ledgerTransferId: input.ledgerTransferId, paymentId: input.paymentId ?? null, linkId: input.linkId ?? null,
      gateway: input.gateway ?? null, refId: input.refId ?? null, cardPanMasked: input.cardPanMasked ?? null,
      issuedAt: this.clock.now(),
    });
  }

  /** The payer and ops/finance staff may read a receipt; anyone else gets 404 (its existence is not revealed). */
  async getFor(db: DbOrTx, viewer: ReceiptViewer, id: string): Promise<ReceiptRow> {
    const row = await receiptsRepo.byId(db, id);
    if (!row || (row.userId !== viewer.id && !viewer.roles.some((r) => RECEIPT_READERS.includes(r)))) {
      throw notFound(PaymentErrors.RECEIPT_NOT_FOUND, 'No such receipt');
    }
    return row;
  }

  async byToken(db: DbOrTx, id: string, token: string): Promise<ReceiptRow> {
    const row = this.tokenMatches(id, token) ? await receiptsRepo.byId(db, id) : undefined;
    if (!row) throw notFound(PaymentErrors.RECEIPT_NOT_FOUND, 'No such receipt, or the link is not valid');
    return row;
  }

  list(db: DbOrTx, userId: string, opts: { before?: string; limit: number }) {
    return receiptsRepo.list(db, { userId, ...opts });
  }

  /** A link to the printable page that works without signing in (e.g. from an email). */
  printUrl(id: string, locale?: string): string {
    return `${this.publicUrl}/receipts/${id}?token=${this.token(id)}${locale ? `&lang=${locale}` : ''}`;
  }

  private token(id: string): string {
    return createHmac('sha256', this.secret).update(`receipt:${id}`).digest('base64url').slice(0, 32);
  }

  private tokenMatches(id: string, token: string): boolean {
    const want = Buffer.from(this.token(id));
    const got = Buffer.from(token);
    return want.length === got.length && timingSafeEqual(want, got);
  }
}
