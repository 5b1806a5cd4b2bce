/**
 * The console's audit trail: one row per action (who, when, what, on what). Callers write it in
 * the same transaction as the action's own rows; for a Temporal start or signal, right after the
 * call succeeded (a refused call is recorded too, with its outcome in details).
 */
import { ConsoleAuditEntity } from '../entities';
import type { Em } from '../sql';

export interface ConsoleAuditInput {
  actorId: string;
  /** Dotted verb, e.g. `device.suspend`, `conflict.decide`, `recovery.pause`. */
  action: string;
  /** What it was done to, e.g. `device:device-tech-1`, `conflict:<uuid>`. */
  target: string;
  details: Record<string, unknown>;
  at: Date;
}

export async function recordConsoleAudit(em: Em, input: ConsoleAuditInput): Promise<void> {
  em.create(ConsoleAuditEntity, { ...input });
  await em.flush();
}

export interface ConsoleAuditEntry extends Omit<ConsoleAuditInput, 'at'> {
  id: string;
  at: string;
}

/** Newest first. */
export async function listConsoleAudit(
  em: Em,
  page: { limit: number; offset: number; target?: string },
): Promise<ConsoleAuditEntry[]> {
  const rows = await em.find(ConsoleAuditEntity, page.target ? { target: page.target } : {}, {
    orderBy: { at: 'desc', id: 'desc' },
    limit: page.limit,
    offset: page.offset,
  });
  return rows.map((r) => ({
    id: r.id,
    actorId: r.actorId,
    action: r.action,
    target: r.target,
    details: r.details,
    at: r.at.toISOString(),
  }));
}
