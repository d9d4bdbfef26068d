import type { Kysely } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DAY, fakeClock, MINUTE } from '../../../../tests/helpers/clock';
import { openTestDatabase } from '../../../../tests/helpers/database';
import { createAccount, signedIn } from '../../../../tests/helpers/factories';
import type { AccountActor } from '../access/actor';
import type { Country, DB, ServiceKind, SiteRole } from '../db/schema';
import { newFormKey } from '../forms/form-key';
import { FormKeyExpiredError } from '../forms/repeat-safe';
import {
	fileComplaint,
	listAllComplaints,
	listComplaintsToldToService,
	listOwnComplaints,
	listSupportServices,
	readComplaint,
	recordComplaintForMember,
	takeComplaintStep
} from './complaints';
import { nameFocalPoint } from './focal-points';

let db: Kysely<DB>;
let coordinator: AccountActor;
let focal: AccountActor;
let admin: AccountActor;
beforeAll(async () => {
	db = await openTestDatabase();
	coordinator = await person('coordinator');
	admin = await person('admin');
	focal = await person('coordinator');
	await nameFocalPoint(db, admin, { nickname: focal.pseudonym }, new Date());
});
afterAll(async () => {
	await db.destroy();
});

const notFound = expect.objectContaining({ status: 404 });

async function person(role: SiteRole = 'member'): Promise<AccountActor> {
	return signedIn(db, await createAccount(db, { role }));
}

async function newService(
	options: { kind?: ServiceKind; country?: Country; archived?: boolean } = {}
): Promise<string> {
	const { id } = await db
		.insertInto('service')
		.values({
			name: `Service ${crypto.randomUUID().slice(0, 8)}`,
			kind: options.kind ?? 'shelter',
			country: options.country ?? 'KH',
			how_to_reach: 'At the front desk',
			archived_at: options.archived ? new Date() : null
		})
		.returning('id')
		.executeTakeFirstOrThrow();
	return id;
}

/** A provider account: on the staff of the service. */
async function providerOf(serviceId: string): Promise<AccountActor> {
	const provider = await person();
	await db
		.insertInto('service_staff')
		.values({ service_id: serviceId, account_id: provider.id })
		.execute();
	return provider;
}

type Clock = ReturnType<typeof fakeClock>;

const complaint = (clock: Clock, overrides: Record<string, unknown> = {}) => ({
	formKey: newFormKey(clock()),
	service: '',
	kind: 'poor_service',
	whatHappened: 'They kept me waiting all day and then sent me away.',
	...overrides
});

async function file(
	member: AccountActor,
	clock: Clock,
	overrides: Record<string, unknown> = {}
): Promise<string> {
	const result = await fileComplaint(db, member, complaint(clock, overrides), clock);
	if (!result.ok) throw new Error(JSON.stringify(result.fields));
	return result.id;
}

const step = (clock: Clock, status: string, message: string) => ({
	formKey: newFormKey(clock()),
	status,
	message
});

const countRows = async (table: 'complaint' | 'complaint_step') =>
	Number(
		(
			await db
				.selectFrom(table)
				.select((eb) => eb.fn.countAll<string>().as('n'))
				.executeTakeFirstOrThrow()
		).n
	);

describe('the life cycle', () => {
	it('takes a complaint from received to closed, and its member sees every step', async () => {
		const clock = fakeClock();
		const member = await person();
		const serviceId = await newService();
		const filedAt = clock();
		const id = await file(member, clock, { service: serviceId });

		let view = await readComplaint(db, member, id, clock());
		expect(view).toMatchObject({ viewer: 'member', status: 'received', handled: false });
		expect(view.steps).toEqual([
			expect.objectContaining({ status: 'received', message: null, byStaff: false })
		]);
		// Acknowledgement within 24 hours, from the published timeline.
		expect(view.nextStepBy).toEqual(new Date(filedAt.getTime() + DAY));

		clock.advance(60 * MINUTE);
		const ack = await takeComplaintStep(
			db,
			coordinator,
			id,
			step(clock, 'acknowledged', 'We have your complaint.'),
			clock
		);
		expect(ack).toEqual({ ok: true });
		const ackAt = clock();
		view = await readComplaint(db, member, id, clock());
		expect(view.status).toBe('acknowledged');
		expect(view.handled).toBe(true);
		// poor_service: looked into within 7 days of acknowledgement.
		expect(view.nextStepBy).toEqual(new Date(ackAt.getTime() + 7 * DAY));

		for (const [status, message] of [
			['looking_into', 'We are asking the shelter.'],
			['looking_into', 'The shelter answered; we are checking.'],
			['resolved', 'The shelter changed its opening hours.'],
			['closed', 'Closed. Thank you for telling us.']
		]) {
			clock.advance(DAY);
			expect(
				await takeComplaintStep(db, coordinator, id, step(clock, status, message), clock)
			).toEqual({ ok: true });
		}

		view = await readComplaint(db, member, id, clock());
		expect(view.status).toBe('closed');
		expect(view.nextStepBy).toBeNull();
		expect(view.steps.map((s) => [s.status, s.message, s.byStaff])).toEqual([
			['received', null, false],
			['acknowledged', 'We have your complaint.', true],
			['looking_into', 'We are asking the shelter.', true],
			['looking_into', 'The shelter answered; we are checking.', true],
			['resolved', 'The shelter changed its opening hours.', true],
			['closed', 'Closed. Thank you for telling us.', true]
		]);
		// Each step says when to expect the next one, except the last.
		expect(view.steps.slice(0, -1).every((s) => s.nextStepBy instanceof Date)).toBe(true);
		expect(view.steps.at(-1)!.nextStepBy).toBeNull();
		// The member never learns the handler's sign-in nickname.
		expect(view.handlerNickname).toBeNull();
		expect(view.steps.every((s) => s.authorNickname === null)).toBe(true);

		const staffView = await readComplaint(db, coordinator, id, clock());
		expect(staffView).toMatchObject({
			viewer: 'staff',
			handlerNickname: coordinator.pseudonym,
			memberNickname: member.pseudonym,
			moves: []
		});

		const own = await listOwnComplaints(db, member, clock());
		expect(own).toEqual([expect.objectContaining({ id, status: 'closed', nextStepBy: null })]);
	});

	it('refuses a move the life cycle does not allow, and changes nothing', async () => {
		const clock = fakeClock();
		const id = await file(await person(), clock);
		const steps = await countRows('complaint_step');
		expect(
			await takeComplaintStep(db, coordinator, id, step(clock, 'resolved', 'Done.'), clock)
		).toEqual({ ok: false, problem: 'move_not_allowed' });
		expect(
			await takeComplaintStep(db, coordinator, id, step(clock, 'received', 'Again.'), clock)
		).toEqual({ ok: false, problem: 'move_not_allowed' });
		expect(await countRows('complaint_step')).toBe(steps);
		expect((await readComplaint(db, coordinator, id, clock())).status).toBe('received');
	});

	it('hides the messages from a member who asked not to be answered in the app', async () => {
		const clock = fakeClock();
		const member = await person();
		const id = await file(member, clock, { answerInApp: 'no' });
		await takeComplaintStep(db, coordinator, id, step(clock, 'acknowledged', 'Seen.'), clock);
		const view = await readComplaint(db, member, id, clock());
		expect(view.steps.map((s) => [s.status, s.message])).toEqual([
			['received', null],
			['acknowledged', null]
		]);
		// The handlers still read their own messages.
		const staff = await readComplaint(db, coordinator, id, clock());
		expect(staff.steps[1].message).toBe('Seen.');
	});

	it('takes one step for a form sent twice', async () => {
		const clock = fakeClock();
		const id = await file(await person(), clock);
		const form = step(clock, 'acknowledged', 'Got it.');
		const [first, second] = await Promise.all([
			takeComplaintStep(db, coordinator, id, form, clock),
			takeComplaintStep(db, coordinator, id, form, clock)
		]);
		expect([first, second]).toEqual([{ ok: true }, { ok: true }]);
		const view = await readComplaint(db, coordinator, id, clock());
		expect(view.steps).toHaveLength(2);
	});
});

describe('filing', () => {
	it('files one complaint for a form sent twice, even at once', async () => {
		const clock = fakeClock();
		const member = await person();
		const form = complaint(clock);
		const results = await Promise.all([
			fileComplaint(db, member, form, clock),
			fileComplaint(db, member, form, clock)
		]);
		expect(results[0]).toEqual(results[1]);
		expect(await listOwnComplaints(db, member, clock())).toHaveLength(1);
	});

	it('refuses a form key past its lifetime', async () => {
		const clock = fakeClock();
		const form = complaint(clock);
		clock.advance(2 * 60 * MINUTE);
		await expect(fileComplaint(db, await person(), form, clock)).rejects.toBeInstanceOf(
			FormKeyExpiredError
		);
	});

	it.each([
		['nothing written', { whatHappened: '   ' }, 'whatHappened'],
		['too much written', { whatHappened: 'x'.repeat(4001) }, 'whatHappened'],
		['no kind', { kind: '' }, 'kind'],
		['an unknown kind', { kind: 'rude' }, 'kind'],
		['a malformed service', { service: 'not-an-id' }, 'service'],
		['an unknown service', { service: crypto.randomUUID() }, 'service'],
		['a malformed form key', { formKey: 'nope' }, 'formKey']
	])('refuses %s, field by field, and stores nothing', async (_name, overrides, field) => {
		const clock = fakeClock();
		const member = await person();
		const before = await countRows('complaint');
		const result = await fileComplaint(db, member, complaint(clock, overrides), clock);
		expect(result.ok).toBe(false);
		if (!result.ok) expect(Object.keys(result.fields)).toEqual([field]);
		expect(await listOwnComplaints(db, member, clock())).toEqual([]);
		expect(await countRows('complaint')).toBeGreaterThanOrEqual(before);
	});

	it('refuses a complaint about an archived service', async () => {
		const clock = fakeClock();
		const member = await person();
		const serviceId = await newService({ archived: true });
		const result = await fileComplaint(db, member, complaint(clock, { service: serviceId }), clock);
		expect(result).toMatchObject({ ok: false, fields: { service: expect.any(String) } });
		expect(await listOwnComplaints(db, member, clock())).toEqual([]);
	});

	it('keeps the defaults: answered in the app, the service not told, nothing referred', async () => {
		const clock = fakeClock();
		const member = await person();
		const id = await file(member, clock, { service: await newService() });
		expect(await readComplaint(db, member, id, clock())).toMatchObject({
			answerInApp: true,
			tellService: false,
			mayRefer: false,
			sensitive: false
		});
	});

	it('never tells the service when the complaint is not about one', async () => {
		const clock = fakeClock();
		const member = await person();
		const id = await file(member, clock, { tellService: 'yes' });
		expect((await readComplaint(db, member, id, clock())).tellService).toBe(false);
	});
});

describe('overdue acknowledgements', () => {
	it('flags a complaint not acknowledged within 24 hours', async () => {
		const clock = fakeClock();
		const serviceId = await newService();
		const id = await file(await person(), clock, { service: serviceId });
		const inList = async () =>
			(await listAllComplaints(db, coordinator, clock())).complaints.find((c) => c.id === id);

		clock.advance(DAY - MINUTE);
		expect((await inList())?.overdue).toBe(false);

		clock.advance(2 * MINUTE);
		expect((await inList())?.overdue).toBe(true);
		expect((await readComplaint(db, coordinator, id, clock())).overdue).toBe(true);

		await takeComplaintStep(db, coordinator, id, step(clock, 'acknowledged', 'Sorry.'), clock);
		expect((await inList())?.overdue).toBe(false);
	});
});

describe('sensitive complaints', () => {
	it('are opened only by focal points: never the service, nor other staff', async () => {
		const clock = fakeClock();
		const member = await person();
		const serviceId = await newService();
		const provider = await providerOf(serviceId);
		const id = await file(member, clock, {
			service: serviceId,
			kind: 'abuse_by_staff',
			tellService: 'yes'
		});

		const own = await readComplaint(db, member, id, clock());
		expect(own).toMatchObject({ sensitive: true, tellService: false, viewer: 'member' });

		for (const who of [provider, coordinator, admin]) {
			await expect(readComplaint(db, who, id, clock())).rejects.toEqual(notFound);
			await expect(
				takeComplaintStep(db, who, id, step(clock, 'acknowledged', 'Seen.'), clock)
			).rejects.toEqual(notFound);
		}
		expect(await listComplaintsToldToService(db, provider, serviceId)).toEqual([]);
		const listed = await listAllComplaints(db, coordinator, clock());
		expect(listed.complaints.map((c) => c.id)).not.toContain(id);
		expect(listed.sensitiveOpenUnlisted).toBeGreaterThanOrEqual(1);

		expect((await readComplaint(db, focal, id, clock())).viewer).toBe('staff');
		expect(
			await takeComplaintStep(db, focal, id, step(clock, 'acknowledged', 'We are here.'), clock)
		).toEqual({ ok: true });
		expect((await listAllComplaints(db, focal, clock())).complaints.map((c) => c.id)).toContain(id);
		const followed = await readComplaint(db, member, id, clock());
		expect(followed.steps.at(-1)).toMatchObject({
			status: 'acknowledged',
			message: 'We are here.'
		});
	});

	it('offers the member the counselling, legal aid and hotlines of their country', async () => {
		const member = await person();
		const counselling = await newService({ kind: 'counselling', country: 'LA' });
		const legal = await newService({ kind: 'legal_aid', country: 'LA' });
		const hotline = await newService({ kind: 'hotline', country: 'LA' });
		const shelter = await newService({ kind: 'shelter', country: 'LA' });
		const elsewhere = await newService({ kind: 'counselling', country: 'VN' });
		const archived = await newService({ kind: 'counselling', country: 'LA', archived: true });
		const ids = (await listSupportServices(db, member, 'LA')).map((s) => s.id);
		expect(ids).toEqual(expect.arrayContaining([counselling, legal, hotline]));
		for (const absent of [shelter, elsewhere, archived]) expect(ids).not.toContain(absent);
	});
});

describe('who sees a complaint', () => {
	it('shows the service only what the member let it see', async () => {
		const clock = fakeClock();
		const member = await person();
		const serviceId = await newService();
		const provider = await providerOf(serviceId);
		const otherProvider = await providerOf(await newService());
		const told = await file(member, clock, { service: serviceId, tellService: 'yes' });
		const untold = await file(member, clock, { service: serviceId });
		await takeComplaintStep(db, coordinator, told, step(clock, 'acknowledged', 'Hi.'), clock);

		const seen = await readComplaint(db, provider, told, clock());
		expect(seen).toMatchObject({ viewer: 'service', memberNickname: null, moves: [] });
		expect(seen.steps.every((s) => s.message === null)).toBe(true);
		await expect(readComplaint(db, provider, untold, clock())).rejects.toMatchObject({
			status: 404
		});
		await expect(readComplaint(db, otherProvider, told, clock())).rejects.toMatchObject({
			status: 404
		});
		expect((await listComplaintsToldToService(db, provider, serviceId)).map((c) => c.id)).toEqual([
			told
		]);
		await expect(listComplaintsToldToService(db, otherProvider, serviceId)).rejects.toMatchObject({
			status: 404
		});
		await expect(
			takeComplaintStep(db, provider, told, step(clock, 'looking_into', 'Mine.'), clock)
		).rejects.toEqual(notFound);
	});

	it('keeps a complaint from other members, who may not list or handle any', async () => {
		const clock = fakeClock();
		const member = await person();
		const other = await person();
		const id = await file(member, clock);
		await expect(readComplaint(db, other, id, clock())).rejects.toEqual(notFound);
		await expect(
			takeComplaintStep(db, member, id, step(clock, 'acknowledged', 'Me.'), clock)
		).rejects.toEqual(notFound);
		await expect(listAllComplaints(db, member, clock())).rejects.toEqual(notFound);
		expect(await listOwnComplaints(db, other, clock())).toEqual([]);
		await expect(readComplaint(db, member, 'not-an-id', clock())).rejects.toMatchObject({
			status: 404
		});
	});

	it('lets coordinators and admins handle a complaint that is not sensitive', async () => {
		const clock = fakeClock();
		const id = await file(await person(), clock);
		expect(
			await takeComplaintStep(db, admin, id, step(clock, 'acknowledged', 'Admin here.'), clock)
		).toEqual({ ok: true });
		expect((await readComplaint(db, coordinator, id, clock())).moves).toEqual([
			'acknowledged',
			'looking_into',
			'resolved'
		]);
	});
});

describe('recording for a member', () => {
	const recorded = (clock: Clock, member: string, overrides: Record<string, unknown> = {}) => ({
		...complaint(clock),
		member,
		agreed: true,
		...overrides
	});

	it('writes it down as the member’s own, which they then follow', async () => {
		const clock = fakeClock();
		const member = await person();
		const result = await recordComplaintForMember(
			db,
			coordinator,
			recorded(clock, member.pseudonym, { answerInApp: 'yes' }),
			clock
		);
		if (!result.ok) throw new Error('refused');
		const row = await db
			.selectFrom('complaint')
			.select(['account_id', 'recorded_by'])
			.where('id', '=', result.id)
			.executeTakeFirstOrThrow();
		expect(row).toEqual({ account_id: member.id, recorded_by: coordinator.id });
		expect((await listOwnComplaints(db, member, clock())).map((c) => c.id)).toEqual([result.id]);
		await takeComplaintStep(db, coordinator, result.id, step(clock, 'acknowledged', 'Ok.'), clock);
		const view = await readComplaint(db, member, result.id, clock());
		expect(view).toMatchObject({ viewer: 'member', recordedForMember: true });
		expect(view.steps.map((s) => s.message)).toEqual([null, 'Ok.']);
	});

	it('refuses without the member’s agreement or an account, and stores nothing', async () => {
		const clock = fakeClock();
		const member = await person();
		expect(
			await recordComplaintForMember(
				db,
				coordinator,
				recorded(clock, member.pseudonym, { agreed: false }),
				clock
			)
		).toMatchObject({ ok: false, fields: { agreed: expect.any(String) } });
		expect(
			await recordComplaintForMember(db, coordinator, recorded(clock, 'nobody_here_xyz'), clock)
		).toMatchObject({ ok: false, fields: { member: expect.any(String) } });
		expect(await listOwnComplaints(db, member, clock())).toEqual([]);
	});

	it('is for staff only', async () => {
		const clock = fakeClock();
		const member = await person();
		await expect(
			recordComplaintForMember(db, member, recorded(clock, member.pseudonym), clock)
		).rejects.toEqual(notFound);
	});
});
