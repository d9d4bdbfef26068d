import type { Kysely } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { handle } from '../src/hooks.server';
import type { AccountActor } from '../src/lib/server/access/actor';
import { createSession } from '../src/lib/server/accounts/sessions';
import { systemClock } from '../src/lib/server/clock';
import { enrol } from '../src/lib/server/courses/enrolment';
import type { DB } from '../src/lib/server/db/schema';
import { newFormKey } from '../src/lib/server/forms/form-key';
import { askForHelp } from '../src/lib/server/groups/crisis';
import { flagMessage } from '../src/lib/server/groups/message-review';
import { sendMessage } from '../src/lib/server/groups/messages';
import { createPoll } from '../src/lib/server/groups/polls';
import { writeToFacilitators } from '../src/lib/server/groups/support-conversation';
import { proposeTopic } from '../src/lib/server/groups/topics';
import { recordMeeting } from '../src/lib/server/savings/meeting';
import { fileComplaint } from '../src/lib/server/services/complaints';
import { createTestCourse } from './helpers/courses';
import { openTestDatabase } from './helpers/database';
import { createGroupMember, createTestGroup } from './helpers/groups';
import { countQueriesOf, stopCountingQueries, visitPage } from './helpers/query-count';
import { createTestSavingsGroup, meetingSheet } from './helpers/savings';
import { createService, rateService } from './helpers/service-feedback';

let db: Kysely<DB>;
let counted: { statements: string[] };
beforeAll(async () => {
	db = await openTestDatabase();
	counted = countQueriesOf(db);
});
afterAll(async () => {
	stopCountingQueries();
	await db.destroy();
});

/** The most statements one signed-in page may send, the session check included. */
const MAX_QUERIES = 6;

/** member: in the circle; saver: in the savings group, enrolled in a course, with a complaint. */
type Who = 'member' | 'facilitator' | 'coordinator' | 'saver';

const PAGES: Array<{ routeId: string; who: Who }> = [
	{ routeId: '/', who: 'member' },
	{ routeId: '/', who: 'facilitator' },
	{ routeId: '/groups', who: 'member' },
	{ routeId: '/groups/[id]', who: 'member' },
	{ routeId: '/groups/[id]', who: 'facilitator' },
	{ routeId: '/groups/[id]/topics', who: 'member' },
	{ routeId: '/groups/[id]/topics', who: 'facilitator' },
	{ routeId: '/groups/[id]/help', who: 'member' },
	{ routeId: '/groups/[id]/help', who: 'facilitator' },
	{ routeId: '/groups/[id]/help/[memberId]', who: 'facilitator' },
	{ routeId: '/groups/[id]/review', who: 'facilitator' },
	{ routeId: '/groups/[id]/log', who: 'facilitator' },
	{ routeId: '/groups/[id]/manage', who: 'coordinator' },
	{ routeId: '/groups/[id]/settings', who: 'member' },
	{ routeId: '/help', who: 'member' },
	{ routeId: '/savings', who: 'saver' },
	{ routeId: '/savings/[id]', who: 'saver' },
	{ routeId: '/savings/[id]/meetings', who: 'saver' },
	{ routeId: '/savings/[id]/meetings/[meetingId]', who: 'saver' },
	{ routeId: '/courses', who: 'saver' },
	{ routeId: '/courses/[id]', who: 'saver' },
	{ routeId: '/services', who: 'saver' },
	{ routeId: '/services/[id]', who: 'saver' },
	{ routeId: '/complaints', who: 'saver' },
	{ routeId: '/complaints', who: 'coordinator' }
];

/**
 * Something on every page: a circle with several members, messages, flags, topics, polls, help
 * conversations and a call for help; a savings group with two meetings; a course with an
 * enrolment; a rated service; a complaint. A read repeated per row shows up as more statements.
 */
async function busyWorld() {
	const now = new Date();
	const group = await createTestGroup(db);
	const facilitator = await createGroupMember(db, group.id, 'facilitator');
	const member = await createGroupMember(db, group.id);
	const others = [
		await createGroupMember(db, group.id),
		await createGroupMember(db, group.id),
		await createGroupMember(db, group.id)
	];
	for (const author of [member, ...others, facilitator]) {
		const sent = await sendMessage(
			db,
			author,
			{ groupId: group.id, clientId: crypto.randomUUID(), body: 'hello everyone' },
			systemClock
		);
		if (!sent.ok) throw new Error(sent.error);
		const flagger = author === others[0] ? member : others[0];
		await flagMessage(db, flagger, group.id, { messageId: sent.message.id, reason: 'unkind' }, now);
	}
	for (const [index, who] of [member, others[0]].entries()) {
		const title = `Topic ${index + 1}`;
		await proposeTopic(db, who, group.id, { formKey: newFormKey(now), title }, now);
		const body = 'can we talk';
		await writeToFacilitators(db, who, group.id, { formKey: newFormKey(now), body }, systemClock);
	}
	for (const question of ['Meet on Sunday?', 'Meet at noon?']) {
		const input = { formKey: newFormKey(now), question, options: ['Yes', 'No'] };
		if (!(await createPoll(db, facilitator, group.id, input, now)).ok) throw new Error('poll');
	}
	await askForHelp(db, others[1], group.id, { formKey: newFormKey(now) }, systemClock);

	const savings = await createTestSavingsGroup(db);
	for (const [week, heldOn] of (['2026-01-06', '2026-01-13'] as const).entries()) {
		const counted = { loanBox: BigInt(week + 1) * 25_000n, socialBox: 0n };
		const sheet = meetingSheet(savings.memberIds, heldOn, {}, counted);
		const options = { formKey: newFormKey(now), now, today: heldOn };
		const done = await recordMeeting(db, savings.secretary, savings.id, sheet, options);
		if (!done.ok) throw new Error(JSON.stringify(done));
	}
	const meeting = await db
		.selectFrom('savings_meeting')
		.select('id')
		.where('group_id', '=', savings.id)
		.executeTakeFirstOrThrow();

	const course = await createTestCourse(db, now);
	await enrol(db, savings.member, course.id, now, { name: 'Lotus' });
	const service = await createService(db);
	// A crisis contact in every country: help pages list the viewer's, whatever else is stored.
	await db
		.insertInto('service')
		.values(
			(['TH', 'KH', 'LA', 'MM', 'VN'] as const).map((country) => ({
				name: `Helpline ${country}`,
				kind: 'counselling' as const,
				country,
				how_to_reach: 'Call the number on the card',
				crisis: true
			}))
		)
		.execute();
	await rateService(db, service.id, { comment: 'kind people', state: 'approved' });
	const complaint = await fileComplaint(
		db,
		savings.member,
		{
			formKey: newFormKey(now),
			service: '',
			kind: 'poor_service',
			whatHappened: 'They kept me waiting all day and then sent me away.'
		},
		systemClock
	);
	if (!complaint.ok) throw new Error('complaint refused');

	return {
		tokens: {
			member: member.token,
			facilitator: facilitator.token,
			coordinator: await sessionOf(group.coordinator),
			saver: await sessionOf(savings.member)
		} satisfies Record<Who, string>,
		ids: (routeId: string): Record<string, string> => ({
			id: routeId.startsWith('/groups')
				? group.id
				: routeId.startsWith('/savings')
					? savings.id
					: routeId.startsWith('/courses')
						? course.id
						: service.id,
			memberId: member.memberId,
			meetingId: meeting.id
		})
	};
}

/** A fresh session's token for someone a factory made. */
const sessionOf = async (actor: AccountActor) =>
	(await createSession(db, actor.id, 'shared', new Date())).token;

let world: Awaited<ReturnType<typeof busyWorld>>;
beforeAll(async () => {
	world = await busyWorld();
});

describe('statements each signed-in page sends for one request', () => {
	it.each(PAGES)('$routeId as $who', async ({ routeId, who }) => {
		const params: Record<string, string> = {};
		let path = routeId;
		for (const [name, value] of Object.entries(world.ids(routeId))) {
			if (!path.includes(`[${name}]`)) continue;
			params[name] = value;
			path = path.replace(`[${name}]`, value);
		}
		const { statements } = await visitPage(counted, handle, {
			routeId,
			path,
			params,
			token: world.tokens[who]
		});
		const key = `${routeId} as ${who}`;
		console.log(`${String(statements.length).padStart(3)}  ${key}: ${statements.join(' ')}`);
		// The count starts at the session check, made by the hooks before any load.
		expect(statements[0]).toBe('session');
		expect(statements.length).toBeLessThanOrEqual(MAX_QUERIES);
	});
});
