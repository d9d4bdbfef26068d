import type { Kysely } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fakeClock } from '../../../../tests/helpers/clock';
import { openTestDatabase } from '../../../../tests/helpers/database';
import { createAccount, signedIn } from '../../../../tests/helpers/factories';
import type { DB } from '../db/schema';
import { listChangeNotices } from '../services/change-notes';
import { readComplaint } from '../services/complaints';
import { serviceScoresView } from '../services/scores-view';
import { seedDemoServiceFeedback } from './demo-service-feedback';
import { seedDemoServices } from './demo-services';

let db: Kysely<DB>;
beforeAll(async () => {
	db = await openTestDatabase();
});
afterAll(async () => {
	await db.destroy();
});

describe("the demo's ratings, complaint and note", () => {
	it('publish one service’s scores, show none for too few, and answer a complaint step by step', async () => {
		const clock = fakeClock();
		const coordinator = await signedIn(db, await createAccount(db, { role: 'coordinator' }));
		const members = [];
		for (const language of ['th', 'km', 'lo', 'my', 'vi', 'en'])
			members.push({ actor: await signedIn(db, await createAccount(db)), language });
		await seedDemoServices(db, coordinator, clock);
		const seeded = await seedDemoServiceFeedback(db, { coordinator, members }, clock);

		const reader = members[0].actor;
		const published = await serviceScoresView(db, reader, seeded.published, {});
		expect(published).toMatchObject({ published: true, figures: { band: '5-9' } });
		expect(await serviceScoresView(db, reader, seeded.fewRatings, {})).toMatchObject({
			published: false,
			figures: null
		});

		const complaint = await readComplaint(db, members.at(-1)!.actor, seeded.complaintId, clock());
		expect(complaint.status).toBe('resolved');
		expect(complaint.steps.map((step) => step.status)).toEqual([
			'received',
			'acknowledged',
			'looking_into',
			'resolved'
		]);
		expect(complaint.steps.slice(1).every((step) => step.message)).toBe(true);

		// "You said, we did" reaches the members who rated the service, and nobody else.
		const notices = await listChangeNotices(db, members[0].actor);
		expect(notices.map((notice) => notice.serviceId)).toContain(seeded.published);
		const outsider = await signedIn(db, await createAccount(db));
		expect(await listChangeNotices(db, outsider)).toEqual([]);
	});
});
