import { Writable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { createLogger } from './log';

function capture() {
	const lines: string[] = [];
	const stream = new Writable({
		write(chunk, _encoding, done) {
			lines.push(chunk.toString());
			done();
		}
	});
	return { logger: createLogger('info', stream), lines };
}

describe('createLogger', () => {
	it('writes one JSON object per line with a readable level', () => {
		const { logger, lines } = capture();
		logger.info({ route: '/healthz', status: 200 }, 'request');
		expect(JSON.parse(lines[0])).toMatchObject({
			level: 'info',
			route: '/healthz',
			msg: 'request'
		});
	});

	it('redacts secrets and member content wherever they are nested', () => {
		const { logger, lines } = capture();
		logger.warn(
			{
				cookie: 'session=abc123secret',
				passphrase: 'correct horse battery',
				request: { headers: { cookie: 'session=abc123secret', authorization: 'Bearer tok-9' } },
				message: { text: 'my private words', amount: 150000 },
				invite: { code: 'K7M2-QX4P', token: 'tok-9' }
			},
			'something to look at'
		);
		const line = lines.join('');
		for (const secret of [
			'abc123secret',
			'correct horse',
			'tok-9',
			'my private words',
			'150000',
			'K7M2'
		]) {
			expect(line).not.toContain(secret);
		}
		expect(line).toContain('[redacted]');
	});
});
