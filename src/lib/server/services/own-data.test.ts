import type { Kysely } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fakeClock, MINUTE } from '../../../../tests/helpers/clock';
import { openTestDatabase } from '../../../../tests/helpers/database';
import { createAccount, signedIn } from '../../../../tests/helpers/factories';
import { createProvider, createService } from '../../../../tests/helpers/service-feedback';
import { exportOwnData } from '../accounts/own-data';
import type { DB } from '../db/schema';
import { newFormKey } from '../forms/form-key';
import { jsonDownload } from '../json-download';
import { fileComplaint, takeComplaintStep } from './complaints';
import { exportOwnServiceData } from './own-data';
import { rateService } from './ratings';

let db: Kysely<DB>;
beforeAll(async () => {
	db = await openTestDatabase();
});
afterAll(async () => {
	await db.destroy();
});

/** Files a complaint and fails the test at once when it was refused. */
async function complain(
	actor: Awaited<ReturnType<typeof signedIn>>,
	serviceId: string,
	whatHappened: string,
	clock: ReturnType<typeof fakeClock>,
	answerInApp: 'yes' | 'no' = 'yes'
) {
	const filed = await fileComplaint(
		db,
		actor,
		{
			formKey: newFormKey(clock()),
			service: serviceId,
			kind: 'poor_service',
			whatHappened,
			answerInApp
		},
		clock
	);
	if (!filed.ok) throw new Error(`not filed: ${JSON.stringify(filed)}`);
	return filed.id;
}

describe('the services part of "download my data"', () => {
	it('holds my ratings and my complaints with the history I see, and nobody else’s', async () => {
		const clock = fakeClock();
		const service = await createService(db);
		const me = await signedIn(db, await createAccount(db));
		const peer = await signedIn(db, await createAccount(db));
		const coordinator = await signedIn(db, await createAccount(db, { role: 'coordinator' }));
		const provider = await createProvider(db, service.id);
		const answers = { respect: '5', helped: '4', safe: '3', reach: '2', used: 'yes' };

		const ratedAt = clock();
		expect(
			await rateService(
				db,
				me,
				service.id,
				{ ...answers, comment: 'The nurse was kind' },
				'th',
				clock
			)
		).toMatchObject({ ok: true });
		clock.advance(MINUTE);
		await rateService(
			db,
			peer,
			service.id,
			{ ...answers, comment: 'PeerRatingWords' },
			'en',
			clock
		);
		const { id: myRating } = await db
			.selectFrom('service_rating')
			.select('id')
			.where('account_id', '=', me.id)
			.executeTakeFirstOrThrow();
		// A provider's reply to my comment is theirs, not mine.
		await db
			.insertInto('service_reply')
			.values({ rating_id: myRating, author_id: provider.account.id, body: 'ProviderReplyWords' })
			.execute();

		clock.advance(MINUTE);
		const filedAt = clock();
		const answered = await complain(me, service.id, 'They sent me away', clock);
		clock.advance(MINUTE);
		const stepAt = clock();
		expect(
			await takeComplaintStep(
				db,
				coordinator,
				answered,
				{ formKey: newFormKey(clock()), status: 'acknowledged', message: 'We are on it' },
				clock
			)
		).toEqual({ ok: true });
		clock.advance(MINUTE);
		const quietAt = clock();
		const quiet = await complain(me, service.id, 'Do not answer me here', clock, 'no');
		await takeComplaintStep(
			db,
			coordinator,
			quiet,
			{ formKey: newFormKey(clock()), status: 'acknowledged', message: 'HiddenStepWords' },
			clock
		);
		await complain(peer, service.id, 'PeerComplaintWords', clock);

		const data = await exportOwnServiceData(db, me);
		expect(data.serviceRatings).toEqual([
			{
				service: service.name,
				respect: 5,
				helped: 4,
				safe: 3,
				reach: 2,
				language: 'th',
				country: expect.any(String),
				comment: 'The nurse was kind',
				comment_state: 'pending',
				proposed_comment: null,
				rated_at: ratedAt
			}
		]);
		expect(data.complaints).toEqual([
			{
				service: service.name,
				kind: 'poor_service',
				what_happened: 'They sent me away',
				answer_in_app: true,
				tell_service: false,
				may_refer: false,
				status: 'acknowledged',
				next_step_by: expect.any(Date),
				recorded_for_me: false,
				acknowledged_at: stepAt,
				created_at: filedAt,
				updated_at: stepAt,
				history: [
					{ status: 'received', message: null, next_step_by: expect.any(Date), at: filedAt },
					{
						status: 'acknowledged',
						message: 'We are on it',
						next_step_by: expect.any(Date),
						at: stepAt
					}
				]
			},
			expect.objectContaining({
				what_happened: 'Do not answer me here',
				answer_in_app: false,
				created_at: quietAt,
				// I asked not to be answered here: the steps show, their messages do not.
				history: [
					expect.objectContaining({ status: 'received', message: null }),
					expect.objectContaining({ status: 'acknowledged', message: null })
				]
			})
		]);

		const file = await jsonDownload(await exportOwnData(db, me), 'my-data.json').text();
		expect(file).toContain('The nurse was kind');
		expect(file).toContain('We are on it');
		for (const theirs of [
			'PeerRatingWords',
			'PeerComplaintWords',
			'ProviderReplyWords',
			'HiddenStepWords',
			coordinator.pseudonym,
			peer.pseudonym,
			provider.account.pseudonym
		]) {
			expect(file).not.toContain(theirs);
		}
	});

	it('is empty for a member who never rated or complained', async () => {
		const me = await signedIn(db, await createAccount(db));
		expect(await exportOwnServiceData(db, me)).toEqual({ serviceRatings: [], complaints: [] });
	});
});
