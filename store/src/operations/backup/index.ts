/** Logical backups made and restored with SQL alone (no pg_dump needed). */
export {
  LOGICAL_BACKUP_FORMAT,
  writeLogicalDump,
  type LogicalBackupHeader,
  type LogicalDumpSummary,
} from './logical-dump';
export {
  BackupFileError,
  restoreLogicalDump,
  type LineSource,
  type LogicalRestoreOptions,
  type LogicalRestoreSummary,
} from './logical-restore';
