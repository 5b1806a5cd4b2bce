/**
 * The console's Temporal calls: workflow state queries, updates and signals, and links to the
 * Temporal UI. A refused update (its validator threw) or a missing workflow becomes a readable
 * reason for the page instead of an error screen.
 */
import type { AppLoadContext } from '@remix-run/node';
import { WorkflowNotFoundError, WorkflowUpdateFailedError } from '@temporalio/client';

export type Refusable<T> = { ok: true; value: T } | { ok: false; reason: string };

export async function refusable<T>(work: () => Promise<T>): Promise<Refusable<T>> {
  try {
    return { ok: true, value: await work() };
  } catch (error) {
    if (error instanceof WorkflowUpdateFailedError) return { ok: false, reason: error.cause?.message ?? error.message };
    if (error instanceof WorkflowNotFoundError || (error as { name?: string })?.name === 'WorkflowNotFoundError') {
      return { ok: false, reason: 'Its workflow is not running (not started yet, or already finished).' };
    }
    if ((error as { name?: string })?.name === 'QueryNotRegisteredError')
      return { ok: false, reason: 'The workflow does not answer this query.' };
    throw error;
  }
}

export function workflowUiUrl(context: AppLoadContext, workflowId: string): string {
  const { temporalUiUrl, config } = context.services;
  return `${temporalUiUrl}/namespaces/${encodeURIComponent(config.temporal.namespace)}/workflows/${encodeURIComponent(workflowId)}`;
}

export function workflowListUiUrl(context: AppLoadContext, query: string): string {
  const { temporalUiUrl, config } = context.services;
  return `${temporalUiUrl}/namespaces/${encodeURIComponent(config.temporal.namespace)}/workflows?query=${encodeURIComponent(query)}`;
}
