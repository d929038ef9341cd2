import { inTransaction } from '../../platform/context.js';
import { conflict, notFound, validation } from '../../platform/errors.js';
import { sha256Hex, sniffContentType } from '../../platform/files.js';
import { newId } from '../../platform/ids.js';
import type { Actor } from '../ops/audit.service.js';
import { ErrandErrors as E } from './errands.errors.js';
import { errandsRepo as repo } from './errands.repo.js';
import type { ErrandsService } from './errands.service.js';
import type { CustodyAction, DocHolder, ErrandDocumentRow, ErrandRow } from './errands.tables.js';

const BASE64 = /^[A-Za-z0-9+/]+={0,2}$/;

/** ERR-4: which custody step may follow which holder, and who holds the original after it. */
const CUSTODY: Record<Exclude<CustodyAction, 'sent'>, { from: DocHolder[]; to: DocHolder; by: 'ops' | 'assistant' | 'either' }> = {
  received: { from: ['in_transit'], to: 'office', by: 'ops' },
  collected: { from: ['customer'], to: 'assistant', by: 'either' },
  handed_to_assistant: { from: ['office'], to: 'assistant', by: 'ops' },
  returned: { from: ['assistant', 'office'], to: 'returned', by: 'either' },
};

/**
 * ERR-4: documents travel by upload (stored, type sniffed from the bytes) or as originals by post,
 * courier or in person; every hand-over of an original is a custody row (who holds what, when).
 */
export class ErrandDocumentsService {
  constructor(private readonly s: ErrandsService) {}
  private get d() { return this.s.d; }

  async upload(e: ErrandRow, by: string, input: { label: string; fileName: string; contentBase64: string }): Promise<ErrandDocumentRow> {
    this.assertOpen(e);
    const b64 = input.contentBase64.replace(/\s+/g, '');
    if (!b64 || !BASE64.test(b64) || b64.length % 4 !== 0) throw validation(E.DOCUMENT_BASE64, 'The file is not valid base64');
    const bytes = new Uint8Array(Buffer.from(b64, 'base64'));
    const max = this.d.settings.get('errands.documentMaxBytes');
    if (bytes.length > max) throw validation(E.DOCUMENT_TOO_LARGE, 'The file is too large', { maxBytes: max });
    const type = sniffContentType(bytes);
    if (!type) throw validation(E.DOCUMENT_TYPE, 'Only JPEG, PNG and PDF files are accepted');
    const now = this.d.platform.clock.now();
    const id = newId('doc', now.getTime());
    const key = `errands/${e.id.toLowerCase()}/${id.toLowerCase()}`;
    await this.d.platform.files.put(key, bytes);
    return inTransaction(this.d.platform, async (tx) => {
      const row = await repo.insertDocument(tx, {
        id, errandId: e.id, label: input.label, delivery: 'upload', fileKey: key, contentType: type, sizeBytes: bytes.length,
        sha256: sha256Hex(bytes), tracking: null, holder: 'digital', holderUserId: null, createdBy: by, createdAt: now,
      });
      await this.event(tx, e, by, `document ${input.label}`);
      return row;
    });
  }

  /** An original that travels by post / courier (in transit from now) or is collected in person (the customer holds it). */
  async original(e: ErrandRow, by: string, input: { label: string; delivery: 'post' | 'courier' | 'in_person'; tracking?: string | null }): Promise<ErrandDocumentRow> {
    this.assertOpen(e);
    const now = this.d.platform.clock.now();
    const holder: DocHolder = input.delivery === 'in_person' ? 'customer' : 'in_transit';
    return inTransaction(this.d.platform, async (tx) => {
      const row = await repo.insertDocument(tx, {
        id: newId('doc', now.getTime()), errandId: e.id, label: input.label, delivery: input.delivery, fileKey: null, contentType: null,
        sizeBytes: null, sha256: null, tracking: input.tracking ?? null, holder, holderUserId: holder === 'customer' ? e.customerId : null, createdBy: by, createdAt: now,
      });
      if (holder === 'in_transit') await repo.addCustody(tx, { id: newId('evt', now.getTime()), documentId: row.id, errandId: e.id, action: 'sent', holder, holderUserId: null, recordedBy: by, note: input.tracking ?? null, at: now });
      await this.event(tx, e, by, `original ${input.label} (${input.delivery})`);
      return row;
    });
  }

  /** ERR-4: a custody step of an original, by ops or by the errand's assistant; guarded on the current holder. */
  async custody(e: ErrandRow, actor: Actor, role: 'ops' | 'assistant', documentId: string, action: Exclude<CustodyAction, 'sent'>, note?: string | null) {
    const doc = await repo.document(this.d.platform.db, e.id, documentId);
    if (!doc) throw notFound(E.DOCUMENT_NOT_FOUND, 'No such document');
    if (doc.delivery === 'upload') throw validation(E.CUSTODY_NOT_ORIGINAL, 'Custody is recorded for originals only');
    const rule = CUSTODY[action];
    if ((rule.by !== 'either' && rule.by !== role) || !rule.from.includes(doc.holder)) {
      throw conflict(E.CUSTODY_STEP, `The step ${action} does not follow holder ${doc.holder}`, { holder: doc.holder });
    }
    const holderUserId = rule.to === 'assistant' ? e.assistantId : rule.to === 'returned' ? e.customerId : null;
    if (rule.to === 'assistant' && !holderUserId) throw conflict(E.CUSTODY_STEP, 'Assign an assistant first');
    const now = this.d.platform.clock.now();
    return inTransaction(this.d.platform, async (tx) => {
      const row = await repo.moveDocument(tx, doc.id, doc.holder, { holder: rule.to, holderUserId });
      if (!row) throw conflict(E.STATE_CHANGED, 'The document changed hands meanwhile; reload');
      await repo.addCustody(tx, { id: newId('evt', now.getTime()), documentId: doc.id, errandId: e.id, action, holder: rule.to, holderUserId, recordedBy: actor.id ?? 'system', note: note?.slice(0, 300) ?? null, at: now });
      if (role === 'ops') await this.d.audit.record(tx, actor, { action: `errand.custody.${action}`, targetType: 'errand_document', targetId: doc.id, before: { holder: doc.holder }, after: { holder: rule.to, holderUserId } });
      return row;
    });
  }

  async file(e: ErrandRow, documentId: string): Promise<{ bytes: Uint8Array; contentType: string; label: string }> {
    const doc = await repo.document(this.d.platform.db, e.id, documentId);
    if (!doc || !doc.fileKey) throw notFound(E.DOCUMENT_NOT_FOUND, 'No such file');
    return { bytes: await this.d.platform.files.get(doc.fileKey), contentType: doc.contentType!, label: doc.label };
  }

  private assertOpen(e: ErrandRow) {
    if (['done', 'failed', 'cancelled', 'infeasible'].includes(e.status)) throw conflict(E.BAD_STATE, 'The errand is closed', { status: e.status });
  }

  private async event(tx: Parameters<Parameters<typeof inTransaction>[1]>[0], e: ErrandRow, by: string, note: string) {
    await repo.addEvent(tx, { id: newId('evt', this.d.platform.clock.now().getTime()), errandId: e.id, fromStatus: e.status, toStatus: e.status, note, actorId: by, at: this.d.platform.clock.now() });
  }
}
