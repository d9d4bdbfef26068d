import type { IncomingMessage } from 'node:http';

/**
 * Whether a socket.io handshake may proceed. Browsers always send Origin on cross-site requests and
 * on WebSocket upgrades, so a foreign Origin is refused (cross-site WebSocket hijacking). A request
 * without Origin comes from a same-origin polling request or a non-browser client, which carries no
 * victim's cookies, and is let through.
 */
export function isAllowedOrigin(request: IncomingMessage, configuredOrigin: string | undefined) {
	const origin = request.headers.origin;
	if (origin === undefined) return true;
	if (configuredOrigin) return origin === new URL(configuredOrigin).origin;
	// Without ORIGIN (development), the page and the socket share the Host header.
	const host = request.headers.host;
	return host !== undefined && (origin === `http://${host}` || origin === `https://${host}`);
}
