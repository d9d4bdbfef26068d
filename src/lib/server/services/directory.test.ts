import type { Kysely } from 'kysely';
import * as v from 'valibot';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { siteActor } from '../../../../tests/helpers/actors';
import { fakeClock } from '../../../../tests/helpers/clock';
import { openTestDatabase } from '../../../../tests/helpers/database';
import { loggingQueries } from '../../../../tests/helpers/query-log';
import { createAccount, signedIn } from '../../../../tests/helpers/factories';
import { serviceSchema, type ServiceInput } from '$lib/schemas/service';
import { ANONYMOUS, type Actor } from '../access/actor';
import type { DB } from '../db/schema';
import { newFormKey } from '../forms/form-key';
import { FormKeyExpiredError } from '../forms/repeat-safe';
import {
	addService,
	archiveService,
	getService,
	crisisContactsFor,
	listCrisisContacts,
	listServices,
	updateService
} from './directory';
import { addServiceStaff } from './service-staff';

let db: Kysely<DB>;
let coordinator: Actor;
let admin: Actor;
let member: Actor;
beforeAll(async () => {
	db = await openTestDatabase();
	coordinator = await signedIn(db, await createAccount(db, { role: 'coordinator' }));
	admin = await signedIn(db, await createAccount(db, { role: 'admin' }));
	member = await signedIn(db, await createAccount(db, { role: 'member' }));
});
afterAll(async () => {
	await db.destroy();
});

const clock = fakeClock();

/** A service's form as a coordinator sends it; each test names its own, so files can share a database. */
const input = (overrides: Partial<ServiceInput> = {}): ServiceInput => ({
	formKey: newFormKey(clock()),
	name: `Service ${crypto.randomUUID()}`,
	kind: 'legal_aid',
	organisation: 'An organisation',
	country: 'LA',
	area: 'Vientiane',
	languages: ['lo', 'en'],
	hours: 'Weekdays',
	howToReach: 'Ask at the office',
	serves: 'Returnees',
	note: '',
	crisis: false,
	...overrides
});

const add = async (overrides: Partial<ServiceInput> = {}) =>
	(await addService(db, coordinator, input(overrides), clock)).id;

const serviceCount = async () =>
	Number(
		(
			await db
				.selectFrom('service')
				.select((eb) => eb.fn.countAll<string>().as('n'))
				.executeTakeFirstOrThrow()
		).n
	);

describe('adding a service', () => {
	it('a coordinator adds one with its languages, once however often the form is sent', async () => {
		const form = input({ name: '  Legal aid desk  ', languages: ['en', 'lo'] });
		const first = await addService(db, coordinator, form, clock);
		const again = await addService(db, coordinator, form, clock);
		expect(again).toEqual(first);
		const { service } = await getService(db, member, first.id);
		expect(service).toMatchObject({
			id: first.id,
			name: 'Legal aid desk',
			kind: 'legal_aid',
			country: 'LA',
			howToReach: 'Ask at the office',
			crisis: false,
			example: false,
			archived: false,
			languages: ['en', 'lo']
		});
		const rows = await db.selectFrom('service').select('id').where('name', '=', 'Legal aid desk');
		expect(await rows.execute()).toHaveLength(1);
	});

	it('an admin may add one; members, provider staff and anonymous visitors may not', async () => {
		expect(await add()).toBeTruthy();
		await expect(addService(db, admin, input(), clock)).resolves.toHaveProperty('id');
		const serviceId = await add();
		const provider = await createAccount(db);
		await addServiceStaff(db, coordinator, serviceId, { pseudonym: provider.pseudonym }, clock());
		const before = await serviceCount();
		for (const actor of [member, await signedIn(db, provider), ANONYMOUS])
			await expect(addService(db, actor, input(), clock)).rejects.toMatchObject({ status: 404 });
		expect(await serviceCount()).toBe(before);
	});

	it('refuses an expired form key and stores nothing', async () => {
		const before = await serviceCount();
		const old = newFormKey(new Date(clock().getTime() - 2 * 60 * 60_000));
		await expect(addService(db, coordinator, input({ formKey: old }), clock)).rejects.toThrow(
			FormKeyExpiredError
		);
		expect(await serviceCount()).toBe(before);
	});

	it('input the schema would refuse stores nothing, languages included', async () => {
		const before = await serviceCount();
		const languagesBefore = await db.selectFrom('service_language').select('service_id').execute();
		await expect(
			addService(db, coordinator, input({ name: 'x'.repeat(121) }), clock)
		).rejects.toThrow();
		await expect(
			addService(db, coordinator, input({ languages: ['xx' as 'en'] }), clock)
		).rejects.toThrow();
		expect(await serviceCount()).toBe(before);
		expect(await db.selectFrom('service_language').select('service_id').execute()).toHaveLength(
			languagesBefore.length
		);
	});
});

describe('the service form', () => {
	const problems = (data: Record<string, unknown>) =>
		Object.fromEntries(
			(v.safeParse(serviceSchema, data).issues ?? []).map((issue) => [
				issue.path?.[0]?.key,
				issue.message
			])
		);

	it('says what is wrong beside each field', () => {
		expect(
			problems({
				...input(),
				name: '   ',
				kind: 'bakery',
				country: 'FR',
				languages: [],
				howToReach: '',
				hours: 'h'.repeat(201),
				note: 'n'.repeat(501)
			})
		).toEqual({
			name: 'Please fill this in.',
			kind: 'Choose what kind of service it is.',
			country: 'Choose the country.',
			languages: 'Choose at least one language.',
			howToReach: 'Please fill this in.',
			hours: 'Too long. Most characters allowed: 200.',
			note: 'Too long. Most characters allowed: 500.'
		});
	});

	it('takes a good form, trimmed, with the crisis box unticked by default', () => {
		const { crisis, ...rest } = input({ name: ' A name ' });
		expect(crisis).toBe(false);
		const parsed = v.parse(serviceSchema, rest);
		expect(parsed).toMatchObject({ name: 'A name', crisis: false, languages: ['lo', 'en'] });
	});

	it('counts characters as the database does', () => {
		// 120 characters outside the Basic Multilingual Plane are 240 UTF-16 units.
		expect(problems({ ...input(), name: '𝒜'.repeat(120) })).toEqual({});
		expect(problems({ ...input(), name: '𝒜'.repeat(121) })).toHaveProperty('name');
	});
});

describe('browsing the directory', () => {
	it('filters by country, kind and language; signed-in people of every role may browse', async () => {
		const country = 'MM';
		const shelter = await add({ country, kind: 'shelter', languages: ['my', 'en'] });
		const clinic = await add({ country, kind: 'health', languages: ['my'] });
		const elsewhere = await add({ country: 'VN', kind: 'shelter', languages: ['vi', 'en'] });
		const provider = await signedIn(db, await createAccount(db));
		await addServiceStaff(db, coordinator, clinic, { pseudonym: provider.pseudonym }, clock());
		for (const actor of [member, provider, coordinator, admin]) {
			const ids = async (filter: Parameters<typeof listServices>[2]) =>
				(await listServices(db, actor, filter)).map((service) => service.id);
			expect(await ids({ country })).toEqual(expect.arrayContaining([shelter, clinic]));
			expect(await ids({ country })).not.toContain(elsewhere);
			const shelters = await ids({ kind: 'shelter' });
			expect(shelters).toEqual(expect.arrayContaining([shelter, elsewhere]));
			expect(shelters).not.toContain(clinic);
			const english = await ids({ country, language: 'en' });
			expect(english).toContain(shelter);
			expect(english).not.toContain(clinic);
		}
		await expect(listServices(db, ANONYMOUS, {})).rejects.toMatchObject({ status: 404 });
	});

	it('hides archived services; staff see them only when they ask', async () => {
		const country = 'KH';
		const archived = await add({ country, kind: 'job_placement' });
		await archiveService(db, coordinator, archived, clock());
		const ids = async (actor: Actor, archivedToo: boolean) =>
			(await listServices(db, actor, { country, archived: archivedToo })).map((s) => s.id);
		expect(await ids(member, true)).not.toContain(archived);
		expect(await ids(coordinator, false)).not.toContain(archived);
		expect(await ids(coordinator, true)).toContain(archived);
		expect(await ids(admin, true)).toContain(archived);
		const listed = (await listServices(db, admin, { country, archived: true })).find(
			(service) => service.id === archived
		);
		expect(listed?.archived).toBe(true);
	});
});

describe("a service's page", () => {
	it('is for anyone signed in; an archived one only for staff; unknown ids are a 404', async () => {
		const id = await add();
		const provider = await signedIn(db, await createAccount(db));
		await addServiceStaff(db, coordinator, id, { pseudonym: provider.pseudonym }, clock());
		for (const actor of [member, provider, coordinator, admin])
			expect((await getService(db, actor, id)).service.id).toBe(id);
		expect((await getService(db, provider, id)).resource.staffOf).toBe(true);
		expect((await getService(db, member, id)).resource.staffOf).toBe(false);
		await expect(getService(db, ANONYMOUS, id)).rejects.toMatchObject({ status: 404 });

		await archiveService(db, coordinator, id, clock());
		for (const actor of [member, provider])
			await expect(getService(db, actor, id)).rejects.toMatchObject({ status: 404 });
		expect((await getService(db, coordinator, id)).service.archived).toBe(true);
		expect((await getService(db, admin, id)).service.archived).toBe(true);

		for (const bad of ['nope', crypto.randomUUID(), null])
			await expect(getService(db, member, bad)).rejects.toMatchObject({ status: 404 });
	});
});

describe('changing and archiving', () => {
	it('a coordinator changes a service and its languages', async () => {
		const id = await add({ languages: ['lo'] });
		await updateService(
			db,
			coordinator,
			id,
			input({ name: 'Renamed', kind: 'counselling', languages: ['vi', 'th'], crisis: true })
		);
		const { service } = await getService(db, member, id);
		expect(service).toMatchObject({
			name: 'Renamed',
			kind: 'counselling',
			crisis: true,
			languages: ['th', 'vi']
		});
	});

	it('members, provider staff and anonymous visitors change nothing', async () => {
		const id = await add({ name: 'Kept' });
		const provider = await signedIn(db, await createAccount(db));
		await addServiceStaff(db, coordinator, id, { pseudonym: provider.pseudonym }, clock());
		for (const actor of [member, provider, ANONYMOUS]) {
			await expect(
				updateService(db, actor, id, input({ name: 'Taken over' }))
			).rejects.toMatchObject({ status: 404 });
			await expect(archiveService(db, actor, id, clock())).rejects.toMatchObject({ status: 404 });
		}
		const { service } = await getService(db, member, id);
		expect(service).toMatchObject({ name: 'Kept', archived: false, languages: ['en', 'lo'] });
	});

	it('a change the database refuses leaves the service as it was', async () => {
		const id = await add({ name: 'Steady', languages: ['km'] });
		await expect(
			updateService(db, coordinator, id, input({ name: 'Half', languages: ['km', 'xx' as 'en'] }))
		).rejects.toThrow();
		await expect(
			updateService(db, coordinator, id, input({ howToReach: 'r'.repeat(501) }))
		).rejects.toThrow();
		const { service } = await getService(db, member, id);
		expect(service).toMatchObject({ name: 'Steady', languages: ['km'] });
	});

	it('changing or archiving an unknown service is a 404', async () => {
		await expect(
			updateService(db, coordinator, crypto.randomUUID(), input())
		).rejects.toMatchObject({ status: 404 });
		await expect(archiveService(db, admin, 'nope', clock())).rejects.toMatchObject({
			status: 404
		});
	});

	it('archiving twice keeps the first time', async () => {
		const id = await add();
		const first = new Date('2026-01-01T00:00:00Z');
		await archiveService(db, coordinator, id, first);
		await archiveService(db, admin, id, new Date('2026-02-01T00:00:00Z'));
		const row = await db
			.selectFrom('service')
			.select('archived_at')
			.where('id', '=', id)
			.executeTakeFirstOrThrow();
		expect(row.archived_at).toEqual(first);
	});
});

describe('"I need help now"', () => {
	it("lists the country's crisis entries in the order they were added, without archived ones", async () => {
		const country = 'VN';
		const before = (await listCrisisContacts(db, member, country)).map((s) => s.id);
		const later = fakeClock(new Date('2030-01-01T00:00:00Z'));
		const crisis = async () =>
			(
				await addService(
					db,
					coordinator,
					input({ country, crisis: true, formKey: newFormKey(later()) }),
					later
				)
			).id;
		const first = await crisis();
		later.advance(60_000);
		const second = await crisis();
		later.advance(60_000);
		const gone = await crisis();
		await add({ country, crisis: false });
		await add({ country: 'TH', crisis: true });
		await archiveService(db, coordinator, gone, later());
		for (const actor of [member, coordinator, admin, siteActor('member')]) {
			const listed = await listCrisisContacts(db, actor, country);
			expect(listed.map((s) => s.id)).toEqual([...before, first, second]);
			expect(listed.every((s) => s.crisis && s.country === country)).toBe(true);
		}
		await expect(listCrisisContacts(db, ANONYMOUS, country)).rejects.toMatchObject({
			status: 404
		});
	});

	it("reads the member's own country with its crisis entries, in one statement", async () => {
		await add({ country: 'LA', crisis: true });
		await add({ country: 'KH', crisis: true });
		const account = await createAccount(db, { role: 'member' });
		// No country chosen: the one their language (Lao) is spoken in.
		await db.updateTable('account').set({ locale: 'lo' }).where('id', '=', account.id).execute();
		const lao = await signedIn(db, account);
		const { db: logged, statements } = loggingQueries(db);
		const own = await crisisContactsFor(logged, lao, null, 'en');
		expect(statements).toHaveLength(1);
		expect(own.country).toBe('LA');
		expect(own.contacts.map((s) => s.id)).toEqual(
			(await listCrisisContacts(db, lao, 'LA')).map((s) => s.id)
		);
		expect(own.contacts.length).toBeGreaterThan(0);
		const chosen = await crisisContactsFor(db, lao, 'KH', 'en');
		expect(chosen.country).toBe('KH');
		expect(chosen.contacts.every((s) => s.country === 'KH')).toBe(true);
		await expect(crisisContactsFor(db, ANONYMOUS, null, 'en')).rejects.toMatchObject({
			status: 404
		});
	});
});
