import { describe, expect, it } from 'vitest';
import { ConfigError, parseConfig } from './config';

function problemWith(env: Record<string, string>): string {
	try {
		parseConfig(env);
	} catch (error) {
		expect(error).toBeInstanceOf(ConfigError);
		return (error as Error).message;
	}
	throw new Error('configuration was accepted');
}

describe('parseConfig', () => {
	it('gives working defaults for an empty environment', () => {
		const config = parseConfig({});
		expect(config).toMatchObject({
			PORT: 3000,
			DATA_DIR: './data',
			APP_NAME: 'Circles',
			LOG_LEVEL: 'info',
			DB_POOL_MAX: 10
		});
		expect(config.DATABASE_URL).toBeUndefined();
		expect(config.QUICK_EXIT_URL).toMatch(/^https:\/\//);
	});

	it('reads numbers and treats an empty variable as unset', () => {
		const config = parseConfig({ PORT: '8080', DB_POOL_MAX: '', APP_NAME: '  Garden  ' });
		expect(config.PORT).toBe(8080);
		expect(config.DB_POOL_MAX).toBe(10);
		expect(config.APP_NAME).toBe('Garden');
	});

	it.each([
		[{ PORT: 'eighty' }, 'PORT must be a whole number'],
		[{ PORT: '70000' }, 'PORT must be at most 65535'],
		[{ DATABASE_URL: 'mysql://db/x' }, 'DATABASE_URL must start with postgres://'],
		[{ QUICK_EXIT_URL: 'javascript:alert(1)' }, 'QUICK_EXIT_URL must start with http'],
		[{ QUICK_EXIT_URL: 'weather' }, 'QUICK_EXIT_URL must be a full address'],
		[{ LOG_LEVEL: 'loud' }, 'LOG_LEVEL'],
		[{ APP_NAME: 'x'.repeat(41) }, 'APP_NAME must be at most 40 characters'],
		[{ ORIGIN: 'localhost:3000' }, 'ORIGIN must'],
		[{ TIME_ZONE: 'Mars/Olympus' }, 'TIME_ZONE must be an IANA time zone'],
		[{ REALTIME_ADAPTER: 'kafka' }, 'REALTIME_ADAPTER must be memory, postgres or redis'],
		[{ REALTIME_ADAPTER: 'postgres' }, 'REALTIME_ADAPTER can be postgres only when DATABASE_URL'],
		[{ REALTIME_ADAPTER: 'redis' }, 'REALTIME_ADAPTER can be redis only when DATABASE_URL'],
		[
			{
				REALTIME_ADAPTER: 'redis',
				DATABASE_URL: 'postgres://circles@127.0.0.1/circles',
				THROTTLE_KEY: 'k'.repeat(32)
			},
			'REDIS_URL must be set when REALTIME_ADAPTER is redis'
		],
		[{ REDIS_URL: 'http://127.0.0.1:6379' }, 'REDIS_URL must start with redis://'],
		[{ THROTTLE_KEY: 'short' }, 'THROTTLE_KEY must be at least 32 characters'],
		[
			{ REALTIME_ADAPTER: 'postgres', DATABASE_URL: 'postgres://circles@127.0.0.1/circles' },
			'THROTTLE_KEY must be set, the same on every process'
		],
		[
			{
				REALTIME_ADAPTER: 'redis',
				DATABASE_URL: 'postgres://circles@127.0.0.1/circles',
				REDIS_URL: 'redis://127.0.0.1:6379'
			},
			'THROTTLE_KEY must be set, the same on every process'
		]
	])('refuses %o, naming the variable', (env, expected) => {
		expect(problemWith(env)).toContain(expected);
	});

	it('takes the postgres adapter with DATABASE_URL, and the in-process one by default', () => {
		expect(parseConfig({}).REALTIME_ADAPTER).toBe('memory');
		const config = parseConfig({
			REALTIME_ADAPTER: 'postgres',
			DATABASE_URL: 'postgres://circles@127.0.0.1/circles',
			THROTTLE_KEY: 'k'.repeat(32)
		});
		expect(config.REALTIME_ADAPTER).toBe('postgres');
	});

	it('takes the redis adapter with REDIS_URL and DATABASE_URL', () => {
		const config = parseConfig({
			REALTIME_ADAPTER: 'redis',
			REDIS_URL: 'rediss://:s3cret@cache.internal:6380/2',
			DATABASE_URL: 'postgres://circles@127.0.0.1/circles',
			THROTTLE_KEY: 'k'.repeat(32)
		});
		expect(config).toMatchObject({
			REALTIME_ADAPTER: 'redis',
			REDIS_URL: 'rediss://:s3cret@cache.internal:6380/2'
		});
	});

	it('lists every bad variable at once', () => {
		const message = problemWith({ PORT: 'x', DB_POOL_MAX: '0', REALTIME_ADAPTER: 'postgres' });
		expect(message).toContain('PORT');
		expect(message).toContain('DB_POOL_MAX must be at least 1');
		expect(message).toContain('REALTIME_ADAPTER');
	});

	it('never repeats a value, which could be a password', () => {
		const message = problemWith({ DATABASE_URL: 'mysql://user:s3cret@db/x' });
		expect(message).not.toContain('s3cret');
		expect(problemWith({ REDIS_URL: 'tcp://:s3cret@cache:6379' })).not.toContain('s3cret');
	});
});
