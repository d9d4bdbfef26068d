import type { Kysely } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fakeClock } from '../../../../tests/helpers/clock';
import { openTestDatabase } from '../../../../tests/helpers/database';
import { createAccount, signedIn, uniquePseudonym } from '../../../../tests/helpers/factories';
import { ANONYMOUS, type Actor } from '../access/actor';
import type { DB } from '../db/schema';
import { newFormKey } from '../forms/form-key';
import { addService, archiveService, getService } from './directory';
import { addServiceStaff, listServiceStaff, removeServiceStaff } from './service-staff';

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

const newService = async () =>
	(
		await addService(
			db,
			coordinator,
			{
				formKey: newFormKey(clock()),
				name: 'A clinic',
				kind: 'health',
				organisation: '',
				country: 'TH',
				area: '',
				languages: ['th'],
				hours: '',
				howToReach: 'Walk in',
				serves: '',
				note: '',
				crisis: false
			},
			clock
		)
	).id;

const staffIds = async (serviceId: string) =>
	(
		await db
			.selectFrom('service_staff')
			.select('account_id')
			.where('service_id', '=', serviceId)
			.execute()
	).map((row) => row.account_id);

describe("a service's staff", () => {
	it('a coordinator names provider accounts by nickname, in any spelling of its case, once', async () => {
		const serviceId = await newService();
		const provider = await createAccount(db, { pseudonym: uniquePseudonym('Prov') });
		const named = await addServiceStaff(
			db,
			coordinator,
			serviceId,
			{ pseudonym: ` ${provider.pseudonym.toUpperCase()} ` },
			clock()
		);
		expect(named).toEqual({ ok: true, accountId: provider.id });
		expect(
			await addServiceStaff(db, admin, serviceId, { pseudonym: provider.pseudonym }, clock())
		).toEqual({ ok: true, accountId: provider.id });
		expect(await staffIds(serviceId)).toEqual([provider.id]);
		expect(await listServiceStaff(db, coordinator, serviceId)).toEqual({
			service: { id: serviceId, name: 'A clinic' },
			staff: [{ accountId: provider.id, pseudonym: provider.pseudonym }]
		});
		// Now on its staff: the account's relation to the service says so.
		const { resource } = await getService(db, await signedIn(db, provider), serviceId);
		expect(resource.staffOf).toBe(true);
	});

	it('an unknown nickname changes nothing', async () => {
		const serviceId = await newService();
		expect(
			await addServiceStaff(db, coordinator, serviceId, { pseudonym: 'nobody_here_zz' }, clock())
		).toEqual({ ok: false, problem: 'account_unknown' });
		expect(await staffIds(serviceId)).toEqual([]);
	});

	it('one account may serve several services; taking it off one leaves the others', async () => {
		const [first, second] = [await newService(), await newService()];
		const provider = await createAccount(db);
		for (const id of [first, second])
			await addServiceStaff(db, coordinator, id, { pseudonym: provider.pseudonym }, clock());
		await removeServiceStaff(db, coordinator, first, provider.id);
		// A second tap finds it done.
		await removeServiceStaff(db, admin, first, provider.id);
		await removeServiceStaff(db, admin, first, 'not-an-id');
		expect(await staffIds(first)).toEqual([]);
		expect(await staffIds(second)).toEqual([provider.id]);
	});

	it('works for an archived service too', async () => {
		const serviceId = await newService();
		await archiveService(db, coordinator, serviceId, clock());
		const provider = await createAccount(db);
		await addServiceStaff(db, coordinator, serviceId, { pseudonym: provider.pseudonym }, clock());
		expect(await staffIds(serviceId)).toEqual([provider.id]);
	});

	it('members, provider staff and anonymous visitors may not see or change it', async () => {
		const serviceId = await newService();
		const provider = await createAccount(db);
		await addServiceStaff(db, coordinator, serviceId, { pseudonym: provider.pseudonym }, clock());
		const stranger = await createAccount(db);
		for (const actor of [member, await signedIn(db, provider), ANONYMOUS]) {
			await expect(listServiceStaff(db, actor, serviceId)).rejects.toMatchObject({ status: 404 });
			await expect(
				addServiceStaff(db, actor, serviceId, { pseudonym: stranger.pseudonym }, clock())
			).rejects.toMatchObject({ status: 404 });
			await expect(removeServiceStaff(db, actor, serviceId, provider.id)).rejects.toMatchObject({
				status: 404
			});
		}
		expect(await staffIds(serviceId)).toEqual([provider.id]);
	});

	it('an unknown service is a 404', async () => {
		for (const id of ['nope', crypto.randomUUID()]) {
			await expect(listServiceStaff(db, coordinator, id)).rejects.toMatchObject({ status: 404 });
			await expect(
				addServiceStaff(db, coordinator, id, { pseudonym: 'x' }, clock())
			).rejects.toMatchObject({ status: 404 });
		}
	});

	it('staff go when their account is deleted', async () => {
		const serviceId = await newService();
		const provider = await createAccount(db);
		await addServiceStaff(db, coordinator, serviceId, { pseudonym: provider.pseudonym }, clock());
		await db.deleteFrom('account').where('id', '=', provider.id).execute();
		expect(await staffIds(serviceId)).toEqual([]);
	});
});
