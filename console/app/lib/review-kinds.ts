/** The review queue's kinds with the words the console shows (kept in step with @pco/store's REVIEW_KINDS). */
export const REVIEW_KIND_VALUES = ['quarantined_event', 'clock_skew', 'review_item', 'dispute'] as const;
export type ReviewKindValue = (typeof REVIEW_KIND_VALUES)[number];

export const REVIEW_KIND_LABELS: Record<ReviewKindValue, string> = {
  quarantined_event: 'Quarantined event',
  clock_skew: 'Clock-skew flag',
  review_item: 'Review item',
  dispute: 'Custody dispute',
};
