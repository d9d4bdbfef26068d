import type { Kysely } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openTestDatabase } from '../../../../tests/helpers/database';
import { fakeClock, MINUTE } from '../../../../tests/helpers/clock';
import { createAccount, signedIn } from '../../../../tests/helpers/factories';
import { ANONYMOUS } from '../access/actor';
import { systemClock } from '../clock';
import type { DB } from '../db/schema';
import { newFormKey } from '../forms/form-key';
import {
	addContact,
	getContact,
	listAllContacts,
	listContactsForCountry,
	removeContact,
	updateContact
} from './contacts';

let db: Kysely<DB>;
beforeAll(async () => {
	db = await openTestDatabase();
});
afterAll(async () => {
	await db.destroy();
});

const staff = async (role: 'coordinator' | 'admin' = 'coordinator') =>
	signedIn(db, await createAccount(db, { role }));
const member = async () => signedIn(db, await createAccount(db));

/** A name no other test uses, so that a shared database never confuses two tests. */
const unique = (label: string) => `${label} ${crypto.randomUUID()}`;

const contact = (
	country: 'TH' | 'KH' | 'LA' | 'MM' | 'VN',
	name = unique('Centre'),
	renderedAt = new Date()
) => ({
	formKey: newFormKey(renderedAt),
	country,
	name,
	howToReach: '  Phone 02 123 4567, Mon–Fri 9–17  ',
	note: ''
});

const notFound = { status: 404 };

describe('adding the same referral contact form again', () => {
	it('adds one contact, and the resend gets its id', async () => {
		const coordinator = await staff();
		const input = contact('TH');
		const first = await addContact(db, coordinator, input, systemClock);
		expect(await addContact(db, coordinator, input, systemClock)).toEqual(first);
		const named = await db
			.selectFrom('referral_contact')
			.select('id')
			.where('name', '=', input.name)
			.execute();
		expect(named).toEqual([first]);
	});
});

describe('referral contacts', () => {
	it('are kept by staff and shown by country to anyone signed in', async () => {
		const coordinator = await staff();
		const admin = await staff('admin');
		const clock = fakeClock();
		const first = contact('KH', unique('Centre'), clock());
		const second = contact('KH', unique('Centre'), clock());
		const elsewhere = contact('LA', unique('Centre'), clock());
		const a = await addContact(db, coordinator, first, clock);
		clock.advance(MINUTE);
		const b = await addContact(db, admin, { ...second, note: ' Speaks Khmer and Thai ' }, clock);
		await addContact(db, coordinator, elsewhere, clock);

		for (const reader of [await member(), coordinator]) {
			const khmer = await listContactsForCountry(db, reader, 'KH');
			const ours = khmer.filter((row) => [a.id, b.id].includes(row.id));
			expect(ours).toEqual([
				{
					id: a.id,
					country: 'KH',
					name: first.name,
					howToReach: 'Phone 02 123 4567, Mon–Fri 9–17',
					note: ''
				},
				{
					id: b.id,
					country: 'KH',
					name: second.name,
					howToReach: 'Phone 02 123 4567, Mon–Fri 9–17',
					note: 'Speaks Khmer and Thai'
				}
			]);
			expect(khmer.every((row) => row.country === 'KH')).toBe(true);
		}
		await expect(listContactsForCountry(db, ANONYMOUS, 'KH')).rejects.toMatchObject(notFound);
		const all = await listAllContacts(db, admin);
		expect(all.map((row) => row.name)).toEqual(
			expect.arrayContaining([first.name, second.name, elsewhere.name])
		);
	});

	it('are changed and removed by staff only', async () => {
		const coordinator = await staff();
		const { id } = await addContact(db, coordinator, contact('TH'), systemClock);
		const renamed = unique('Help desk');
		await updateContact(db, coordinator, id, { ...contact('VN', renamed), note: 'Open on Sunday' });
		expect(await getContact(db, coordinator, id)).toEqual({
			id,
			country: 'VN',
			name: renamed,
			howToReach: 'Phone 02 123 4567, Mon–Fri 9–17',
			note: 'Open on Sunday'
		});

		for (const actor of [ANONYMOUS, await member()]) {
			await expect(listAllContacts(db, actor)).rejects.toMatchObject(notFound);
			await expect(getContact(db, actor, id)).rejects.toMatchObject(notFound);
			await expect(addContact(db, actor, contact('TH'), systemClock)).rejects.toMatchObject(
				notFound
			);
			await expect(updateContact(db, actor, id, contact('TH'))).rejects.toMatchObject(notFound);
			await expect(removeContact(db, actor, id)).rejects.toMatchObject(notFound);
		}
		expect((await getContact(db, coordinator, id)).name).toBe(renamed);

		expect(await removeContact(db, coordinator, id)).toBe(true);
		// A second tap finds the work done.
		expect(await removeContact(db, coordinator, id)).toBe(false);
		await expect(getContact(db, coordinator, id)).rejects.toMatchObject(notFound);
		await expect(updateContact(db, coordinator, id, contact('TH'))).rejects.toMatchObject(notFound);
		for (const bad of ['nope', '', undefined]) {
			await expect(getContact(db, coordinator, bad)).rejects.toMatchObject(notFound);
			await expect(removeContact(db, coordinator, bad)).rejects.toMatchObject(notFound);
		}
	});
});
