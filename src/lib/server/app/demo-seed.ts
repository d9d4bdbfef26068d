import { closeDb, getDb } from '../db';
import { migrateToLatest } from '../db/migrate';
import { createAdminAccount, createInvitation, setRole, signUp } from '../accounts';
import { systemClock } from '../clock';
import { newFormKey } from '../forms/form-key';
import {
	acceptInvitation,
	appointFacilitator,
	createGroup,
	reviewMessage,
	sendMessage
} from '../groups';
import { config } from '../config';
import { todayIn } from '../savings/today';
import { DEMO_COURSES, seedDemoCourses } from './demo-courses';
import { DEMO_SAVINGS_NAME, seedDemoSavings } from './demo-savings';
import { seedDemoServiceFeedback } from './demo-service-feedback';
import { seedDemoServices } from './demo-services';

/** Everyone in the demo signs in with this passphrase. */
export const DEMO_PASSPHRASE = 'circles demo day';

const DEMO_ADMIN = 'demo_admin';
const DEMO_COORDINATOR = 'demo_coordinator';
/** Teaches one of the demo's courses; a member of no circle. */
const DEMO_TRAINER = 'demo_trainer';
/** Members with nicknames in the six languages' scripts. */
const DEMO_MEMBERS = ['มะลิ', 'សុខា', 'ນ້ອຍ', 'သူဇာ', 'Hương', 'Mai'];
/** The names the members go by in courses: never their sign-in nicknames. */
const DEMO_COURSE_NAMES = ['ดาว', 'ស្រីពៅ', 'ແກ້ວ', 'နှင်း', 'Lan', 'Thu'];
const DEMO_MESSAGES = [
	'สวัสดีทุกคน วันนี้เป็นอย่างไรบ้าง',
	'សួស្តី! ខ្ញុំបានចាប់ផ្តើមលក់នំនៅផ្សារ។',
	'ຍິນດີນຳເດີ້ ທຸກຄົນ',
	'Xin chào, tuần này mình đã tiết kiệm được một ít.',
	'Well done, everyone. See you on Thursday!'
];

/**
 * `npm run demo` loads this into its own database (./data/demo), never `npm start`: an admin, a
 * coordinator who facilitates a circle of six members with a few messages, an unused invitation
 * code into that circle, a savings group, two courses (one full, with a waitlist) and a trainer,
 * and example entries of the service directory (crisis ones for each country), made through the
 * same services as real ones.
 * Running it again changes nothing.
 */
export async function main(): Promise<number> {
	const db = getDb();
	try {
		await migrateToLatest(db);
		const existing = await db
			.selectFrom('account')
			.select('id')
			.where('pseudonym_key', '=', DEMO_ADMIN)
			.executeTakeFirst();
		if (existing) {
			console.log('Demo data is already there.');
			return 0;
		}

		const admin = await createAdminAccount(db, {
			pseudonym: DEMO_ADMIN,
			passphrase: DEMO_PASSPHRASE
		});
		if (!admin.ok) throw new Error(admin.problem);
		const adminRow = await db
			.selectFrom('account')
			.select(['id', 'pseudonym', 'role'])
			.where('pseudonym_key', '=', DEMO_ADMIN)
			.executeTakeFirstOrThrow();
		const adminActor = { kind: 'account' as const, ...adminRow, sessionId: '' };

		const circle = await createGroup(
			db,
			adminActor,
			{
				formKey: newFormKey(systemClock()),
				name: 'Thursday circle',
				description: 'We meet here between our Thursday meetings.',
				language: 'en',
				sizeCap: 12,
				joinRule: 'invitation',
				agreement: 'We listen. We are kind. What is said here stays here.',
				// As a new circle's form suggests: a newcomer's first 3 messages wait for a facilitator.
				holdFirstPosts: 3
			},
			systemClock()
		);
		const { code: groupCode } = await createInvitation(
			db,
			adminActor,
			{
				formKey: newFormKey(systemClock()),
				maxUses: DEMO_MEMBERS.length + 1,
				expiresInDays: 90,
				label: 'Demo members',
				groupId: circle.id
			},
			systemClock
		);
		const members = [];
		let coordinatorActor = adminActor;
		for (const pseudonym of [DEMO_COORDINATOR, ...DEMO_MEMBERS]) {
			const joined = await signUp(
				db,
				{
					formKey: newFormKey(systemClock()),
					code: groupCode,
					pseudonym,
					passphrase: DEMO_PASSPHRASE,
					address: 'demo'
				},
				systemClock
			);
			if (!joined.ok) throw new Error(`${pseudonym}: ${JSON.stringify(joined.problems)}`);
			if (pseudonym === DEMO_COORDINATOR) {
				await setRole(db, adminActor, joined.accountId, 'coordinator');
				await appointFacilitator(db, adminActor, circle.id, { pseudonym }, systemClock());
				coordinatorActor = {
					kind: 'account' as const,
					id: joined.accountId,
					pseudonym,
					role: 'coordinator' as const,
					sessionId: joined.session.id
				};
				continue;
			}
			const actor = {
				kind: 'account' as const,
				id: joined.accountId,
				pseudonym,
				role: 'member' as const,
				sessionId: joined.session.id
			};
			await acceptInvitation(
				db,
				actor,
				circle.id,
				{ displayName: pseudonym, agree: true },
				systemClock()
			);
			members.push(actor);
		}
		for (const [index, body] of DEMO_MESSAGES.entries()) {
			const sent = await sendMessage(
				db,
				members[index % members.length],
				{ groupId: circle.id, clientId: crypto.randomUUID(), body },
				systemClock
			);
			if (!sent.ok) throw new Error(sent.error);
			// Each member's first message waited for the facilitator, who let it through.
			if (sent.message.status === 'held') {
				await reviewMessage(
					db,
					coordinatorActor,
					circle.id,
					{ messageId: sent.message.id, decision: 'approve', reason: 'Welcome to the circle.' },
					systemClock()
				);
			}
		}
		// A savings group with a few meetings, a loan and its repayments: Mai keeps its books.
		await seedDemoSavings(
			db,
			{ coordinator: coordinatorActor, secretary: members.at(-1)!, member: members.at(-2)! },
			todayIn(config().TIME_ZONE, systemClock()),
			systemClock
		);
		// Two courses: half of the members in the one with seats left, all in the one that is full.
		const trainerCode = await createInvitation(
			db,
			adminActor,
			{
				formKey: newFormKey(systemClock()),
				maxUses: 1,
				expiresInDays: 1,
				label: 'Demo trainer'
			},
			systemClock
		);
		const trainer = await signUp(
			db,
			{
				formKey: newFormKey(systemClock()),
				code: trainerCode.code,
				pseudonym: DEMO_TRAINER,
				passphrase: DEMO_PASSPHRASE,
				address: 'demo'
			},
			systemClock
		);
		if (!trainer.ok) throw new Error(`${DEMO_TRAINER}: ${JSON.stringify(trainer.problems)}`);
		await seedDemoCourses(
			db,
			{
				coordinator: coordinatorActor,
				trainer: {
					kind: 'account' as const,
					id: trainer.accountId,
					pseudonym: DEMO_TRAINER,
					role: 'member' as const,
					sessionId: trainer.session.id
				},
				learners: members.map((actor, index) => ({ actor, name: DEMO_COURSE_NAMES[index] }))
			},
			systemClock
		);
		await seedDemoServices(db, adminActor, systemClock);
		// Ratings (published scores on one example service, too few on another), a complaint taken
		// to its answer, and a "you said, we did" note.
		await seedDemoServiceFeedback(
			db,
			{
				coordinator: coordinatorActor,
				members: members.map((actor, index) => ({
					actor,
					language: ['th', 'km', 'lo', 'my', 'vi', 'en'][index]
				}))
			},
			systemClock
		);
		const { code } = await createInvitation(
			db,
			adminActor,
			{
				formKey: newFormKey(systemClock()),
				maxUses: 5,
				expiresInDays: 90,
				label: 'For visitors to the demo',
				// Into the circle, to try it as a newcomer: first messages wait for the facilitator.
				groupId: circle.id
			},
			systemClock
		);

		console.log(
			[
				'Demo data loaded. Sign in with any of these nicknames and the passphrase',
				`"${DEMO_PASSPHRASE}":`,
				`  ${DEMO_ADMIN} (admin), ${DEMO_COORDINATOR} (coordinator), ${DEMO_TRAINER} (trainer), ${DEMO_MEMBERS.join(', ')}`,
				`Or join the circle with the invitation code ${code}: your first 3 messages wait for the facilitator.`,
				`${DEMO_MEMBERS.at(-1)} keeps the books of "${DEMO_SAVINGS_NAME}"; ${DEMO_MEMBERS.at(-2)} is a member of it.`,
				`"${DEMO_COURSES.idea}" has seats left; "${DEMO_COURSES.start}" is full, with ${DEMO_MEMBERS.at(-2)} and ${DEMO_MEMBERS.at(-1)} on its waitlist; ${DEMO_TRAINER} teaches it.`,
				`The example services (/services) have ratings, a complaint ${DEMO_MEMBERS.at(-1)} made and ${DEMO_COORDINATOR} answered, and a "you said, we did" note.`
			].join('\n')
		);
		return 0;
	} finally {
		await closeDb();
	}
}
