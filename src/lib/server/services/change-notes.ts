import { sql, type Kysely } from 'kysely';
import type { Actor } from '../access/actor';
import { can } from '../access/policy';
import { notFound, requireAccess } from '../access/require';
import { isUuid } from '../db/ids';
import type { DB } from '../db/schema';
import { inTransaction } from '../db/transaction';
import { repeatSafe } from '../forms/repeat-safe';
import { checkPublicText, type TextProblem } from './moderated-text';
import { loadService, resolveService, type ServiceRef } from './service-access';

/*
 * "You said, we did": short notes a coordinator publishes on a service's page about what changed
 * because of what members said. Members who rated the service or complained about it see each new
 * note on their home page until they say "Got it".
 */

/** A coordinator publishes a note on a service. Repeat-safe by the form's key. */
export async function publishChangeNote(
	db: Kysely<DB>,
	actor: Actor,
	serviceId: unknown,
	input: { body: unknown; formKey: string },
	now: Date
): Promise<{ ok: true; noteId: string } | { ok: false; problem: TextProblem }> {
	const { result } = await inTransaction(db, async (trx) => {
		const { service } = await loadService(trx, actor, serviceId);
		requireAccess(actor, 'service:manage');
		return repeatSafe(trx, { scope: 'service-note', key: input?.formKey ?? '', now }, async () => {
			const checked = checkPublicText(input?.body);
			if (!checked.ok) return checked;
			const { id } = await trx
				.insertInto('service_change_note')
				.values({
					service_id: service.id,
					body: checked.text,
					author_id: actor.id,
					published_at: now
				})
				.returning('id')
				.executeTakeFirstOrThrow();
			return { ok: true, noteId: id } as const;
		});
	});
	return result;
}

export interface ChangeNote {
	id: string;
	body: string;
	publishedAt: Date;
}

/** A service's notes, newest first, for anyone who may see the service. */
export async function listChangeNotes(
	db: Kysely<DB>,
	actor: Actor,
	serviceRef: ServiceRef
): Promise<ChangeNote[]> {
	const { service, resource } = await resolveService(db, actor, serviceRef);
	requireAccess(actor, 'service:view', resource);
	return notesOf(db, service.id);
}

async function notesOf(db: Kysely<DB>, serviceId: string): Promise<ChangeNote[]> {
	const rows = await db
		.selectFrom('service_change_note')
		.select(['id', 'body', 'published_at'])
		.where('service_id', '=', serviceId)
		.orderBy('published_at', 'desc')
		.orderBy('id')
		.execute();
	return rows.map((row) => ({ id: row.id, body: row.body, publishedAt: row.published_at }));
}

/** The service and its notes, for a coordinator about to write one. */
export async function readNoteWriting(
	db: Kysely<DB>,
	actor: Actor,
	serviceId: unknown
): Promise<{ serviceId: string; serviceName: string; notes: ChangeNote[] }> {
	const { service } = await loadService(db, actor, serviceId);
	requireAccess(actor, 'service:manage');
	return { serviceId: service.id, serviceName: service.name, notes: await notesOf(db, service.id) };
}

/** A note on the member's home page, about a service they rated or complained about. */
export interface ChangeNotice {
	noteId: string;
	serviceId: string;
	serviceName: string;
	body: string;
}

/** Notes that reach the account: on a service it rated or complained about (not archived). */
const reachingNotes = (db: Kysely<DB>, accountId: string) =>
	db
		.selectFrom('service_change_note as n')
		.innerJoin('service as s', 's.id', 'n.service_id')
		.where('s.archived_at', 'is', null)
		.where(
			sql<boolean>`(exists (select 1 from service_rating r
				where r.service_id = n.service_id and r.account_id = ${accountId})
			or exists (select 1 from complaint c
				where c.service_id = n.service_id and c.account_id = ${accountId}))`
		);

/** The member's unseen notes, newest first, in one query. Someone signed out has none. */
export async function listChangeNotices(db: Kysely<DB>, actor: Actor): Promise<ChangeNotice[]> {
	if (actor.kind !== 'account' || !can(actor, 'service:browse')) return [];
	const rows = await reachingNotes(db, actor.id)
		.select(['n.id', 'n.service_id', 's.name', 'n.body'])
		.where(
			sql<boolean>`not exists (select 1 from service_change_note_seen seen
				where seen.note_id = n.id and seen.account_id = ${actor.id})`
		)
		.orderBy('n.published_at', 'desc')
		.orderBy('n.id')
		.execute();
	return rows.map((row) => ({
		noteId: row.id,
		serviceId: row.service_id,
		serviceName: row.name,
		body: row.body
	}));
}

/**
 * "Got it" under a note: it is not shown again. A note that does not reach the member is a 404
 * and changes nothing; saying it twice changes nothing more.
 */
export async function markChangeNoteSeen(
	db: Kysely<DB>,
	actor: Actor,
	noteId: unknown
): Promise<{ ok: true }> {
	requireAccess(actor, 'service:browse');
	if (!isUuid(noteId)) notFound();
	const note = await reachingNotes(db, actor.id)
		.select('n.id')
		.where('n.id', '=', noteId)
		.executeTakeFirst();
	if (!note) notFound();
	await db
		.insertInto('service_change_note_seen')
		.values({ note_id: note.id, account_id: actor.id })
		.onConflict((conflict) => conflict.columns(['note_id', 'account_id']).doNothing())
		.execute();
	return { ok: true };
}
