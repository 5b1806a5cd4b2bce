import { queueNotice } from '../app/src/queue-notice';

describe('the app announces the 500-event queue limit before it is reached', () => {
  it.each([
    [0, 'none'],
    [399, 'none'],
    [400, 'warning'],
    [499, 'warning'],
    [500, 'full'],
  ])('with %i unsent events the notice is %s', (unsent, level) => {
    expect(queueNotice(unsent, 500).level).toBe(level);
  });

  it('the warning says how many are left and what happens at the limit', () => {
    expect(queueNotice(450, 500)).toEqual({
      level: 'warning',
      title: 'Queue nearly full',
      message:
        '450 of 500 unsent events: 50 more can be recorded. At 500 the phone stops recording until it syncs. Get to a signal soon.',
    });
  });
});
