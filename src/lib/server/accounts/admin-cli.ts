import { createInterface } from 'node:readline/promises';
import { closeDb, getDb } from '../db';
import { migrateToLatest } from '../db/migrate';
import { createAdminAccount } from './admin';

/** Reads one line; with a terminal, the passphrase is not echoed. */
async function ask(
	question: string,
	secret: boolean,
	lines: AsyncIterator<string>
): Promise<string> {
	if (!process.stdin.isTTY) return ((await lines.next()).value ?? '').trim();
	const rl = createInterface({ input: process.stdin, output: process.stdout, terminal: true });
	if (secret) {
		// Replace every typed character with nothing on the screen.
		(rl as unknown as { _writeToOutput: (s: string) => void })._writeToOutput = (text: string) => {
			if (text.startsWith(question)) process.stdout.write(question);
		};
	}
	const answer = await rl.question(question);
	rl.close();
	if (secret) process.stdout.write('\n');
	return answer.trim();
}

/**
 * `npm run admin:create`: asks for a pseudonym and a passphrase (or reads them as two lines from
 * standard input, for scripts) and creates an admin account. Prints its recovery codes once.
 */
export async function main(): Promise<number> {
	const lines = createInterface({ input: process.stdin })[Symbol.asyncIterator]();
	const pseudonym = await ask('Pseudonym: ', false, lines);
	const passphrase = await ask('Passphrase: ', true, lines);
	try {
		const db = getDb();
		await migrateToLatest(db);
		const result = await createAdminAccount(db, { pseudonym, passphrase });
		if (!result.ok) {
			console.error(`Not created: ${result.problem}.`);
			return 1;
		}
		console.log(`Admin "${pseudonym}" created. Recovery codes (shown once, keep them safe):`);
		for (const code of result.recoveryCodes) console.log(`  ${code}`);
		return 0;
	} finally {
		await closeDb();
	}
}
