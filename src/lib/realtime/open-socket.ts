import { WebSocket as WebSocketTransport, XHR } from 'engine.io-client';
import { io, type Socket } from 'socket.io-client';
import { EarlyWebSocket } from './early-websocket';
import type { ClientToServerEvents, ServerToClientEvents } from './events';

export type AppSocket = Socket<ServerToClientEvents, ClientToServerEvents>;

/**
 * Set in this tab's session storage once a WebSocket timed out: see `openSocket`. Kept there, not in
 * memory, because pages without the framework start their scripts anew on each page; the head's
 * early socket (early-socket-script.ts) reads it too, by this name.
 */
export const POLLING_FIRST = 'circles:polling-first';
/** This page's own memory of it, where storage is refused (some private modes). */
let timedOut = false;

function websocketFirst() {
	if (timedOut) return false;
	try {
		return sessionStorage.getItem(POLLING_FIRST) === null;
	} catch {
		return true;
	}
}

/**
 * A socket to this page's own origin, on a connection of its own: one page's socket closing must
 * not close another's. It opens over WebSocket first: socket.io's usual start over long-polling
 * spends two round trips (0.8 s on a slow phone network) on the handshake and the upgrade before
 * a page hears anything. Where a WebSocket is refused, `tryAllTransports` falls back to
 * long-polling at once. Where something between holds a WebSocket open without answering (some
 * carriers' proxies), the connection times out; from then on this tab starts over long-polling
 * again, which upgrades when it can, so that wait is paid once, not on every page.
 * On a circle's live pages the page's head has opened the WebSocket already (early-socket.ts):
 * the socket that follows the circle (`early`) takes it over, once (early-websocket.ts).
 */
export function openSocket({ early = false } = {}): AppSocket {
	const websocket = early ? EarlyWebSocket : WebSocketTransport;
	const socket: AppSocket = io({
		forceNew: true,
		transports: websocketFirst() ? [websocket, XHR] : [XHR, websocket],
		tryAllTransports: true
	});
	// Only a time-out: a refused or dropped connection fails at once, and being offline for a
	// while must not cost the next page its fast start.
	socket.io.on('error', (error) => {
		if (error.message !== 'timeout') return;
		timedOut = true;
		try {
			sessionStorage.setItem(POLLING_FIRST, '1');
		} catch {
			// Not kept: the next page pays the wait again.
		}
		socket.io.opts.transports = [XHR, websocket];
	});
	return socket;
}
