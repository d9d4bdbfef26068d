import type { Kysely } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openTestDatabase } from '../../../../tests/helpers/database';
import { createAccount, signedIn } from '../../../../tests/helpers/factories';
import { loggingQueries } from '../../../../tests/helpers/query-log';
import {
	createProvider,
	createService,
	rateService
} from '../../../../tests/helpers/service-feedback';
import { ANONYMOUS, type AccountActor } from '../access/actor';
import type { DB } from '../db/schema';
import { newFormKey } from '../forms/form-key';
import {
	listChangeNotes,
	listChangeNotices,
	markChangeNoteSeen,
	publishChangeNote,
	readNoteWriting
} from './change-notes';

let db: Kysely<DB>;
let coordinator: AccountActor;
let admin: AccountActor;
let member: AccountActor;
beforeAll(async () => {
	db = await openTestDatabase();
	coordinator = await signedIn(db, await createAccount(db, { role: 'coordinator' }));
	admin = await signedIn(db, await createAccount(db, { role: 'admin' }));
	member = await signedIn(db, await createAccount(db));
});
afterAll(async () => {
	await db.destroy();
});

const notFound = expect.objectContaining({ status: 404 });
const NO_ID = '00000000-0000-4000-8000-000000000000';

const publish = (actor: AccountActor | typeof ANONYMOUS, serviceId: unknown, body: unknown) =>
	publishChangeNote(db, actor, serviceId, { body, formKey: newFormKey(new Date()) }, new Date());

async function published(serviceId: string, body: string, actor = coordinator) {
	const result = await publish(actor, serviceId, body);
	if (!result.ok) throw new Error(result.problem);
	return result.noteId;
}

/** A member who complained about the service. */
async function complainant(serviceId: string) {
	const account = await createAccount(db);
	const now = new Date();
	await db
		.insertInto('complaint')
		.values({
			account_id: account.id,
			service_id: serviceId,
			kind: 'poor_service',
			sensitive: false,
			what_happened: 'Nobody answered',
			next_step_by: now,
			created_at: now,
			updated_at: now
		})
		.execute();
	return signedIn(db, account);
}

const noteIds = async (actor: AccountActor) =>
	(await listChangeNotices(db, actor)).map((notice) => notice.noteId);

describe('publishing a note', () => {
	it('puts it on the service’s page, newest first', async () => {
		const service = await createService(db);
		const first = await published(service.id, 'Longer opening hours');
		const second = await published(service.id, ' A Khmer-speaking counsellor every day ', admin);
		const notes = await listChangeNotes(db, member, service.id);
		expect(notes.map((note) => [note.id, note.body])).toEqual([
			[second, 'A Khmer-speaking counsellor every day'],
			[first, 'Longer opening hours']
		]);
	});

	it('is for coordinators and admins only', async () => {
		const service = await createService(db);
		const provider = await createProvider(db, service.id);
		for (const actor of [member, provider.actor, ANONYMOUS])
			await expect(publish(actor, service.id, 'We changed')).rejects.toEqual(notFound);
		for (const id of [NO_ID, 'x'])
			await expect(publish(coordinator, id, 'We changed')).rejects.toEqual(notFound);
		expect(await listChangeNotes(db, coordinator, service.id)).toEqual([]);
	});

	it('opens the writing page for coordinators and admins only', async () => {
		const service = await createService(db);
		const noteId = await published(service.id, 'Ramp built');
		for (const actor of [coordinator, admin])
			expect(await readNoteWriting(db, actor, service.id)).toMatchObject({
				serviceId: service.id,
				serviceName: service.name,
				notes: [{ id: noteId, body: 'Ramp built' }]
			});
		const provider = await createProvider(db, service.id);
		for (const actor of [member, provider.actor, ANONYMOUS])
			await expect(readNoteWriting(db, actor, service.id)).rejects.toEqual(notFound);
	});

	it('refuses bad text and publishes nothing', async () => {
		const service = await createService(db);
		for (const [body, problem] of [
			['', 'required'],
			['\u200b', 'required'],
			['a\u0000', 'invalid'],
			['z'.repeat(1001), 'too_long']
		] as const)
			expect(await publish(coordinator, service.id, body)).toEqual({ ok: false, problem });
		expect(await listChangeNotes(db, coordinator, service.id)).toEqual([]);
	});

	it('is published once however often the form is sent', async () => {
		const service = await createService(db);
		const formKey = newFormKey(new Date());
		const send = () =>
			publishChangeNote(db, coordinator, service.id, { body: 'Once', formKey }, new Date());
		const [a, b] = await Promise.all([send(), send()]);
		expect(b).toEqual(a);
		expect(await listChangeNotes(db, member, service.id)).toHaveLength(1);
	});
});

describe('the home-page notice', () => {
	it('reaches members who rated or complained about the service, and no one else', async () => {
		const service = await createService(db);
		const other = await createService(db);
		const { rater } = await rateService(db, service.id);
		const ratedIt = await signedIn(db, rater);
		const complained = await complainant(service.id);
		const ratedOther = await signedIn(db, (await rateService(db, other.id)).rater);
		const provider = await createProvider(db, service.id);
		const noteId = await published(service.id, 'New ramp at the entrance');

		const expected = [
			{ noteId, serviceId: service.id, serviceName: service.name, body: 'New ramp at the entrance' }
		];
		expect(await listChangeNotices(db, ratedIt)).toEqual(expected);
		expect(await listChangeNotices(db, complained)).toEqual(expected);
		for (const actor of [ratedOther, member, coordinator, admin, provider.actor])
			expect(await noteIds(actor)).toEqual([]);
		expect(await listChangeNotices(db, ANONYMOUS)).toEqual([]);
	});

	it('goes once the member says “Got it”, for them only', async () => {
		const service = await createService(db);
		const one = await signedIn(db, (await rateService(db, service.id)).rater);
		const two = await signedIn(db, (await rateService(db, service.id)).rater);
		const older = await published(service.id, 'First change');
		const newer = await published(service.id, 'Second change');
		expect(await noteIds(one)).toEqual([newer, older]);
		expect(await markChangeNoteSeen(db, one, older)).toEqual({ ok: true });
		expect(await markChangeNoteSeen(db, one, older)).toEqual({ ok: true });
		expect(await noteIds(one)).toEqual([newer]);
		expect(await noteIds(two)).toEqual([newer, older]);
	});

	it('“Got it” on a note that does not reach the member is a 404 and changes nothing', async () => {
		const service = await createService(db);
		const rated = await signedIn(db, (await rateService(db, service.id)).rater);
		const noteId = await published(service.id, 'Shorter queues');
		for (const [actor, id] of [
			[member, noteId],
			[coordinator, noteId],
			[rated, NO_ID],
			[rated, 'not-a-note'],
			[ANONYMOUS, noteId]
		] as const)
			await expect(markChangeNoteSeen(db, actor, id)).rejects.toEqual(notFound);
		const seen = await db
			.selectFrom('service_change_note_seen')
			.select('account_id')
			.where('note_id', '=', noteId)
			.execute();
		expect(seen).toEqual([]);
		expect(await noteIds(rated)).toEqual([noteId]);
	});

	it('says nothing about an archived service', async () => {
		const service = await createService(db);
		const rated = await signedIn(db, (await rateService(db, service.id)).rater);
		await published(service.id, 'Closed for repairs');
		await db
			.updateTable('service')
			.set({ archived_at: new Date() })
			.where('id', '=', service.id)
			.execute();
		expect(await noteIds(rated)).toEqual([]);
	});

	it('is one query however many services the member rated', async () => {
		const rater = await createAccount(db);
		for (let i = 0; i < 3; i++) {
			const service = await createService(db);
			await rateService(db, service.id, { by: rater });
			await published(service.id, `Change ${i}`);
		}
		const { db: logged, statements } = loggingQueries(db);
		const notices = await listChangeNotices(logged, await signedIn(db, rater));
		expect(notices).toHaveLength(3);
		expect(statements).toHaveLength(1);
	});
});
