/** Stable error codes of the review queues (OPS-1). */
export const ReviewErrors = {
  ITEM_NOT_FOUND: 'REVIEW_ITEM_NOT_FOUND',
  ITEM_CLOSED: 'REVIEW_ITEM_CLOSED',
  CLAIMED: 'REVIEW_CLAIMED',
  NOT_CLAIMED_BY_YOU: 'REVIEW_NOT_CLAIMED_BY_YOU',
  OWN_ACCOUNT: 'REVIEW_OWN_ACCOUNT',
} as const;
