import type { Kysely } from 'kysely';
import type { AccountActor } from '../access/actor';
import type { Clock } from '../clock';
import type { DB, ServiceKind } from '../db/schema';
import { newFormKey } from '../forms/form-key';
import { publishChangeNote } from '../services/change-notes';
import { fileComplaint, takeComplaintStep } from '../services/complaints';
import { publishDueScores } from '../services/publication';
import { rateService } from '../services/ratings';
import { DEMO_SERVICES } from './demo-services';

/** The example entries the demo's members rated and complained about, by their kind. */
const demoServiceName = (kind: ServiceKind) => DEMO_SERVICES.find((s) => s.kind === kind)!.name;

/** The demo's example entries in use: the latest of each name (seeded just before). */
async function demoService(db: Kysely<DB>, kind: ServiceKind): Promise<string> {
	const row = await db
		.selectFrom('service')
		.select('id')
		.where('name', '=', demoServiceName(kind))
		.where('example', '=', true)
		.orderBy('created_at', 'desc')
		.limit(1)
		.executeTakeFirstOrThrow();
	return row.id;
}

/** Each member's answers (respect, helped, safe, reach) for the counselling service, and a word. */
const COUNSELLING_RATINGS = [
	{ answers: [5, 4, 5, 3], comment: 'The counsellor listened and did not rush me.' },
	{ answers: [4, 4, 5, 2], comment: null },
	{ answers: [5, 5, 4, 3], comment: null },
	{ answers: [4, 3, 5, 2], comment: 'Hard to get an appointment, but worth the wait.' },
	{ answers: [5, 4, 4, 3], comment: null }
];

/**
 * What members said about the demo's services, through the same services as real ones: 5 members
 * rate the example counselling service (enough for published scores) and 2 the legal advice (too
 * few: nothing shows); one member complains about the job placement desk, and a coordinator takes
 * it to an answer step by step; and a "you said, we did" note on the counselling service.
 * `members` rate in their own languages, in the order given; at least 5 are needed.
 */
export async function seedDemoServiceFeedback(
	db: Kysely<DB>,
	actors: { coordinator: AccountActor; members: { actor: AccountActor; language: string }[] },
	clock: Clock
): Promise<{ published: string; fewRatings: string; complaintId: string }> {
	if (actors.members.length < COUNSELLING_RATINGS.length)
		throw new Error(`the demo's ratings need ${COUNSELLING_RATINGS.length} members`);
	const [counselling, legal, jobs] = await Promise.all([
		demoService(db, 'counselling'),
		demoService(db, 'legal_aid'),
		demoService(db, 'job_placement')
	]);
	const rate = async (
		member: { actor: AccountActor; language: string },
		serviceId: string,
		[respect, helped, safe, reach]: number[],
		comment: string | null
	) => {
		const rated = await rateService(
			db,
			member.actor,
			serviceId,
			{
				respect: String(respect),
				helped: String(helped),
				safe: String(safe),
				reach: String(reach),
				comment: comment ?? '',
				used: 'yes'
			},
			member.language,
			clock
		);
		if (!rated.ok) throw new Error(`demo rating: ${JSON.stringify(rated.errors)}`);
	};
	for (const [i, { answers, comment }] of COUNSELLING_RATINGS.entries())
		await rate(actors.members[i], counselling, answers, comment);
	await rate(actors.members[0], legal, [4, 5, 4, 4], null);
	await rate(actors.members[1], legal, [3, 4, 4, 3], null);
	// As the weekly housekeeping round would: the counselling service's first scores.
	await publishDueScores(db, clock);

	const member = actors.members.at(-1)!;
	const filed = await fileComplaint(
		db,
		member.actor,
		{
			formKey: newFormKey(clock()),
			service: jobs,
			kind: 'refused_help',
			whatHappened:
				'I went to the desk twice. They said there were no jobs for people who came back and did not take my name.'
		},
		clock
	);
	if (!filed.ok) throw new Error(`demo complaint: ${JSON.stringify(filed.fields)}`);
	for (const [status, message] of [
		['acknowledged', 'Thank you for telling us. We have your complaint and will look into it.'],
		['looking_into', 'We have asked the desk how they register people who came back.'],
		[
			'resolved',
			'The desk now registers everyone who asks. They will call you this week to take your details.'
		]
	] as const) {
		const stepped = await takeComplaintStep(
			db,
			actors.coordinator,
			filed.id,
			{ formKey: newFormKey(clock()), status, message },
			clock
		);
		if (!stepped.ok) throw new Error(`demo complaint step ${status}: ${stepped.problem}`);
	}

	const note = await publishChangeNote(
		db,
		actors.coordinator,
		counselling,
		{
			formKey: newFormKey(clock()),
			body: 'You said appointments were hard to get. The counselling service now keeps Saturday mornings for people who work in the week.'
		},
		clock()
	);
	if (!note.ok) throw new Error(`demo note: ${note.problem}`);
	return { published: counselling, fewRatings: legal, complaintId: filed.id };
}
