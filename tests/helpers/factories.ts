import type { Kysely } from 'kysely';
import { pseudonymKey } from '../../src/lib/accounts/pseudonym-rules';
import type { AccountActor } from '../../src/lib/server/access/actor';
import { hashPassphrase } from '../../src/lib/server/accounts/passphrase';
import { createSession } from '../../src/lib/server/accounts/sessions';
import type { DB, SessionMode, SiteRole } from '../../src/lib/server/db/schema';

export const FACTORY_PASSPHRASE = 'quiet river morning';

let factoryHash: Promise<string> | undefined;

const LETTERS = 'abcdefghjkmnpqrstuvwxyz';

/** A pseudonym no other test will pick: letters only, so it never looks like a phone number. */
export function uniquePseudonym(prefix = 't'): string {
	const random = crypto.getRandomValues(new Uint8Array(10));
	return `${prefix}_${[...random].map((byte) => LETTERS[byte % LETTERS.length]).join('')}`;
}

export interface TestAccount {
	id: string;
	pseudonym: string;
	passphrase: string;
	role: SiteRole;
}

/** An account straight in the database, with FACTORY_PASSPHRASE unless told otherwise. */
export async function createAccount(
	db: Kysely<DB>,
	options: { role?: SiteRole; pseudonym?: string; passphrase?: string } = {}
): Promise<TestAccount> {
	const pseudonym = options.pseudonym ?? uniquePseudonym();
	const passphrase = options.passphrase ?? FACTORY_PASSPHRASE;
	const passphraseHash = options.passphrase
		? await hashPassphrase(passphrase)
		: await (factoryHash ??= hashPassphrase(FACTORY_PASSPHRASE));
	const role = options.role ?? 'member';
	const row = await db
		.insertInto('account')
		.values({
			pseudonym,
			pseudonym_key: pseudonymKey(pseudonym),
			passphrase_hash: passphraseHash,
			role
		})
		.returning('id')
		.executeTakeFirstOrThrow();
	return { id: row.id, pseudonym, passphrase, role };
}

/** The account as a signed-in actor, with a real session behind it. */
export async function signedIn(
	db: Kysely<DB>,
	account: TestAccount,
	options: { mode?: SessionMode; now?: Date } = {}
): Promise<AccountActor & { token: string }> {
	const { token, session } = await createSession(
		db,
		account.id,
		options.mode ?? 'shared',
		options.now ?? new Date()
	);
	return {
		kind: 'account',
		id: account.id,
		pseudonym: account.pseudonym,
		role: account.role,
		sessionId: session.id,
		token
	};
}

/** A client address of its own, so that one test's failed attempts never lock out another's. */
export function uniqueAddress(): string {
	const [a, b, c] = crypto.getRandomValues(new Uint8Array(3));
	return `10.${a}.${b}.${c}`;
}

/** Where and when a request came from, for services that count failures by address. */
export function fromAddress(): { address: string; now: Date } {
	return { address: uniqueAddress(), now: new Date() };
}
