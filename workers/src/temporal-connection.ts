/** Connections to Temporal for workers (native, Rust core) and for clients (gRPC). */
import { Client, Connection } from '@temporalio/client';
import { NativeConnection } from '@temporalio/worker';

export interface TemporalTarget {
  address: string;
  namespace: string;
}

export async function connectWorkerConnection(target: TemporalTarget): Promise<NativeConnection> {
  return NativeConnection.connect({ address: target.address });
}

export interface TemporalClientHandle {
  client: Client;
  close(): Promise<void>;
}

export async function connectClient(target: TemporalTarget): Promise<TemporalClientHandle> {
  const connection = await Connection.connect({ address: target.address });
  return { client: new Client({ connection, namespace: target.namespace }), close: () => connection.close() };
}
