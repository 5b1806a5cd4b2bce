/** The technician's four options on a conflict (the conflict workflow's TECHNICIAN_OPTIONS) and what each does. */
export type TechnicianOption = 'accept_server' | 'retry' | 'modify' | 'escalate';

export const TECHNICIAN_CHOICES: ReadonlyArray<{ option: TechnicianOption; label: string; effect: string }> = [
  {
    option: 'accept_server',
    label: "Accept the server's view",
    effect: 'Your issue is dropped; the stock stays as the server counts it. Nothing more is taken from the location.',
  },
  {
    option: 'retry',
    label: 'Retry',
    effect:
      'Your issue is applied again as it is, if the stock is there now (for example after a transfer in). If not, the conflict stays open.',
  },
  {
    option: 'modify',
    label: 'Modify the quantity',
    effect:
      'Your issue is recorded with the quantity you enter instead (at most what is available), and your queue moves on.',
  },
  {
    option: 'escalate',
    label: 'Escalate to a manager',
    effect: 'A manager decides. Your queue waits until they do; they are emailed now.',
  },
];
