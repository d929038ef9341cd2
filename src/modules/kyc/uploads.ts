import type { Platform } from '../../platform/context.js';
import type { DbOrTx } from '../../platform/db.js';
import { validation } from '../../platform/errors.js';
import { sha256Hex, sniffContentType } from '../../platform/files.js';
import { newId } from '../../platform/ids.js';
import { KycErrors as E } from './kyc.errors.js';
import { kycRepo } from './kyc.repo.js';
import type { StoredFileRow } from './kyc.tables.js';

/** An upload as it travels in JSON (no multipart): the original name and the bytes in base64. */
export interface UploadInput { fileName: string; contentBase64: string }

export type AllowedType = 'image/jpeg' | 'image/png' | 'application/pdf';

export interface CheckedUpload { fileName: string; bytes: Uint8Array; contentType: AllowedType; sha256: string }

const BASE64 = /^[A-Za-z0-9+/]*={0,2}$/;

/**
 * Refuses what must never be stored: names with paths or control characters, bytes that are not
 * base64, empty or oversized files, and types other than `allowed` as sniffed from the bytes (the
 * name's extension is ignored, so a renamed executable is refused).
 */
export function checkUpload(input: UploadInput, maxBytes: number, allowed: readonly AllowedType[]): CheckedUpload {
  const fileName = (input.fileName ?? '').trim();
  // eslint-disable-next-line no-control-regex
  if (!fileName || fileName.length > 200 || /[/\\\u0000-\u001f\u007f]/.test(fileName) || fileName.includes('..')) {
    throw validation(E.UPLOAD_NAME_INVALID, 'The file name is not acceptable', { field: 'fileName' });
  }
  const text = (input.contentBase64 ?? '').replace(/^data:[a-z/+.-]+;base64,/i, '').replace(/\s+/g, '');
  if (!BASE64.test(text) || text.length % 4 !== 0) throw validation(E.UPLOAD_NOT_BASE64, 'The file content must be base64', { field: 'contentBase64' });
  // Decoded size from the length, before decoding anything large.
  const size = (text.length / 4) * 3 - (text.endsWith('==') ? 2 : text.endsWith('=') ? 1 : 0);
  if (size === 0) throw validation(E.UPLOAD_EMPTY, 'The file is empty', { field: 'contentBase64' });
  if (size > maxBytes) throw validation(E.UPLOAD_TOO_LARGE, `The file is larger than ${maxBytes} bytes`, { field: 'contentBase64', maxBytes });
  const bytes = new Uint8Array(Buffer.from(text, 'base64'));
  const contentType = sniffContentType(bytes);
  if (!contentType || !allowed.includes(contentType)) {
    throw validation(E.UPLOAD_TYPE_NOT_ALLOWED, `Only ${allowed.join(', ')} files are accepted`, { field: 'contentBase64', allowed });
  }
  return { fileName, bytes, contentType, sha256: sha256Hex(bytes) };
}

/**
 * Puts the bytes in the file store under a key of our own (never the user's name) and returns the
 * row to insert in the caller's transaction; `discard` removes the bytes if that transaction fails.
 */
export async function putUpload(p: Pick<Platform, 'files' | 'clock'>, upload: CheckedUpload, owner: { userId: string; companyId?: string | null; purpose: StoredFileRow['purpose'] }) {
  const id = newId('fil', p.clock.now().getTime());
  const folder = owner.purpose === 'national_card' ? `kyc/${owner.userId.toLowerCase()}` : `companies/${(owner.companyId ?? owner.userId).toLowerCase()}`;
  const storageKey = `${folder}/${id}`;
  await p.files.put(storageKey, upload.bytes);
  const row: StoredFileRow = {
    id, ownerUserId: owner.userId, companyId: owner.companyId ?? null, purpose: owner.purpose, storageKey, fileName: upload.fileName,
    contentType: upload.contentType, sizeBytes: upload.bytes.length, sha256: upload.sha256, createdAt: p.clock.now(),
  };
  return {
    row,
    insert: (tx: DbOrTx) => kycRepo.insertFile(tx, row),
    discard: () => p.files.delete(storageKey).catch(() => undefined),
  };
}

/** Reads a stored file's bytes with its row (the caller has checked who may see it). */
export async function readUpload(p: Pick<Platform, 'files'>, row: StoredFileRow): Promise<{ bytes: Uint8Array; contentType: string; fileName: string }> {
  return { bytes: await p.files.get(row.storageKey), contentType: row.contentType, fileName: row.fileName };
}

/** The row of a stored file (for modules that keep the file id, e.g. a company's logo). */
export function findUpload(db: DbOrTx, id: string): Promise<StoredFileRow | undefined> {
  return kycRepo.fileById(db, id);
}
