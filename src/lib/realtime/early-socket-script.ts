/*
 * A circle's live pages open their WebSocket from the page's head, as the HTML arrives, rather
 * than when the framework has come and started: on a slow phone network the connection and its
 * upgrade take two round trips (0.8 s at 400 ms), which then overlap the seconds the page's
 * scripts take to arrive. What the server sends meanwhile (its handshake) is kept, and the
 * page's socket takes the connection over (`EarlyWebSocket`, early-websocket.ts) and reads
 * what was kept, in order, as if it had just come.
 */

/** What the head's part leaves on `window`, under this name, for the page's socket to take. */
export interface EarlySocket {
	ws: WebSocket;
	/** The frames that came before the page's socket took the connection over. */
	frames: unknown[];
}

declare global {
	interface Window {
		circlesEarlySocket?: EarlySocket;
	}
}

/**
 * The head's part: on a circle's live page (its conversation, topics, review and help pages, a
 * facilitator's help conversation with one member), the connection socket.io's client would open,
 * opened now. Sent as its source text (`EARLY_SOCKET_SCRIPT`): it may use nothing from outside
 * its body, so the names above are written out in it.
 */
function openEarlySocket() {
	const live = /^\/groups\/[0-9a-f-]{36}(\/(topics|review|help(\/[0-9a-f-]{36})?))?$/;
	if (!live.test(location.pathname) || typeof WebSocket !== 'function') return;
	try {
		// A WebSocket timed out before in this tab: the page's socket starts over long-polling
		// (open-socket.ts, POLLING_FIRST).
		if (sessionStorage.getItem('circles:polling-first') !== null) return;
	} catch {
		// No storage to read: open it.
	}
	try {
		const scheme = location.protocol === 'https:' ? 'wss' : 'ws';
		const ws = new WebSocket(`${scheme}://${location.host}/socket.io/?EIO=4&transport=websocket`);
		const frames: unknown[] = [];
		ws.onmessage = (event) => frames.push(event.data);
		window.circlesEarlySocket = { ws, frames };
	} catch {
		// No WebSocket here: the page's socket opens its own way.
	}
}

export const EARLY_SOCKET_SCRIPT = `(${openEarlySocket.toString()})()`;
