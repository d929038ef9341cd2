/** Categories a sender may declare; the forbidden ones (ORD-8) are a setting, refused with their own code. */
export const PARCEL_CATEGORIES = [
  'documents', 'food', 'clothing', 'electronics', 'household', 'medicine', 'books', 'cosmetics', 'spare_parts', 'other',
  'cheques', 'bills_of_exchange', 'promissory_notes', 'securities', 'antiques', 'precious_items', 'alcohol', 'drugs', 'weapons', 'gambling_devices',
] as const;
