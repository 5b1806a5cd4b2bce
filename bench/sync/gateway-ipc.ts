/** Messages between the benchmark (parent) and the gateway child process. */
import type { GatewayConfig } from '@pco/sync-socket';

export type ParentCommand =
  { type: 'memory' } | { type: 'stop' } | { type: 'profile-start' } | { type: 'profile-stop'; name: string };

export type ChildReply =
  | { type: 'ready'; url: string; config: GatewayConfig; poolMax: number; pid: number }
  | { type: 'memory'; maxRssKb: number; rssBytes: number }
  | { type: 'profile-started' }
  | { type: 'profile-written'; path: string }
  | { type: 'stopped' };
