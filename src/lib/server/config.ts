import * as v from 'valibot';

/** Thrown when the environment is unusable; its message names the variable and says why. */
export class ConfigError extends Error {
	override name = 'ConfigError';
}

const integer = (min: number, max: number, fallback: number) =>
	v.pipe(
		v.optional(v.string(), String(fallback)),
		v.regex(/^\d+$/, 'must be a whole number'),
		v.transform(Number),
		v.minValue(min, `must be at least ${min}`),
		v.maxValue(max, `must be at most ${max}`)
	);

const httpUrl = v.pipe(
	v.string(),
	v.url('must be a full address such as https://example.org/'),
	v.check((value) => /^https?:/.test(value), 'must start with http:// or https://')
);

function isTimeZone(value: string): boolean {
	try {
		new Intl.DateTimeFormat('en', { timeZone: value });
		return true;
	} catch {
		return false;
	}
}

const variables = v.object({
	PORT: integer(1, 65_535, 3000),
	HOST: v.optional(v.pipe(v.string(), v.minLength(1)), '0.0.0.0'),
	ORIGIN: v.optional(httpUrl),
	NODE_ENV: v.optional(v.picklist(['development', 'production', 'test']), 'development'),
	DATABASE_URL: v.optional(
		v.pipe(
			v.string(),
			v.regex(/^postgres(ql)?:\/\//, 'must start with postgres:// or postgresql://')
		)
	),
	DATA_DIR: v.optional(v.pipe(v.string(), v.minLength(1, 'must not be empty')), './data'),
	DB_POOL_MAX: integer(1, 200, 10),
	DB_CONNECT_TIMEOUT_MS: integer(100, 60_000, 5_000),
	DB_STATEMENT_TIMEOUT_MS: integer(100, 600_000, 15_000),
	// Backups of the embedded database, made by the server itself; 0 hours turns them off. The
	// folder is outside DATA_DIR: a backup of the data folder would otherwise hold the earlier ones.
	BACKUP_EVERY_HOURS: integer(0, 24 * 7, 6),
	BACKUP_DIR: v.optional(v.pipe(v.string(), v.minLength(1, 'must not be empty')), './backups'),
	BACKUP_KEEP: integer(1, 1_000, 14),
	APP_NAME: v.optional(
		v.pipe(
			v.string(),
			v.trim(),
			v.minLength(1, 'must not be empty'),
			v.maxLength(40, 'must be at most 40 characters')
		),
		'Circles'
	),
	QUICK_EXIT_URL: v.optional(httpUrl, 'https://www.google.com/search?q=weather+today'),
	// Dates are shown in this zone until members can choose their own.
	TIME_ZONE: v.optional(
		v.pipe(v.string(), v.check(isTimeZone, 'must be an IANA time zone such as Asia/Bangkok')),
		'Asia/Bangkok'
	),
	LOG_LEVEL: v.optional(
		v.picklist(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']),
		'info'
	),
	SHUTDOWN_TIMEOUT_MS: integer(0, 120_000, 10_000),
	// A call for help no facilitator has answered in this time is passed on to every coordinator.
	CRISIS_ESCALATE_AFTER_MINUTES: integer(1, 24 * 60, 10),
	// How socket.io reaches the sockets held by other processes: `postgres` or `redis` for several.
	REALTIME_ADAPTER: v.optional(
		v.picklist(['memory', 'postgres', 'redis'], 'must be memory, postgres or redis'),
		'memory'
	),
	REDIS_URL: v.optional(
		v.pipe(v.string(), v.regex(/^rediss?:\/\//, 'must start with redis:// or rediss://'))
	),
	// Keys the hashes of the addresses and nicknames kept while failed sign-ins are counted, so the
	// database alone cannot say who tried what from where. Random at each start when unset.
	THROTTLE_KEY: v.optional(v.pipe(v.string(), v.minLength(32, 'must be at least 32 characters'))),
	// Lets a scraper on another machine read /metrics with `Authorization: Bearer …`; without it
	// only this machine's loopback interface may.
	METRICS_TOKEN: v.optional(v.pipe(v.string(), v.minLength(32, 'must be at least 32 characters')))
});

const schema = v.pipe(
	variables,
	// The postgres adapter talks through LISTEN/NOTIFY, which PGlite keeps inside one process; and
	// the processes of either adapter must share one database, which PGlite cannot be.
	v.forward(
		v.partialCheck(
			[['REALTIME_ADAPTER'], ['DATABASE_URL']],
			(input) => input.REALTIME_ADAPTER === 'memory' || input.DATABASE_URL !== undefined,
			(issue) => `can be ${issue.input.REALTIME_ADAPTER} only when DATABASE_URL is set`
		),
		['REALTIME_ADAPTER']
	),
	v.forward(
		v.partialCheck(
			[['REALTIME_ADAPTER'], ['REDIS_URL']],
			(input) => input.REALTIME_ADAPTER !== 'redis' || input.REDIS_URL !== undefined,
			'must be set when REALTIME_ADAPTER is redis'
		),
		['REDIS_URL']
	),
	// Processes with keys of their own would each count a different set of failures.
	v.forward(
		v.partialCheck(
			[['REALTIME_ADAPTER'], ['THROTTLE_KEY']],
			(input) => input.REALTIME_ADAPTER === 'memory' || input.THROTTLE_KEY !== undefined,
			'must be set, the same on every process, when REALTIME_ADAPTER is postgres or redis'
		),
		['THROTTLE_KEY']
	)
);

export type Config = v.InferOutput<typeof schema>;

/** Reads and checks the configuration from an environment (process.env by default). */
export function parseConfig(env: Record<string, string | undefined>): Config {
	// An empty variable means "not set", as in most shells' `FOO= cmd`.
	const present = Object.fromEntries(Object.entries(env).filter(([, value]) => value !== ''));
	const result = v.safeParse(schema, present);
	if (result.success) return result.output;
	const problems = result.issues.map((issue) => {
		const name = v.getDotPath(issue) ?? 'configuration';
		// The value itself is not repeated: it may hold a password (DATABASE_URL).
		return `${name} ${issue.message}`;
	});
	throw new ConfigError(`Invalid configuration:\n  ${problems.join('\n  ')}`);
}

let current: Config | undefined;

/** The process's configuration, checked once on first use. */
export function config(): Config {
	current ??= parseConfig(process.env);
	return current;
}
