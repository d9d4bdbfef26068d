import type { IncomingMessage } from 'node:http';
import { describe, expect, it } from 'vitest';
import { ConfigError, parseConfig } from '../config';
import { isLoopback, mayReadMetrics, metricsRequest, type MetricsAccess } from './access';

const TOKEN = 'm'.repeat(24) + crypto.randomUUID();
const noToken: MetricsAccess = { token: undefined, addressHeader: undefined };
const behindProxy: MetricsAccess = { token: undefined, addressHeader: 'x-forwarded-for' };
const withToken: MetricsAccess = { token: TOKEN, addressHeader: 'x-forwarded-for' };

const from = (peerAddress: string | undefined, headers: Record<string, string> = {}) => ({
	peerAddress,
	headers: new Headers(headers)
});

describe('who may read /metrics', () => {
	it.each(['127.0.0.1', '::1', '::ffff:127.0.0.1', '127.0.0.53'])(
		'answers this machine (%s)',
		(address) => {
			expect(mayReadMetrics(from(address), noToken)).toBe(true);
			expect(mayReadMetrics(from(address), behindProxy)).toBe(true);
		}
	);

	it.each(['203.0.113.9', '10.0.0.2', '::ffff:192.168.1.4', '2001:db8::1', '::', '0.0.0.0', ''])(
		'does not answer another machine (%s)',
		(address) => {
			expect(mayReadMetrics(from(address), noToken)).toBe(false);
			expect(mayReadMetrics(from(address), withToken)).toBe(false);
		}
	);

	it('does not answer when the address is unknown', () => {
		expect(mayReadMetrics(from(undefined), noToken)).toBe(false);
	});

	it('does not take a request a local proxy passed on for a local one', () => {
		// The proxy's connection comes from loopback; the header says whose request it carries.
		for (const header of ['X-Forwarded-For', 'x-forwarded-for', 'Forwarded', 'X-Real-IP']) {
			expect(mayReadMetrics(from('127.0.0.1', { [header]: '203.0.113.9' }), behindProxy)).toBe(
				false
			);
			expect(mayReadMetrics(from('127.0.0.1', { [header]: '127.0.0.1' }), noToken)).toBe(false);
		}
		// Whatever header ADDRESS_HEADER names.
		const custom: MetricsAccess = { token: undefined, addressHeader: 'CF-Connecting-IP' };
		expect(mayReadMetrics(from('::1', { 'cf-connecting-ip': '203.0.113.9' }), custom)).toBe(false);
		expect(mayReadMetrics(from('::1'), custom)).toBe(true);
	});

	it('answers anyone with the right token, and no one for a wrong or missing one', () => {
		const remote = (authorization?: string) =>
			from('203.0.113.9', {
				'x-forwarded-for': '198.51.100.7',
				...(authorization ? { authorization } : {})
			});
		expect(mayReadMetrics(remote(`Bearer ${TOKEN}`), withToken)).toBe(true);
		expect(mayReadMetrics(remote(`bearer ${TOKEN}`), withToken)).toBe(true);
		expect(mayReadMetrics(remote(`Bearer ${TOKEN}x`), withToken)).toBe(false);
		expect(mayReadMetrics(remote(`Bearer ${TOKEN.slice(0, -1)}`), withToken)).toBe(false);
		expect(mayReadMetrics(remote(`Basic ${TOKEN}`), withToken)).toBe(false);
		expect(mayReadMetrics(remote(TOKEN), withToken)).toBe(false);
		expect(mayReadMetrics(remote('Bearer '), withToken)).toBe(false);
		expect(mayReadMetrics(remote(), withToken)).toBe(false);
		// No token configured: a bearer gets nothing, whatever it sends.
		expect(mayReadMetrics(remote(`Bearer ${TOKEN}`), behindProxy)).toBe(false);
		// Loopback still works beside a token.
		expect(mayReadMetrics(from('127.0.0.1'), withToken)).toBe(true);
	});

	it('judges the socket, not a header a client wrote', () => {
		const event = (
			remoteAddress: string | undefined,
			clientAddress: string,
			headers: Record<string, string> = {}
		) => ({
			request: new Request('http://localhost/metrics', { headers }),
			platform: { req: { socket: { remoteAddress } } as IncomingMessage },
			getClientAddress: () => clientAddress
		});
		// adapter-node with ADDRESS_HEADER: the client address is what the header says.
		const spoofed = metricsRequest(event('203.0.113.9', '127.0.0.1', { 'x-forwarded-for': '1' }));
		expect(spoofed.peerAddress).toBe('203.0.113.9');
		expect(mayReadMetrics(spoofed, noToken)).toBe(false);
		const local = metricsRequest(event('::ffff:127.0.0.1', '203.0.113.9'));
		expect(local.peerAddress).toBe('::ffff:127.0.0.1');
	});

	it('uses the client address where no Node request is handed over, unless a header decides it', () => {
		const devEvent = {
			request: new Request('http://localhost/metrics'),
			platform: undefined,
			getClientAddress: () => '127.0.0.1'
		};
		const before = process.env.ADDRESS_HEADER;
		try {
			delete process.env.ADDRESS_HEADER;
			expect(metricsRequest(devEvent).peerAddress).toBe('127.0.0.1');
			process.env.ADDRESS_HEADER = 'x-forwarded-for';
			expect(metricsRequest(devEvent).peerAddress).toBeUndefined();
		} finally {
			if (before === undefined) delete process.env.ADDRESS_HEADER;
			else process.env.ADDRESS_HEADER = before;
		}
	});

	it('knows loopback addresses', () => {
		expect(isLoopback('127.1.2.3')).toBe(true);
		expect(isLoopback('::FFFF:127.0.0.1')).toBe(true);
		expect(isLoopback('128.0.0.1')).toBe(false);
		expect(isLoopback('127.0.0.1.example.org')).toBe(false);
		expect(isLoopback('::2')).toBe(false);
	});
});

describe('METRICS_TOKEN', () => {
	it('is optional', () => {
		expect(parseConfig({}).METRICS_TOKEN).toBeUndefined();
		expect(parseConfig({ METRICS_TOKEN: '' }).METRICS_TOKEN).toBeUndefined();
	});

	it('is taken at 32 characters or more', () => {
		expect(parseConfig({ METRICS_TOKEN: TOKEN }).METRICS_TOKEN).toBe(TOKEN);
		expect(parseConfig({ METRICS_TOKEN: 'k'.repeat(32) }).METRICS_TOKEN).toBe('k'.repeat(32));
	});

	it('is refused when shorter, without repeating it', () => {
		const short = 'secret-'.repeat(4);
		expect(() => parseConfig({ METRICS_TOKEN: short })).toThrow(ConfigError);
		expect(() => parseConfig({ METRICS_TOKEN: short })).toThrow(
			'METRICS_TOKEN must be at least 32 characters'
		);
		try {
			parseConfig({ METRICS_TOKEN: short });
		} catch (error) {
			expect((error as Error).message).not.toContain(short);
		}
	});
});
