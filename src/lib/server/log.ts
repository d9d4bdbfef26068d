import { config } from './config';
import { pino, type DestinationStream, type Logger } from 'pino';

/**
 * Keys that must never reach a log line, wherever they sit in the logged object. Callers log ids,
 * routes and counts; this list is the safety net for the day someone logs a whole object.
 */
const SECRET_KEYS = [
	'cookie',
	'cookies',
	'authorization',
	'password',
	'passphrase',
	'token',
	'code',
	'text',
	'body',
	'message_text',
	'amount'
];

const redactPaths = SECRET_KEYS.flatMap((key) => [key, `*.${key}`, `*.*.${key}`]);

export function createLogger(level: string, destination?: DestinationStream): Logger {
	return pino(
		{
			level,
			base: undefined,
			redact: { paths: redactPaths, censor: '[redacted]' },
			formatters: { level: (label) => ({ level: label }) }
		},
		destination
	);
}

let current: Logger | undefined;

/** The process's logger: JSON lines on stdout. */
export function log(): Logger {
	current ??= createLogger(config().LOG_LEVEL);
	return current;
}
