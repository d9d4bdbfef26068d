import type { Kysely } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DAY, fakeClock, MINUTE } from '../../../../tests/helpers/clock';
import { openTestDatabase } from '../../../../tests/helpers/database';
import {
	createAccount,
	FACTORY_PASSPHRASE,
	fromAddress,
	signedIn
} from '../../../../tests/helpers/factories';
import { createService } from '../../../../tests/helpers/service-feedback';
import { deleteOwnAccount } from '../accounts/own-account';
import type { DB } from '../db/schema';
import { newFormKey } from '../forms/form-key';
import { fileComplaint, takeComplaintStep } from './complaints';
import { rateService } from './ratings';

let db: Kysely<DB>;
beforeAll(async () => {
	db = await openTestDatabase();
});
afterAll(async () => {
	await db.destroy();
});

const answers = (score: string) => ({
	respect: score,
	helped: score,
	safe: score,
	reach: score,
	used: 'yes'
});

describe('a member who rated and complained deletes their account', () => {
	it('takes their complaints with them, and leaves their rating in the scores, unlinked', async () => {
		const clock = fakeClock();
		const service = await createService(db);
		const me = await signedIn(db, await createAccount(db));
		const coordinator = await signedIn(db, await createAccount(db, { role: 'coordinator' }));
		expect(
			await rateService(db, me, service.id, { ...answers('1'), comment: 'Slow' }, 'en', clock)
		).toMatchObject({ ok: true });
		for (let i = 0; i < 4; i++) {
			clock.advance(MINUTE);
			const rater = await signedIn(db, await createAccount(db));
			await rateService(db, rater, service.id, answers('5'), 'en', clock);
		}
		const filed = await fileComplaint(
			db,
			me,
			{
				formKey: newFormKey(clock()),
				service: service.id,
				kind: 'poor_service',
				whatHappened: 'They sent me away'
			},
			clock
		);
		if (!filed.ok) throw new Error('not filed');
		await takeComplaintStep(
			db,
			coordinator,
			filed.id,
			{ formKey: newFormKey(clock()), status: 'acknowledged', message: 'We are on it' },
			clock
		);
		const scores = () =>
			db
				.selectFrom('service_score')
				.select(['raters', 'figures'])
				.where('service_id', '=', service.id)
				.orderBy('published_at')
				.execute();
		// Five raters: published, my 1s among the 5s.
		expect(await scores()).toEqual([
			{
				raters: 5,
				figures: expect.objectContaining({ all: expect.objectContaining({ respect: 4.2 }) })
			}
		]);

		expect(
			await deleteOwnAccount(
				db,
				me,
				{ passphrase: FACTORY_PASSPHRASE, words: 'erase' },
				fromAddress()
			)
		).toEqual({ ok: true });

		// The complaint and its history went with the account.
		const complaints = await db
			.selectFrom('complaint')
			.select('id')
			.where('id', '=', filed.id)
			.execute();
		const steps = await db
			.selectFrom('complaint_step')
			.select('id')
			.where('complaint_id', '=', filed.id)
			.execute();
		expect([complaints, steps]).toEqual([[], []]);
		// The rating stays, linked to nobody, comment and all.
		const ratings = await db
			.selectFrom('service_rating')
			.select(['account_id', 'respect', 'comment'])
			.where('service_id', '=', service.id)
			.orderBy('respect')
			.execute();
		expect(ratings).toHaveLength(5);
		expect(ratings[0]).toEqual({ account_id: null, respect: 1, comment: 'Slow' });

		// A week and five new ratings later, the next publication still counts it.
		clock.advance(8 * DAY);
		for (let i = 0; i < 5; i++) {
			clock.advance(MINUTE);
			const rater = await signedIn(db, await createAccount(db));
			await rateService(db, rater, service.id, answers('5'), 'en', clock);
		}
		expect((await scores()).map((row) => row.raters)).toEqual([5, 10]);
		expect((await scores())[1].figures).toMatchObject({ all: { band: '10-19', respect: 4.6 } });
	});
});
