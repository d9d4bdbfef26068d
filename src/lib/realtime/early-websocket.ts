import { WebSocket as WebSocketTransport } from 'engine.io-client';
import type { EarlySocket } from './early-socket-script';

/** The connection the head opened, once. */
function takeEarlySocket(): EarlySocket | null {
	const early = window.circlesEarlySocket ?? null;
	delete window.circlesEarlySocket;
	return early;
}

/**
 * socket.io's WebSocket transport, which takes over the connection the head opened, the first time
 * it connects, and opens its own from then on (a reconnection).
 */
export class EarlyWebSocket extends WebSocketTransport {
	#early: EarlySocket | null = null;

	createSocket(
		uri: string,
		protocols: string | string[] | undefined,
		opts: Record<string, unknown>
	) {
		return this.#early?.ws ?? super.createSocket(uri, protocols, opts);
	}

	doOpen() {
		const early = takeEarlySocket();
		if (early && early.ws.readyState > WebSocket.OPEN) {
			// Closed before the page came: refused on the way (a proxy), as its own would be; the
			// engine goes on to long-polling. Said on a later turn: it listens once this returns.
			setTimeout(() => this.onError('the early WebSocket closed', null));
			return this;
		}
		this.#early = early;
		const opened = super.doOpen();
		if (!early || early.ws.readyState !== WebSocket.OPEN) return opened;
		// Already open: it will not say so again. The transport is only handed to the engine after
		// this returns, so the opening and the kept frames are replayed on a later turn, with the
		// frames still kept until then so that none is read out of order.
		const ws = early.ws;
		ws.onmessage = (event) => early.frames.push(event.data);
		setTimeout(() => {
			// Closed meanwhile (the page left): nothing to open.
			if (this.ws !== ws) return;
			this.onOpen();
			for (const frame of early.frames.splice(0)) this.onData(frame as string);
			ws.onmessage = (event) => this.onData(event.data);
		});
		return opened;
	}
}
