import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { findLeaks, type Secret } from '../log-scan';
import { E2E_ADMIN } from './admin.js';
import { PASSPHRASE } from './people';
import { runDir, SECRETS_FILE } from './secrets';

/**
 * After the whole run (issue 13, point 11): the server's log holds none of the passphrases,
 * codes, cookies, names, message texts and amounts the tests used. The server is still up here
 * (Playwright stops it after the global teardown), so its log is complete.
 */
export default function logHygiene() {
	const log = readFileSync(join(runDir(), 'server.log'), 'utf8'); // as serve.js writes it
	// A log without request lines would pass by saying nothing.
	if (!log.includes('"msg":"request"')) throw new Error('The server log holds no request lines');
	const secretsFile = join(runDir(), SECRETS_FILE);
	const recorded = existsSync(secretsFile)
		? readFileSync(secretsFile, 'utf8')
				.split('\n')
				.filter(Boolean)
				.map((line) => JSON.parse(line) as Secret)
		: [];
	// Also those that tests send without a browser (a request's form), which nothing records.
	const secrets: Secret[] = [
		{ kind: 'passphrase', value: E2E_ADMIN.passphrase },
		{ kind: 'passphrase', value: PASSPHRASE },
		...recorded
	];
	const leaks = findLeaks(log, secrets);
	if (leaks.length > 0) {
		const list = leaks.map((leak) => `  ${leak.kind} ${leak.hint} on line ${leak.line}`);
		throw new Error(
			`The server log (${join(runDir(), 'server.log')}) holds what it must not:\n${list.join('\n')}`
		);
	}
}
