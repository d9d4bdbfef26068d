import { createHash, timingSafeEqual } from 'node:crypto';
import type { RequestEvent } from '@sveltejs/kit';
import { config } from '../config';

/**
 * Who may read /metrics: a request from this machine's loopback interface, or one that carries
 * `Authorization: Bearer <METRICS_TOKEN>`. Anyone else gets the 404 of a page that does not exist.
 *
 * "From loopback" is the TCP peer's address, never a header a client can write. A proxy on the
 * same machine (nginx in front of the app) makes every request come from loopback, so a request
 * that carries a forwarding header (the configured ADDRESS_HEADER, or a standard one) was passed
 * on from elsewhere and is not local: the internet never reaches /metrics through the proxy.
 */
export interface MetricsRequest {
	/** The socket's remote address. */
	peerAddress: string | undefined;
	headers: Headers;
}

export interface MetricsAccess {
	/** METRICS_TOKEN, when set. */
	token: string | undefined;
	/** adapter-node's ADDRESS_HEADER, when set: the header a local proxy puts the client's address in. */
	addressHeader: string | undefined;
}

const FORWARDING_HEADERS = ['forwarded', 'x-forwarded-for', 'x-real-ip'];

/** 127.0.0.0/8 and ::1, also as IPv4-mapped IPv6 (a dual-stack server's view of 127.0.0.1). */
export function isLoopback(address: string | undefined): boolean {
	if (!address) return false;
	return address === '::1' || /^(::ffff:)?127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/i.test(address);
}

/** Compared as digests of equal length, in constant time: the answer's timing tells nothing. */
function sameSecret(given: string, expected: string): boolean {
	const digest = (value: string) => createHash('sha256').update(value).digest();
	return timingSafeEqual(digest(given), digest(expected));
}

function bearerToken(headers: Headers): string | undefined {
	const match = /^Bearer +(\S+) *$/i.exec(headers.get('authorization') ?? '');
	return match?.[1];
}

export function mayReadMetrics(request: MetricsRequest, access: MetricsAccess): boolean {
	if (access.token !== undefined) {
		const given = bearerToken(request.headers);
		if (given !== undefined && sameSecret(given, access.token)) return true;
	}
	const forwarded = [...FORWARDING_HEADERS, access.addressHeader?.toLowerCase()].some(
		(name) => name && request.headers.has(name)
	);
	return !forwarded && isLoopback(request.peerAddress);
}

/**
 * The request as the access check sees it. adapter-node hands over the Node request (its socket's
 * address); Vite's development server does not, and there the client address is the socket's
 * unless ADDRESS_HEADER is set.
 */
export function metricsRequest(
	event: Pick<RequestEvent, 'request' | 'platform' | 'getClientAddress'>
): MetricsRequest {
	const peerAddress =
		event.platform?.req?.socket?.remoteAddress ??
		(process.env.ADDRESS_HEADER ? undefined : event.getClientAddress());
	return { peerAddress, headers: event.request.headers };
}

/** METRICS_TOKEN and ADDRESS_HEADER of this process. */
export function metricsAccess(): MetricsAccess {
	return {
		token: config().METRICS_TOKEN,
		addressHeader: process.env.ADDRESS_HEADER || undefined
	};
}
