import { createHash, randomInt } from 'node:crypto';
import { conflict, validation } from '../../platform/errors.js';
import { sniffContentType } from '../../platform/files.js';
import { normalizeMobile } from '../identity/index.js';
import { OrderErrors as E } from './orders.errors.js';
import type { ParcelDetails } from './orders.model.js';
import type { ParcelBody } from './orders.schemas.js';


/** ORD-8: contents declared when not visible, value under the cap, nothing forbidden, a reachable recipient. */
export function validateParcel(body: ParcelBody, o: { maxValueRials: bigint; forbidden: readonly string[] }): ParcelDetails {
  if (o.forbidden.includes(body.category)) {
    throw validation(E.PARCEL_FORBIDDEN_CONTENTS, 'Parcels of this kind are not accepted', { field: 'parcel.category', category: body.category });
  }
  const contents = body.contents?.trim() || null;
  if (!body.contentsVisible && !contents) throw validation(E.PARCEL_CONTENTS_REQUIRED, 'Declare the contents of a parcel that cannot be seen', { field: 'parcel.contents' });
  const value = BigInt(body.declaredValueRials);
  if (value > o.maxValueRials) {
    throw validation(E.PARCEL_VALUE_OVER_CAP, 'The declared value is over the cap', { field: 'parcel.declaredValueRials', maxRials: o.maxValueRials.toString() });
  }
  const mobile = normalizeMobile(body.recipient.mobile);
  if (!mobile) throw validation('MOBILE_INVALID', 'The recipient mobile number is not valid', { field: 'parcel.recipient.mobile' });
  return {
    category: body.category, contents, contentsVisible: body.contentsVisible, declaredValueRials: value.toString(),
    recipient: { name: body.recipient.name.trim(), mobile, address: body.recipient.address.trim() },
    identityCheck: body.identityCheck ?? false, unusualCargo: body.unusualCargo?.trim() || null,
  };
}

export const newDeliveryCode = (): string => String(randomInt(0, 1_000_000)).padStart(6, '0');
export const deliveryCodeHash = (orderId: string, code: string) => createHash('sha256').update(`${orderId}:${code}`).digest('hex');

const MAX_SIGNATURE_BYTES = 256 * 1024;

/** ORD-9: a signature drawn on the provider's screen, sent as a PNG data URL. */
export function decodeSignature(dataUrl: string): Uint8Array {
  const m = /^data:image\/png;base64,([A-Za-z0-9+/=]+)$/.exec(dataUrl);
  if (!m) throw validation(E.POD_INVALID, 'The signature must be a PNG data URL', { field: 'pod.signaturePng' });
  const bytes = Buffer.from(m[1], 'base64');
  if (bytes.length > MAX_SIGNATURE_BYTES || sniffContentType(bytes) !== 'image/png') {
    throw validation(E.POD_INVALID, 'The signature is not a PNG image of at most 256 KB', { field: 'pod.signaturePng' });
  }
  return bytes;
}

export function assertCodeMatches(order: { id: string; deliveryCodeHash: string | null; deliveryCodeExpiresAt: Date | null }, code: string, now: Date) {
  if (!order.deliveryCodeHash || !order.deliveryCodeExpiresAt) throw conflict(E.DELIVERY_CODE_NOT_SENT, 'Send the delivery code to the recipient first');
  if (order.deliveryCodeExpiresAt <= now || deliveryCodeHash(order.id, code) !== order.deliveryCodeHash) {
    throw validation(E.DELIVERY_CODE_INVALID, 'The delivery code is wrong or has expired', { field: 'pod.code' });
  }
}
