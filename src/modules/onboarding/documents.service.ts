import type { DbOrTx } from '../../platform/db.js';
import { inTransaction, type Platform } from '../../platform/context.js';
import { conflict, forbidden, notFound, validation } from '../../platform/errors.js';
import { sha256Hex, sniffContentType } from '../../platform/files.js';
import { newId } from '../../platform/ids.js';
import { localDate } from '../../platform/time.js';
import type { Actor } from '../ops/audit.service.js';
import { ReviewErrors } from '../reviews/index.js';
import { DOCUMENT_NAMES, EXPIRING_TYPES, gregorianDay } from './checklist.js';
import { OnboardingErrors as E } from './onboarding.errors.js';
import { onboardingRepo as repo } from './onboarding.repo.js';
import type { DocumentRow, DocumentType, FileRow } from './onboarding.tables.js';
import type { OnboardingDeps } from './onboarding.deps.js';
import type { ExpiryService } from './expiry.service.js';

export interface UploadInput {
  type: DocumentType;
  fileName: string;
  contentBase64: string;
  expiresOn?: string | null;
}

const BASE64 = /^[A-Za-z0-9+/]*={0,2}$/;
// Names are kept for people to read only (storage keys are generated), but path tricks and control
// characters are refused outright so nothing misleading is ever shown or logged.
const BAD_NAME = /[/\\\u0000-\u001f\u007f]|\.\./;

/** PRV-2: uploads (type sniffed from the bytes), per-document review, and what other modules read. */
export class DocumentsService {
  constructor(private readonly d: OnboardingDeps, private readonly expiry: ExpiryService) {}

  private get p(): Platform { return this.d.platform; }
  today(): string { return localDate(this.p.clock.now()); }

  /** Checks the file before anything is stored; returns the decoded bytes and their content type. */
  private decode(input: UploadInput): { bytes: Buffer; contentType: NonNullable<ReturnType<typeof sniffContentType>> } {
    const name = input.fileName.normalize('NFC').trim();
    if (!name || name.length > 120 || BAD_NAME.test(name) || name.startsWith('.')) throw validation(E.FILE_NAME_INVALID, 'Give the file a plain name without folders');
    const b64 = input.contentBase64.replace(/\s+/g, '');
    if (!b64) throw validation(E.FILE_EMPTY, 'The file is empty');
    if (b64.length % 4 !== 0 || !BASE64.test(b64)) throw validation(E.FILE_BASE64_INVALID, 'The file content is not valid base64');
    const max = this.d.settings.get('onboarding.maxUploadBytes');
    if ((b64.length / 4) * 3 - (b64.endsWith('==') ? 2 : b64.endsWith('=') ? 1 : 0) > max) throw validation(E.FILE_TOO_LARGE, 'The file is too large', { maxBytes: max });
    const bytes = Buffer.from(b64, 'base64');
    const contentType = sniffContentType(bytes);
    if (!contentType) throw validation(E.FILE_TYPE_NOT_ALLOWED, 'Upload a JPEG, PNG or PDF file', { allowed: ['image/jpeg', 'image/png', 'application/pdf'] });
    return { bytes, contentType };
  }

  private checkExpiry(type: DocumentType, input: string | null | undefined): string | null {
    const expiresOn = gregorianDay(input);
    if (input && !expiresOn) badDate();
    if (!EXPIRING_TYPES.includes(type)) return expiresOn;
    if (!expiresOn) throw validation(E.DOCUMENT_EXPIRY_REQUIRED, 'Give the expiry date printed on this document', { type, field: 'expiresOn' });
    if (expiresOn < this.today()) throw validation(E.DOCUMENT_ALREADY_EXPIRED, 'This document has already expired', { expiresOn, field: 'expiresOn' });
    return expiresOn;
  }

  /** Stores the file and a pending document, and queues it for review; nothing is kept on any refusal. */
  async upload(userId: string, input: UploadInput): Promise<DocumentRow> {
    const user = await this.d.accounts.get(userId);
    const application = await repo.latestApplicationOf(this.p.db, userId);
    if (!application && !(await this.d.providers.get(userId))) throw notFound(E.APPLICATION_NOT_FOUND, 'Apply as a provider first');
    const expiresOn = this.checkExpiry(input.type, input.expiresOn);
    const { bytes, contentType } = this.decode(input);
    const now = this.p.clock.now();
    const fileId = newId('fil', now.getTime());
    const file: FileRow = {
      id: fileId, ownerId: userId, storageKey: `provider-documents/${fileId}`, fileName: input.fileName.normalize('NFC').trim(),
      contentType, sizeBytes: bytes.length, sha256: sha256Hex(bytes), createdAt: now,
    };
    const doc: DocumentRow = {
      id: newId('doc', now.getTime()), userId, type: input.type, fileId, status: 'pending', expiresOn,
      rejectionReason: null, reviewedBy: null, reviewedAt: null, reminderSentAt: null, createdAt: now,
    };
    await this.p.files.put(file.storageKey, bytes);
    try {
      await inTransaction(this.p, async (tx) => {
        await repo.insertFile(tx, file);
        await repo.insertDocument(tx, doc);
        await this.d.reviews.enqueue(tx, {
          kind: 'provider_document', subjectId: doc.id, subjectUserId: userId, cityId: application?.cityId ?? user.cityId ?? null,
          title: `${user.firstName ?? ''} ${user.lastName ?? ''} - ${DOCUMENT_NAMES[input.type as DocumentType]?.fa ?? input.type}`.trim(), link: `/ops/providers/${userId}`,
        });
      });
    } catch (err) {
      await this.p.files.delete(file.storageKey).catch(() => undefined);
      throw err;
    }
    return doc;
  }

  list(userId: string): Promise<DocumentRow[]> {
    return repo.documentsOf(this.p.db, userId);
  }

  /** Another user's document answers 404 (it is not theirs to know about). */
  async getFor(viewer: { id: string; staff: boolean }, id: string): Promise<DocumentRow> {
    const doc = await repo.documentById(this.p.db, id);
    if (!doc || (!viewer.staff && doc.userId !== viewer.id)) throw notFound(E.DOCUMENT_NOT_FOUND, 'No such document');
    return doc;
  }

  /** The file of a document, to its owner and to staff only. */
  async file(viewer: { id: string; staff: boolean }, id: string): Promise<{ file: FileRow; bytes: Uint8Array }> {
    const doc = await this.getFor(viewer, id);
    const file = await repo.fileById(this.p.db, doc.fileId);
    if (!file) throw notFound(E.DOCUMENT_NOT_FOUND, 'No such document');
    return { file, bytes: await this.p.files.get(file.storageKey) };
  }

  /** For other modules (change requests): the document, read in the caller's transaction. */
  async get(tx: DbOrTx, id: string): Promise<Pick<DocumentRow, 'id' | 'userId' | 'type' | 'status' | 'expiresOn'> | null> {
    const d = await repo.documentById(tx, id);
    return d ? { id: d.id, userId: d.userId, type: d.type, status: d.status, expiresOn: d.expiresOn } : null;
  }

  async isApproved(tx: DbOrTx, id: string): Promise<boolean> {
    const d = await repo.documentById(tx, id);
    return Boolean(d && d.status === 'approved' && (!d.expiresOn || d.expiresOn >= this.today()));
  }

  /** Ops decision on one document (audited); approval replaces older approved ones and may reactivate. */
  async review(actor: Actor, id: string, decision: { approve: true } | { approve: false; reason: string }): Promise<DocumentRow> {
    const existing = await repo.documentById(this.p.db, id);
    if (!existing) throw notFound(E.DOCUMENT_NOT_FOUND, 'No such document');
    if (actor.id === existing.userId) throw forbidden(ReviewErrors.OWN_ACCOUNT, 'You cannot review your own documents; another agent must');
    if (decision.approve && existing.expiresOn && existing.expiresOn < this.today()) throw conflict(E.DOCUMENT_ALREADY_EXPIRED, 'This document has expired; ask for a new one');
    const profileBefore = await this.d.providers.get(existing.userId);
    return inTransaction(this.p, async (tx, after) => {
      await this.d.reviews.assertMayReview(tx, 'provider_document', id, actor);
      const row = await repo.reviewDocument(tx, id, {
        status: decision.approve ? 'approved' : 'rejected', rejectionReason: decision.approve ? null : decision.reason,
        reviewedBy: actor.id, reviewedAt: this.p.clock.now(),
      });
      if (!row) throw conflict(E.DOCUMENT_NOT_PENDING, 'This document was already reviewed', { status: existing.status });
      if (decision.approve) await repo.replaceApproved(tx, row.userId, row.type, row.id);
      await this.d.audit.record(tx, actor, {
        action: decision.approve ? 'provider.document.approve' : 'provider.document.reject', targetType: 'provider_document', targetId: id,
        before: { status: 'pending' }, after: { status: row.status, type: row.type, userId: row.userId }, reason: decision.approve ? null : decision.reason,
      });
      await this.d.reviews.resolve(tx, 'provider_document', id, decision.approve ? 'approved' : 'rejected', actor);
      if (decision.approve && profileBefore?.status === 'inactive') await this.expiry.reactivateIfComplete(tx, after, actor, row.userId, profileBefore.fleetType);
      return row;
    });
  }
}

function badDate(): never {
  throw validation(E.DATE_INVALID, 'Dates are YYYY-MM-DD (Gregorian) or YYYY/MM/DD (Jalali)', { field: 'expiresOn' });
}
