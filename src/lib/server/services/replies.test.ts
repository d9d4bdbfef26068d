import type { Kysely } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openTestDatabase } from '../../../../tests/helpers/database';
import { createAccount, signedIn } from '../../../../tests/helpers/factories';
import {
	createProvider,
	createService,
	publishScores,
	rateService
} from '../../../../tests/helpers/service-feedback';
import { ANONYMOUS, type AccountActor } from '../access/actor';
import type { DB } from '../db/schema';
import { newFormKey } from '../forms/form-key';
import { FormKeyExpiredError } from '../forms/repeat-safe';
import { COMMENTS_MIN_RATERS, readPageComments } from './comments';
import { rateService as rate } from './ratings';
import { readProviderServices } from './provider-page';
import { decideReply, listPendingReplies, replyToComment } from './replies';

/** What a service's page shows of its comments to `actor`. */
const publishedComments = async (...args: Parameters<typeof readPageComments>) =>
	(await readPageComments(...args)).published;

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

/** A published service with one approved comment, and a provider account bound to it. */
async function commentedService(comment = 'Helpful and kind') {
	const service = await createService(db);
	await publishScores(db, service.id, COMMENTS_MIN_RATERS);
	const { ratingId } = await rateService(db, service.id, { comment, state: 'approved' });
	const provider = await createProvider(db, service.id);
	return { service, ratingId, provider: provider.actor };
}

const reply = (actor: AccountActor | typeof ANONYMOUS, ratingId: unknown, body: unknown) =>
	replyToComment(db, actor, ratingId, { body, formKey: newFormKey(new Date()) }, new Date());

const replyCount = async (ratingId: string) =>
	(await db.selectFrom('service_reply').select('id').where('rating_id', '=', ratingId).execute())
		.length;

describe('a provider’s reply', () => {
	it('goes with the comment it answered when its author changes the words', async () => {
		const service = await createService(db);
		await publishScores(db, service.id, COMMENTS_MIN_RATERS);
		const author = await signedIn(db, await createAccount(db));
		const answers = { respect: '4', helped: '4', safe: '4', reach: '4', used: 'yes' };
		const clock = () => new Date();
		await rate(db, author, service.id, { ...answers, comment: 'Kind staff' }, 'en', clock);
		const { id: ratingId } = await db
			.updateTable('service_rating')
			.set({ comment_state: 'approved' })
			.where('account_id', '=', author.id)
			.returning('id')
			.executeTakeFirstOrThrow();
		const provider = (await createProvider(db, service.id)).actor;
		const sent = await reply(provider, ratingId, 'Thank you.');
		await decideReply(db, coordinator, sent.ok ? sent.replyId : '', 'approve');
		expect(await publishedComments(db, member, service.id)).toEqual([
			{ text: 'Kind staff', replies: ['Thank you.'] }
		]);

		// New scores, same words: the reply stays.
		await rate(
			db,
			author,
			service.id,
			{ ...answers, respect: '5', comment: 'Kind staff' },
			'en',
			clock
		);
		expect(await replyCount(ratingId)).toBe(1);
		// New words: read again by a coordinator, and the reply to the old ones is gone.
		await rate(db, author, service.id, { ...answers, comment: 'Kind, but slow' }, 'en', clock);
		expect(await replyCount(ratingId)).toBe(0);
		expect(await publishedComments(db, member, service.id)).toEqual([]);
	});

	it('waits for a coordinator, then shows under the comment', async () => {
		const { service, ratingId, provider } = await commentedService();
		const sent = await reply(provider, ratingId, ' Thank you, we will keep it up. ');
		expect(sent).toMatchObject({ ok: true });
		const replyId = sent.ok ? sent.replyId : '';
		expect(await publishedComments(db, member, service.id)).toEqual([
			{ text: 'Helpful and kind', replies: [] }
		]);
		const queue = await listPendingReplies(db, coordinator);
		expect(queue.filter((item) => item.serviceId === service.id)).toEqual([
			{
				replyId,
				serviceId: service.id,
				serviceName: service.name,
				comment: 'Helpful and kind',
				body: 'Thank you, we will keep it up.'
			}
		]);
		expect(await decideReply(db, coordinator, replyId, 'approve')).toEqual({ ok: true });
		expect(await publishedComments(db, member, service.id)).toEqual([
			{ text: 'Helpful and kind', replies: ['Thank you, we will keep it up.'] }
		]);
		expect((await listPendingReplies(db, admin)).some((item) => item.replyId === replyId)).toBe(
			false
		);
	});

	it('declined, never shows; a decision is not taken twice', async () => {
		const { service, ratingId, provider } = await commentedService();
		const sent = await reply(provider, ratingId, 'Call me on 012 345 678');
		const replyId = sent.ok ? sent.replyId : '';
		expect(await decideReply(db, admin, replyId, 'decline')).toEqual({ ok: true });
		expect(await decideReply(db, coordinator, replyId, 'approve')).toEqual({
			ok: false,
			problem: 'not_pending'
		});
		expect((await publishedComments(db, member, service.id))[0].replies).toEqual([]);
	});

	it('is only for the service’s own staff', async () => {
		const { ratingId } = await commentedService();
		const other = await commentedService();
		for (const actor of [member, coordinator, admin, other.provider, ANONYMOUS])
			await expect(reply(actor, ratingId, 'Not ours to say')).rejects.toEqual(notFound);
		expect(await replyCount(ratingId)).toBe(0);
	});

	it('is only to an approved comment on the service’s page', async () => {
		const service = await createService(db);
		const provider = (await createProvider(db, service.id)).actor;
		const pending = await rateService(db, service.id, { comment: 'Not yet', state: 'pending' });
		const approved = await rateService(db, service.id, { comment: 'Early', state: 'approved' });
		const bare = await rateService(db, service.id);
		// Below 10 raters nothing is on the page, approved or not.
		await publishScores(db, service.id, COMMENTS_MIN_RATERS - 1);
		for (const id of [pending.ratingId, approved.ratingId, bare.ratingId, NO_ID, 'x'])
			await expect(reply(provider, id, 'Hello')).rejects.toEqual(notFound);
		await publishScores(db, service.id, COMMENTS_MIN_RATERS, new Date(Date.now() + 1000));
		expect(await reply(provider, approved.ratingId, 'Hello')).toMatchObject({ ok: true });
		await expect(reply(provider, pending.ratingId, 'Hello')).rejects.toEqual(notFound);
	});

	it('is not possible for an archived service', async () => {
		const { service, ratingId, provider } = await commentedService();
		await db
			.updateTable('service')
			.set({ archived_at: new Date() })
			.where('id', '=', service.id)
			.execute();
		await expect(reply(provider, ratingId, 'Late')).rejects.toEqual(notFound);
	});

	it('refuses bad text and changes nothing', async () => {
		const { ratingId, provider } = await commentedService();
		for (const [body, problem] of [
			['', 'required'],
			[' \n ', 'required'],
			['a\u0007b', 'invalid'],
			['y'.repeat(1001), 'too_long'],
			[null, 'required']
		] as const)
			expect(await reply(provider, ratingId, body)).toEqual({ ok: false, problem });
		expect(await replyCount(ratingId)).toBe(0);
	});

	it('is written once however often the form is sent', async () => {
		const { ratingId, provider } = await commentedService();
		const formKey = newFormKey(new Date());
		const send = () =>
			replyToComment(db, provider, ratingId, { body: 'Once', formKey }, new Date());
		const [first, second] = await Promise.all([send(), send()]);
		expect(second).toEqual(first);
		expect(await replyCount(ratingId)).toBe(1);
		await expect(
			replyToComment(
				db,
				provider,
				ratingId,
				{ body: 'Stale', formKey: newFormKey(new Date(Date.now() - 2 * 60 * 60_000)) },
				new Date()
			)
		).rejects.toBeInstanceOf(FormKeyExpiredError);
	});

	it('goes with the comment when the rating is withdrawn', async () => {
		const { ratingId, provider } = await commentedService();
		await reply(provider, ratingId, 'Thanks');
		await db.deleteFrom('service_rating').where('id', '=', ratingId).execute();
		expect(await replyCount(ratingId)).toBe(0);
	});
});

describe('deciding on replies', () => {
	it('is for coordinators and admins only; an unknown reply is a 404', async () => {
		const { ratingId, provider } = await commentedService();
		const sent = await reply(provider, ratingId, 'Pending');
		const replyId = sent.ok ? sent.replyId : '';
		for (const actor of [member, provider, ANONYMOUS]) {
			await expect(decideReply(db, actor, replyId, 'approve')).rejects.toEqual(notFound);
			await expect(listPendingReplies(db, actor)).rejects.toEqual(notFound);
		}
		for (const id of [NO_ID, 'nope'])
			await expect(decideReply(db, coordinator, id, 'approve')).rejects.toEqual(notFound);
		const state = await db
			.selectFrom('service_reply')
			.select('state')
			.where('id', '=', replyId)
			.executeTakeFirstOrThrow();
		expect(state.state).toBe('pending');
	});
});

describe('the provider’s page', () => {
	it('shows each of its services with scores, comments and its replies’ states', async () => {
		const { service, ratingId, provider } = await commentedService('Clean rooms');
		const second = await createService(db, { name: `${service.name} two` });
		await db
			.insertInto('service_staff')
			.values({ service_id: second.id, account_id: provider.id })
			.execute();
		await rateService(db, service.id, { comment: 'Still waiting', state: 'pending' });
		const sent = await reply(provider, ratingId, 'Thank you');
		// Complaints: only one the member let the service see, never a sensitive one.
		const complainer = await createAccount(db);
		const now = new Date();
		const complaint = (what: string, tell: boolean, sensitive = false) => ({
			account_id: complainer.id,
			service_id: service.id,
			kind: sensitive ? ('abuse_by_staff' as const) : ('poor_service' as const),
			sensitive,
			what_happened: what,
			tell_service: tell,
			next_step_by: now,
			created_at: now,
			updated_at: now
		});
		const [told] = await db
			.insertInto('complaint')
			.values([
				complaint('Nobody called back', true),
				complaint('Kept to myself', false),
				complaint('Staff abuse', false, true)
			])
			.returning('id')
			.execute();
		const page = await readProviderServices(db, provider);
		expect(page).toEqual([
			{
				id: service.id,
				name: service.name,
				archived: false,
				figures: { band: '10-19', respect: 4, helped: 4, safe: 5, reach: 3 },
				mayReply: true,
				comments: [
					{
						ratingId,
						text: 'Clean rooms',
						replies: [{ id: sent.ok ? sent.replyId : '', body: 'Thank you', state: 'pending' }]
					}
				],
				complaints: [
					{
						id: told.id,
						kind: 'poor_service',
						status: 'received',
						whatHappened: 'Nobody called back',
						createdAt: now
					}
				]
			},
			{
				id: second.id,
				name: second.name,
				archived: false,
				figures: null,
				mayReply: true,
				comments: [],
				complaints: []
			}
		]);
	});

	it('is a 404 for an account bound to no service', async () => {
		for (const actor of [member, coordinator, admin, ANONYMOUS])
			await expect(readProviderServices(db, actor)).rejects.toEqual(notFound);
	});
});
