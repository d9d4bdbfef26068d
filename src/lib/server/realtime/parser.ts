import { Decoder, Encoder } from 'socket.io-parser';
import { bigintAsString } from '$lib/json';

/**
 * socket.io's own parser, writing bigint as its decimal string: every event and acknowledgement
 * this process sends goes through it, and the default one throws on a bigint (JSON.stringify).
 * Browsers keep the default parser: the packets are the same JSON.
 *
 * Broadcasts to other processes (REALTIME_ADAPTER postgres or redis) are serialised by the adapter
 * before they get here, so event types in `$lib/realtime/events` hold no bigint at all (checked in
 * parser.test.ts): this is the safety net, not the contract.
 */
class BigIntAsStringEncoder extends Encoder {
	constructor() {
		super(bigintAsString);
	}
}

export const realtimeParser = { Encoder: BigIntAsStringEncoder, Decoder };
