import type { Kysely } from 'kysely';
import { config } from '../config';
import type { DB } from '../db/schema';
import { escalateUnansweredAlerts } from '../groups';
import { log } from '../log';

/** How often each process looks for calls nobody answered: a small part of the ten minutes. */
export const ESCALATION_CHECK_MS = 30_000;

/**
 * Passes calls for help that no facilitator answered in time on to every coordinator, checking
 * now and every half minute in this process. Every process may run it: each call is claimed by
 * one of them only. Returns the function that stops it.
 */
export function startCrisisEscalation(db: Kysely<DB>): () => void {
	const afterMs = config().CRISIS_ESCALATE_AFTER_MINUTES * 60_000;
	const run = () =>
		escalateUnansweredAlerts(db, new Date(), afterMs).catch((error: Error) =>
			log().warn({ error: error.name }, 'crisis escalation failed')
		);
	void run();
	const timer = setInterval(run, ESCALATION_CHECK_MS);
	timer.unref();
	return () => clearInterval(timer);
}
