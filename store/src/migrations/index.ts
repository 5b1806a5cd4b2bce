import { Migration20261126000000Initial } from './Migration20261126000000_initial';
import { Migration20261126010000Operations } from './Migration20261126010000_operations';
import { Migration20261126020000DeviceNotifications } from './Migration20261126020000_device_notifications';
import { Migration20261129010000EnrolmentCodes } from './Migration20261129010000_enrolment_codes';
import { Migration20261129020000QuantityStep } from './Migration20261129020000_quantity_step';
import { Migration20261129020100ValidateQuantityStep } from './Migration20261129020100_validate_quantity_step';
import { Migration20261129030000PullIndexes } from './Migration20261129030000_pull_indexes';
import { Migration20261129040000Console } from './Migration20261129040000_console';
import { Migration20261129050000EventAttachments } from './Migration20261129050000_event_attachments';
import { Migration20261129070000ReviewOutcomes } from './Migration20261129070000_review_outcomes';
import { Migration20261129080000DeviceChainHead } from './Migration20261129080000_device_chain_head';
import { Migration20261130010000UsedChallenges } from './Migration20261130010000_used_challenges';
import { Migration20261130020000ConsoleSessions } from './Migration20261130020000_console_sessions';

/** Every migration, in order. New migrations are appended here by hand. */
export const MIGRATIONS = [
  { name: 'Migration20261126000000_initial', class: Migration20261126000000Initial },
  { name: 'Migration20261126010000_operations', class: Migration20261126010000Operations },
  { name: 'Migration20261126020000_device_notifications', class: Migration20261126020000DeviceNotifications },
  { name: 'Migration20261129010000_enrolment_codes', class: Migration20261129010000EnrolmentCodes },
  { name: 'Migration20261129020000_quantity_step', class: Migration20261129020000QuantityStep },
  { name: 'Migration20261129020100_validate_quantity_step', class: Migration20261129020100ValidateQuantityStep },
  { name: 'Migration20261129030000_pull_indexes', class: Migration20261129030000PullIndexes },
  { name: 'Migration20261129040000_console', class: Migration20261129040000Console },
  { name: 'Migration20261129050000_event_attachments', class: Migration20261129050000EventAttachments },
  { name: 'Migration20261129070000_review_outcomes', class: Migration20261129070000ReviewOutcomes },
  { name: 'Migration20261129080000_device_chain_head', class: Migration20261129080000DeviceChainHead },
  { name: 'Migration20261130010000_used_challenges', class: Migration20261130010000UsedChallenges },
  { name: 'Migration20261130020000_console_sessions', class: Migration20261130020000ConsoleSessions },
];
