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
import {
	answerProposedEdit,
	changeOwnComment,
	COMMENTS_MIN_RATERS,
	decideComment,
	listPendingComments,
	proposeCommentEdit,
	readPageComments,
	readOwnComment
} from './comments';
import { withdrawRating } from './ratings';

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
const NO_RATING = '00000000-0000-4000-8000-000000000000';

const commentRow = (ratingId: string) =>
	db
		.selectFrom('service_rating')
		.select(['comment', 'comment_state', 'proposed_comment'])
		.where('id', '=', ratingId)
		.executeTakeFirstOrThrow();

/** A service whose latest published scores count enough raters for comments. */
async function publishedService() {
	const service = await createService(db);
	await publishScores(db, service.id, COMMENTS_MIN_RATERS);
	return service;
}

describe('the moderation queue', () => {
	it('lists pending comments for coordinators and admins, without author or time', async () => {
		const service = await createService(db);
		const { ratingId } = await rateService(db, service.id, { comment: 'Kind staff at the desk' });
		const approved = await rateService(db, service.id, { comment: 'Fine', state: 'approved' });
		for (const actor of [coordinator, admin]) {
			const queue = await listPendingComments(db, actor);
			const mine = queue.filter((item) => item.serviceId === service.id);
			expect(mine).toEqual([
				{
					ratingId,
					serviceId: service.id,
					serviceName: service.name,
					text: 'Kind staff at the desk'
				}
			]);
			expect(queue.some((item) => item.ratingId === approved.ratingId)).toBe(false);
		}
	});

	it('is nobody else’s: members, providers and the signed-out get a 404', async () => {
		const service = await createService(db);
		const provider = await createProvider(db, service.id);
		for (const actor of [member, provider.actor, ANONYMOUS])
			await expect(listPendingComments(db, actor)).rejects.toEqual(notFound);
	});
});

describe('approving and declining', () => {
	it('keeps a comment unpublished until a coordinator approves it', async () => {
		const service = await publishedService();
		const { ratingId } = await rateService(db, service.id, { comment: 'They listened' });
		expect(await publishedComments(db, member, service.id)).toEqual([]);
		expect(await decideComment(db, coordinator, ratingId, 'approve')).toEqual({ ok: true });
		expect(await publishedComments(db, member, service.id)).toEqual([
			{ text: 'They listened', replies: [] }
		]);
	});

	it('never publishes a declined comment, and a decision is not taken twice', async () => {
		const service = await publishedService();
		const { ratingId } = await rateService(db, service.id, { comment: 'Names someone' });
		expect(await decideComment(db, admin, ratingId, 'decline')).toEqual({ ok: true });
		expect(await decideComment(db, coordinator, ratingId, 'approve')).toEqual({
			ok: false,
			problem: 'not_pending'
		});
		expect((await commentRow(ratingId)).comment_state).toBe('declined');
		expect(await publishedComments(db, member, service.id)).toEqual([]);
	});

	it('lets only coordinators and admins decide, and changes nothing otherwise', async () => {
		const service = await publishedService();
		const provider = await createProvider(db, service.id);
		const { ratingId, rater } = await rateService(db, service.id, { comment: 'Waiting' });
		const author = await signedIn(db, rater);
		for (const actor of [member, author, provider.actor, ANONYMOUS]) {
			await expect(decideComment(db, actor, ratingId, 'approve')).rejects.toEqual(notFound);
			await expect(proposeCommentEdit(db, actor, ratingId, 'Shorter')).rejects.toEqual(notFound);
		}
		expect(await commentRow(ratingId)).toEqual({
			comment: 'Waiting',
			comment_state: 'pending',
			proposed_comment: null
		});
	});

	it('answers an unknown or malformed id with a 404', async () => {
		for (const id of [NO_RATING, 'not-an-id', 7]) {
			await expect(decideComment(db, coordinator, id, 'approve')).rejects.toEqual(notFound);
			await expect(proposeCommentEdit(db, coordinator, id, 'Text')).rejects.toEqual(notFound);
		}
		const service = await createService(db);
		const { ratingId } = await rateService(db, service.id);
		await expect(decideComment(db, coordinator, ratingId, 'approve')).rejects.toEqual(notFound);
	});
});

describe('publishing only at 10 raters', () => {
	it('shows no approved comment while the latest publication counts fewer than 10', async () => {
		const service = await createService(db);
		await rateService(db, service.id, { comment: 'Approved early', state: 'approved' });
		expect(await publishedComments(db, member, service.id)).toEqual([]);
		await publishScores(db, service.id, COMMENTS_MIN_RATERS - 1);
		expect(await publishedComments(db, member, service.id)).toEqual([]);
		await publishScores(db, service.id, COMMENTS_MIN_RATERS, new Date(Date.now() + 1000));
		expect(await publishedComments(db, member, service.id)).toHaveLength(1);
		// Only the latest publication counts: fewer raters again (some withdrew), none shown.
		await publishScores(db, service.id, 7, new Date(Date.now() + 2000));
		expect(await publishedComments(db, member, service.id)).toEqual([]);
	});

	it('orders comments by their random id, with nothing of who or when', async () => {
		const service = await publishedService();
		const ids: string[] = [];
		for (const comment of ['first', 'second', 'third', 'fourth']) {
			const { ratingId } = await rateService(db, service.id, { comment, state: 'approved' });
			ids.push(ratingId);
		}
		const byId = ids
			.map((id, i) => [id, ['first', 'second', 'third', 'fourth'][i]])
			.sort(([a], [b]) => (a < b ? -1 : 1))
			.map(([, text]) => text);
		const shown = await publishedComments(db, member, service.id);
		expect(shown.map((comment) => comment.text)).toEqual(byId);
		for (const comment of shown) expect(Object.keys(comment).sort()).toEqual(['replies', 'text']);
	});

	it('takes a withdrawn rating’s comment off the page', async () => {
		const service = await publishedService();
		const { rater } = await rateService(db, service.id, { comment: 'Gone', state: 'approved' });
		expect(await publishedComments(db, member, service.id)).toHaveLength(1);
		const author = await signedIn(db, rater);
		expect(await withdrawRating(db, author, service.id, () => new Date())).toBe(true);
		expect(await publishedComments(db, member, service.id)).toEqual([]);
		expect((await readOwnComment(db, author, service.id)).comment).toBeNull();
	});

	it('hides an archived service’s comments from members, as the service itself', async () => {
		const service = await createService(db, { archived: true });
		await publishScores(db, service.id, 12);
		await rateService(db, service.id, { comment: 'Old', state: 'approved' });
		await expect(publishedComments(db, member, service.id)).rejects.toEqual(notFound);
		await expect(publishedComments(db, ANONYMOUS, service.id)).rejects.toEqual(notFound);
		expect(await publishedComments(db, coordinator, service.id)).toHaveLength(1);
	});
});

describe('a proposed edit', () => {
	it('is published only once the author accepts it, in place of their text', async () => {
		const service = await publishedService();
		const { ratingId, rater } = await rateService(db, service.id, {
			comment: 'Nurse Dara at the Phnom Penh clinic helped me'
		});
		const author = await signedIn(db, rater);
		expect(
			await proposeCommentEdit(db, coordinator, ratingId, '  A nurse at the clinic helped me ')
		).toEqual({ ok: true });
		expect(await publishedComments(db, member, service.id)).toEqual([]);
		expect((await readOwnComment(db, author, service.id)).comment).toEqual({
			state: 'edit_proposed',
			text: 'Nurse Dara at the Phnom Penh clinic helped me',
			proposed: 'A nurse at the clinic helped me',
			shown: false
		});
		// Not in the queue while the author decides.
		expect(
			(await listPendingComments(db, coordinator)).some((item) => item.ratingId === ratingId)
		).toBe(false);

		expect(await answerProposedEdit(db, author, service.id, true)).toEqual({ ok: true });
		expect(await commentRow(ratingId)).toEqual({
			comment: 'A nurse at the clinic helped me',
			comment_state: 'approved',
			proposed_comment: null
		});
		expect(await publishedComments(db, member, service.id)).toEqual([
			{ text: 'A nurse at the clinic helped me', replies: [] }
		]);
		expect((await readOwnComment(db, author, service.id)).comment?.shown).toBe(true);
		// Nothing left to answer.
		expect(await answerProposedEdit(db, author, service.id, true)).toEqual({
			ok: false,
			problem: 'no_proposal'
		});
	});

	it('declined, leaves the author’s text unpublished; they may change it for review again', async () => {
		const service = await publishedService();
		const { ratingId, rater } = await rateService(db, service.id, { comment: 'Mr Sok was rude' });
		const author = await signedIn(db, rater);
		await proposeCommentEdit(db, coordinator, ratingId, 'A staff member was rude');
		expect(await answerProposedEdit(db, author, service.id, false)).toEqual({ ok: true });
		expect(await commentRow(ratingId)).toEqual({
			comment: 'Mr Sok was rude',
			comment_state: 'declined',
			proposed_comment: null
		});
		expect(await publishedComments(db, member, service.id)).toEqual([]);

		expect(await changeOwnComment(db, author, service.id, 'Someone at the desk was rude')).toEqual({
			ok: true
		});
		expect(await commentRow(ratingId)).toEqual({
			comment: 'Someone at the desk was rude',
			comment_state: 'pending',
			proposed_comment: null
		});
		expect(
			(await listPendingComments(db, coordinator)).some((item) => item.ratingId === ratingId)
		).toBe(true);
	});

	it('refuses bad text, for the coordinator and the author alike, changing nothing', async () => {
		const service = await publishedService();
		const { ratingId, rater } = await rateService(db, service.id, { comment: 'Original' });
		const author = await signedIn(db, rater);
		const cases = [
			['', 'required'],
			['   \u200b ', 'required'],
			['bad\u0000text', 'invalid'],
			['x'.repeat(1001), 'too_long'],
			[undefined, 'required']
		] as const;
		for (const [text, problem] of cases) {
			expect(await proposeCommentEdit(db, coordinator, ratingId, text)).toEqual({
				ok: false,
				problem
			});
			expect(await changeOwnComment(db, author, service.id, text)).toEqual({ ok: false, problem });
		}
		expect(await commentRow(ratingId)).toEqual({
			comment: 'Original',
			comment_state: 'pending',
			proposed_comment: null
		});
	});

	it('only the author answers it: another member has no comment there', async () => {
		const service = await publishedService();
		const { ratingId } = await rateService(db, service.id, { comment: 'Mine' });
		await proposeCommentEdit(db, coordinator, ratingId, 'Edited');
		for (const actor of [member, coordinator]) {
			await expect(answerProposedEdit(db, actor, service.id, true)).rejects.toEqual(notFound);
			await expect(changeOwnComment(db, actor, service.id, 'Taken over')).rejects.toEqual(notFound);
			expect((await readOwnComment(db, actor, service.id)).comment).toBeNull();
		}
		await expect(readOwnComment(db, ANONYMOUS, service.id)).rejects.toEqual(notFound);
		expect((await commentRow(ratingId)).comment_state).toBe('edit_proposed');
	});

	it('an approved comment is not rewritten here', async () => {
		const service = await publishedService();
		const { ratingId, rater } = await rateService(db, service.id, {
			comment: 'Shown',
			state: 'approved'
		});
		const author = await signedIn(db, rater);
		expect(await changeOwnComment(db, author, service.id, 'Changed')).toEqual({
			ok: false,
			problem: 'published'
		});
		expect(await proposeCommentEdit(db, coordinator, ratingId, 'Changed')).toEqual({
			ok: false,
			problem: 'not_pending'
		});
		expect((await commentRow(ratingId)).comment).toBe('Shown');
	});
});
