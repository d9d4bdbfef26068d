import { sql, type Kysely, type Transaction } from 'kysely';
import { compiledOnce } from '../db/compiled-once';
import type { DB } from '../db/schema';
import { writeRefused } from '../metrics';

/**
 * How much one account may write, per kind of write, in fixed windows. Well above what a person
 * types or taps, well below a script: a member who floods a circle buries what others said and
 * can push a number or a threat past the facilitators' reading.
 *
 * `elevatedMax` is for the people whose work is writing (facilitators in their circles, staff
 * making codes for a training day). Help calls are not here: a call for help is never refused
 * (groups/crisis.ts limits only how often it alerts the same circles).
 */
export const WRITE_LIMITS = {
	// Twelve in ten seconds is faster than anyone types; 200 in ten minutes covers a lively talk.
	message: [
		{ seconds: 10, max: 12 },
		{ seconds: 600, max: 200, elevatedMax: 400 }
	],
	topic: [
		{ seconds: 600, max: 10 },
		{ seconds: 86_400, max: 40 }
	],
	poll: [{ seconds: 600, max: 20 }],
	report: [
		{ seconds: 600, max: 30 },
		{ seconds: 86_400, max: 150 }
	],
	// A member writing to the facilitators, and facilitators answering.
	support_message: [
		{ seconds: 10, max: 12 },
		{ seconds: 600, max: 100, elevatedMax: 400 }
	],
	// Typing a course session's check-in code: a person mistypes a few times, a guesser needs
	// hundreds of thousands of tries.
	check_in: [{ seconds: 600, max: 10 }],
	// Codes that let people in: a member inviting a friend or two, staff a whole training group.
	invitation: [
		{ seconds: 600, max: 10, elevatedMax: 300 },
		{ seconds: 86_400, max: 30, elevatedMax: 2000 }
	]
} as const satisfies Record<string, readonly WriteWindow[]>;

export type WriteKind = keyof typeof WRITE_LIMITS;

interface WriteWindow {
	seconds: number;
	max: number;
	elevatedMax?: number;
}

export type WriteAllowance =
	| { ok: true }
	/** `firstRefusal`: the first write refused in this window, for one line in a log, not one per try. */
	| { ok: false; retryAfterS: number; firstRefusal: boolean };

/**
 * Counts one write of `kind` by an account and says whether it may go ahead. Call it inside the
 * write's own transaction, after the access and input checks: a refused or failed write then
 * counts only if its transaction commits, and the upsert's row locks keep parallel writes from
 * slipping past the limit on PostgreSQL. Every window is counted in one statement: this runs on
 * each message a circle sends.
 */
export async function countWrite(
	trx: Transaction<DB>,
	write: { accountId: string; kind: WriteKind; elevated: boolean },
	now: Date
): Promise<WriteAllowance> {
	const windows = (WRITE_LIMITS[write.kind] as readonly WriteWindow[]).map((window) => {
		const ms = window.seconds * 1000;
		return { ...window, ms, start: new Date(Math.floor(now.getTime() / ms) * ms) };
	});
	const starts = Object.fromEntries(windows.map((window, i) => [`start${i}`, window.start]));
	const counted = await countStatement(write.kind)(trx, { accountId: write.accountId, ...starts });
	let retryAfterS = 0;
	let firstRefusal = false;
	for (const window of windows) {
		const { count } = counted.find((row) => row.window_seconds === window.seconds)!;
		const max = write.elevated ? (window.elevatedMax ?? window.max) : window.max;
		if (count > max) {
			const waitS = Math.ceil((window.start.getTime() + window.ms - now.getTime()) / 1000);
			retryAfterS = Math.max(retryAfterS, waitS);
			firstRefusal ||= count === max + 1;
		}
	}
	if (retryAfterS === 0) return { ok: true };
	writeRefused(write.kind, 'too_fast');
	return { ok: false, retryAfterS, firstRefusal };
}

/**
 * Each kind's count, one statement for all its windows (the kind and the windows' lengths fixed
 * in it), compiled once: it runs on every message a circle sends.
 */
const countStatements = new Map<WriteKind, ReturnType<typeof compileCount>>();

function countStatement(kind: WriteKind) {
	let statement = countStatements.get(kind);
	if (!statement) countStatements.set(kind, (statement = compileCount(kind)));
	return statement;
}

function compileCount(kind: WriteKind) {
	const windows = WRITE_LIMITS[kind] as readonly WriteWindow[];
	const names = ['accountId', ...windows.map((_, i) => `start${i}`)];
	return compiledOnce(names, (db, values) =>
		db
			.insertInto('write_count')
			.values(
				windows.map((window, i) => ({
					account_id: values.accountId,
					kind,
					window_seconds: window.seconds,
					window_start: values[`start${i}`],
					count: 1
				}))
			)
			.onConflict((conflict) =>
				conflict.columns(['account_id', 'kind', 'window_seconds']).doUpdateSet({
					count: sql<number>`case when write_count.window_start = excluded.window_start
						then write_count.count + 1 else 1 end`,
					window_start: sql<Date>`excluded.window_start`
				})
			)
			.returning(['window_seconds', 'count'])
	);
}

/** Windows that have ended: nothing reads them again. */
export async function deleteEndedWriteCounts(db: Kysely<DB>, now: Date): Promise<void> {
	await db
		.deleteFrom('write_count')
		.where(sql<boolean>`window_start + window_seconds * interval '1 second' < ${now}`)
		.execute();
}
