/**
 * (b)'s devices send batches encoded BEFORE the timed phase, as they are pre-signed: the load
 * generator shares the gateway's 2 cores, and JSON-encoding 10,000 events in it (~20 µs each)
 * was CPU taken from the system under test, not a cost of the gateway. The gateway receives the
 * very bytes socket.io-client would have sent: `2<ack id>["events:upload",{"events":[…]}]`.
 */
import type { SignedEvent } from '@pco/domain';
import { Decoder, Encoder, PacketType, type Packet } from 'socket.io-parser';

/** One upload batch's JSON (`{"events":[…]}`), made once. */
export class PreEncodedBatch {
  readonly json: string;
  constructor(readonly events: readonly SignedEvent[]) {
    this.json = JSON.stringify({ events });
  }
}

/** socket.io-parser's encoder, except that a PreEncodedBatch argument is written as it is. */
class PreEncodingEncoder extends Encoder {
  override encode(packet: Packet): Array<string | Buffer> {
    const data: unknown = packet.data;
    if (packet.type === PacketType.EVENT && Array.isArray(data) && data[1] instanceof PreEncodedBatch) {
      const nsp = packet.nsp && packet.nsp !== '/' ? `${packet.nsp},` : '';
      return [`${PacketType.EVENT}${nsp}${packet.id ?? ''}[${JSON.stringify(data[0])},${data[1].json}]`];
    }
    return super.encode(packet) as Array<string | Buffer>;
  }
}

/** The `parser` option of socket.io-client for devices that send PreEncodedBatch uploads. */
export const preEncodingParser = { Encoder: PreEncodingEncoder, Decoder };

export function preEncodeBatches(backlog: readonly SignedEvent[], batchSize: number): PreEncodedBatch[] {
  const batches: PreEncodedBatch[] = [];
  for (let start = 0; start < backlog.length; start += batchSize)
    batches.push(new PreEncodedBatch(backlog.slice(start, start + batchSize)));
  return batches;
}
