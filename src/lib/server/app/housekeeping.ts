import type { Kysely } from 'kysely';
import { deleteExpiredSessions, forgetOldFailures } from '../accounts';
import type { DB } from '../db/schema';
import { startBackups } from '../backup/backup-schedule';
import { config } from '../config';
import { expireOffers, forgetOldLookups } from '../courses';
import { forgetOldFormResults } from '../forms/repeat-safe';
import { deleteEndedSocketSlots } from '../limits/socket-slots';
import { deleteEndedWriteCounts } from '../limits/write-limits';
import { log } from '../log';
import { startCrisisEscalation } from './crisis-escalation';
import { disconnectSession } from '../realtime/disconnect';
import { publishDueScores } from '../services/publication';

export const HOUSEKEEPING_INTERVAL_MS = 10 * 60_000;

/**
 * Deletes what is no longer needed: sessions past their expiry, whose live connections close with
 * them, failed attempts older than the throttling window (hashed addresses and tried nicknames
 * are kept no longer than that), forms' results once their keys can no longer be sent, write
 * counts of windows that have ended, socket slots of processes that stopped, and certificate
 * lookups of windows that have ended. Course seats offered and not taken in time go to the next
 * member waiting. Services' scores whose publication fell due (a week after the last, with
 * ratings enough since) are published.
 */
export async function runHousekeeping(db: Kysely<DB>, now: Date): Promise<void> {
	for (const sessionId of await deleteExpiredSessions(db, now)) disconnectSession(sessionId);
	await forgetOldFailures(db, now);
	await forgetOldFormResults(db, now);
	await deleteEndedWriteCounts(db, now);
	await deleteEndedSocketSlots(db, now);
	await expireOffers(db, now);
	await forgetOldLookups(db, now);
	await publishDueScores(db, () => now);
}

/**
 * Runs housekeeping now and every ten minutes in this process, the escalation of unanswered
 * calls for help, and, on embedded PGlite, the backups; returns the function that stops them.
 */
export function startHousekeeping(db: Kysely<DB>): () => void {
	const run = () =>
		runHousekeeping(db, new Date()).catch((error: Error) =>
			log().warn({ error: error.name }, 'housekeeping failed')
		);
	void run();
	const timer = setInterval(run, HOUSEKEEPING_INTERVAL_MS);
	timer.unref();
	// Calls for help nobody answered cannot wait for the ten-minute round: they have their own.
	const stopEscalation = startCrisisEscalation(db);
	const settings = config();
	const stopBackups = startBackups(
		db,
		{
			dir: settings.BACKUP_DIR,
			everyHours: settings.BACKUP_EVERY_HOURS,
			keep: settings.BACKUP_KEEP
		},
		log()
	);
	return () => {
		clearInterval(timer);
		stopEscalation();
		stopBackups();
	};
}
