import type { Transaction } from 'kysely';
import type { DB } from '../db/schema';
import { generateCode, hashCode, RECOVERY_CODE_LENGTH } from './codes';

export const RECOVERY_CODE_COUNT = 10;

/**
 * Replaces an account's recovery codes with ten new ones and returns them: the only time they are
 * ever seen, since only their hashes are kept.
 */
export async function replaceRecoveryCodes(
	db: Transaction<DB>,
	accountId: string
): Promise<string[]> {
	const codes = Array.from({ length: RECOVERY_CODE_COUNT }, () =>
		generateCode(RECOVERY_CODE_LENGTH)
	);
	await db.deleteFrom('recovery_code').where('account_id', '=', accountId).execute();
	await db
		.insertInto('recovery_code')
		.values(codes.map((code) => ({ account_id: accountId, code_hash: hashCode(code) })))
		.execute();
	return codes;
}
