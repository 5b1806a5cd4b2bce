/**
 * The 500-event queue limit, announced well before it is reached: from 80 % a warning says how
 * many are left and what happens at the limit; at the limit, that nothing more can be recorded.
 */
export const QUEUE_WARNING_SHARE = 0.8;

export type QueueNotice = { level: 'none' } | { level: 'warning' | 'full'; title: string; message: string };

export function queueNotice(unsent: number, limit: number): QueueNotice {
  if (unsent >= limit) {
    return {
      level: 'full',
      title: 'Queue full',
      message: `${unsent} of ${limit} unsent events. Nothing more can be recorded until the phone syncs.`,
    };
  }
  if (unsent >= Math.ceil(limit * QUEUE_WARNING_SHARE)) {
    return {
      level: 'warning',
      title: 'Queue nearly full',
      message: `${unsent} of ${limit} unsent events: ${limit - unsent} more can be recorded. At ${limit} the phone stops recording until it syncs. Get to a signal soon.`,
    };
  }
  return { level: 'none' };
}
