/** Messages between the benchmark (parent) and the gateway child process. */
import type { GatewayConfig } from '@pco/sync-socket';

export type ParentCommand = { type: 'memory' } | { type: 'stop' };

export type ChildReply =
  | { type: 'ready'; url: string; config: GatewayConfig; poolMax: number; pid: number }
  | { type: 'memory'; maxRssKb: number; rssBytes: number }
  | { type: 'stopped' };
