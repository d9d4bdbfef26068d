import { sql, type Kysely } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DB } from '../src/lib/server/db/schema';
import { newFormKey } from '../src/lib/server/forms/form-key';
import { flagMessage } from '../src/lib/server/groups/message-review';
import { sendMessage } from '../src/lib/server/groups/messages';
import { createPoll, listPolls, votePoll } from '../src/lib/server/groups/polls';
import { proposeTopic, voteTopic } from '../src/lib/server/groups/topics';
import { enrol } from '../src/lib/server/courses/enrolment';
import { nameTrainer } from '../src/lib/server/courses/trainers';
import { fakeClock } from './helpers/clock';
import { createTestCourse, newMember } from './helpers/courses';
import { openTestDatabase } from './helpers/database';
import { createGroupMember, createTestGroup } from './helpers/groups';

type Rule =
	'CASCADE' | 'SET NULL' | 'NO ACTION' | 'NO ACTION at commit' | 'RESTRICT' | 'SET DEFAULT';

/**
 * Every foreign key of the migrated database and what deleting the row it points to does. A new
 * foreign key fails this test until it is listed here, with a rule chosen on purpose: deleting an
 * account erases the person, never what a group shares (docs: DESIGN.md, "Deleting an account").
 */
const FOREIGN_KEYS: Record<string, Rule> = {
	// The person's own rows: they go with the account or the membership.
	'session.account_id -> account': 'CASCADE',
	'recovery_code.account_id -> account': 'CASCADE',
	'reset_code.account_id -> account': 'CASCADE',
	'member_notice.member_id -> group_member': 'CASCADE',
	'member_note.subject_id -> group_member': 'CASCADE',
	'support_message.member_id -> group_member': 'CASCADE',
	'crisis_alert.member_id -> group_member': 'CASCADE',
	'write_count.account_id -> account': 'CASCADE',
	'live_socket.session_id -> session': 'CASCADE',

	// A membership outlives its account as a former member; deleting the account first needs it
	// erased (accounts/own-account.ts deleteOwnAccount).
	'group_member.account_id -> account': 'NO ACTION',

	// What a group shares hangs on the membership and is never deleted with it. Checked at commit,
	// so that a whole group can still go with everything in it.
	'group_message.author_id -> group_member': 'NO ACTION at commit',
	'message_flag.flagger_id -> group_member': 'NO ACTION at commit',
	'topic_vote.member_id -> group_member': 'NO ACTION at commit',
	'poll_vote.member_id -> group_member': 'NO ACTION at commit',
	'group_topic.proposer_id -> group_member': 'SET NULL',
	'moderation_action.subject_id -> group_member': 'SET NULL',

	// Records of what staff and members did stay, without the person.
	'audit_event.actor_id -> account': 'SET NULL',
	'audit_event.subject_id -> account': 'SET NULL',
	'crisis_alert.acknowledged_by -> account': 'SET NULL',
	'group_poll.author_id -> account': 'SET NULL',
	'invitation.issued_by -> account': 'SET NULL',
	'invitation_use.account_id -> account': 'SET NULL',
	'member_note.author_id -> account': 'SET NULL',
	'moderation_action.actor_id -> account': 'SET NULL',
	'peer_group.created_by -> account': 'SET NULL',
	'reset_code.issued_by -> account': 'SET NULL',
	'support_message.author_id -> account': 'SET NULL',

	// A savings group's books: a member, a loan or an entry is never deleted, and what names one
	// never goes with it. Checked at commit, so that a practice group (the only kind that can be
	// deleted: migration 0010) goes with everything in it. A savings membership outlives its
	// account as a former member (accounts/own-account.ts erases it first).
	'savings_member.account_id -> account': 'NO ACTION',
	'savings_attendance.member_id -> savings_member': 'NO ACTION at commit',
	'savings_entry.loan_id -> savings_loan': 'NO ACTION at commit',
	'savings_entry.member_id -> savings_member': 'NO ACTION at commit',
	'savings_entry.recorded_by -> savings_member': 'NO ACTION at commit',
	'savings_entry.reverses -> savings_entry': 'NO ACTION at commit',
	'savings_loan.member_id -> savings_member': 'NO ACTION at commit',
	'savings_loan_guarantor.member_id -> savings_member': 'NO ACTION at commit',
	'savings_meeting.recorded_by -> savings_member': 'NO ACTION at commit',
	'savings_meeting.rules_id -> savings_rules': 'NO ACTION at commit',
	'savings_rules.changed_by -> savings_member': 'NO ACTION at commit',
	'savings_share_out_approval.member_id -> savings_member': 'NO ACTION at commit',
	'savings_share_out_approval.recorded_by -> savings_member': 'NO ACTION at commit',
	'savings_guarantee_charge.recorded_by -> savings_member': 'NO ACTION at commit',
	'savings_group.created_by -> account': 'SET NULL',
	// A savings group started from a circle outlives it.
	'savings_group.circle_id -> peer_group': 'SET NULL',
	// The parts of a (practice) savings group go with it.
	'savings_attendance.meeting_id -> savings_meeting': 'CASCADE',
	'savings_cash_count.meeting_id -> savings_meeting': 'CASCADE',
	'savings_cycle.group_id -> savings_group': 'CASCADE',
	'savings_entry.cycle_id -> savings_cycle': 'CASCADE',
	'savings_entry.group_id -> savings_group': 'CASCADE',
	'savings_entry.meeting_id -> savings_meeting': 'CASCADE',
	'savings_loan.group_id -> savings_group': 'CASCADE',
	'savings_loan.meeting_id -> savings_meeting': 'CASCADE',
	'savings_loan_guarantor.loan_id -> savings_loan': 'CASCADE',
	'savings_meeting.cycle_id -> savings_cycle': 'CASCADE',
	'savings_meeting.group_id -> savings_group': 'CASCADE',
	'savings_member.group_id -> savings_group': 'CASCADE',
	'savings_rules.cycle_id -> savings_cycle': 'CASCADE',
	'savings_share_out_approval.cycle_id -> savings_cycle': 'CASCADE',
	'savings_guarantee_charge.cycle_id -> savings_cycle': 'CASCADE',
	'savings_guarantee_charge.loan_id -> savings_loan': 'CASCADE',
	// A notice is the member's own, about a meeting.
	'savings_notice.member_id -> savings_member': 'CASCADE',
	'savings_notice.meeting_id -> savings_meeting': 'CASCADE',
	'savings_link_code.member_id -> savings_member': 'CASCADE',
	'savings_share_out_approval.group_id -> savings_group': 'CASCADE',
	'savings_guarantee_charge.group_id -> savings_group': 'CASCADE',

	// Courses (0016). A member's place in a course and a trainer's role in one are the person's
	// own: they go with the account, so deleting it is never blocked, and housekeeping offers a
	// freed seat to the next in line (courses/offer-expiry.ts). Later course records shared with
	// others (attendance sheets, feedback aggregates) must not hang on the account.
	'course_enrolment.account_id -> account': 'CASCADE',
	'course_trainer.account_id -> account': 'CASCADE',
	// A course outlives whoever wrote it, its prerequisite and the group it gave priority to.
	'course.created_by -> account': 'SET NULL',
	'course.prerequisite_id -> course': 'SET NULL',
	'course.priority_circle_id -> peer_group': 'SET NULL',
	'course.priority_savings_group_id -> savings_group': 'SET NULL',
	// The parts of a course go with it (a course with enrolments is cancelled, never deleted).
	'course_session.course_id -> course': 'CASCADE',
	'course_trainer.course_id -> course': 'CASCADE',
	'course_enrolment.course_id -> course': 'CASCADE',
	// Attendance marks (0018) are the person's, on a session: they go with either. A certificate
	// outlives the person (whoever holds the printed page can have it checked), pointing to nobody.
	'course_attendance.session_id -> course_session': 'CASCADE',
	'course_attendance.enrolment_id -> course_enrolment': 'CASCADE',
	'course_check_in.session_id -> course_session': 'CASCADE',
	'course_certificate.course_id -> course': 'CASCADE',
	'course_certificate.enrolment_id -> course_enrolment': 'SET NULL',
	// A participant's ratings and follow-up answers are theirs: aggregates never hang on them.
	'course_feedback.enrolment_id -> course_enrolment': 'CASCADE',
	'course_follow_up.enrolment_id -> course_enrolment': 'CASCADE',

	// Services (0020). A provider's staff binding, a focal-point naming, a "seen" mark and a
	// complaint are the person's own: they go with the account. A rating and what staff wrote
	// (replies, steps, notes, handling, recording) stay, pointing to nobody: published figures
	// keep the ratings of a deleted account, unlinked.
	'service_staff.account_id -> account': 'CASCADE',
	'complaint_focal_point.account_id -> account': 'CASCADE',
	'complaint.account_id -> account': 'CASCADE',
	'service_change_note_seen.account_id -> account': 'CASCADE',
	'service_rating.account_id -> account': 'SET NULL',
	'service_reply.author_id -> account': 'SET NULL',
	'complaint.handler_id -> account': 'SET NULL',
	'complaint.recorded_by -> account': 'SET NULL',
	'complaint_step.author_id -> account': 'SET NULL',
	'service_change_note.author_id -> account': 'SET NULL',
	// The parts of a service go with it (one rated or complained about is archived, never
	// deleted); a complaint outlives the service it was about.
	'service_language.service_id -> service': 'CASCADE',
	'service_staff.service_id -> service': 'CASCADE',
	'service_rating.service_id -> service': 'CASCADE',
	'service_score.service_id -> service': 'CASCADE',
	'service_change_note.service_id -> service': 'CASCADE',
	'complaint.service_id -> service': 'SET NULL',
	'service_reply.rating_id -> service_rating': 'CASCADE',
	'complaint_step.complaint_id -> complaint': 'CASCADE',
	'service_change_note_seen.note_id -> service_change_note': 'CASCADE',

	// Parts of a group, a message, a poll, a topic or an invitation go with it.
	'crisis_alert.group_id -> peer_group': 'CASCADE',
	'group_member.group_id -> peer_group': 'CASCADE',
	'group_message.group_id -> peer_group': 'CASCADE',
	'group_poll.group_id -> peer_group': 'CASCADE',
	'group_topic.group_id -> peer_group': 'CASCADE',
	'invitation.group_id -> peer_group': 'CASCADE',
	'member_note.group_id -> peer_group': 'CASCADE',
	'moderation_action.group_id -> peer_group': 'CASCADE',
	'support_message.group_id -> peer_group': 'CASCADE',
	'group_message.reply_to_id -> group_message': 'SET NULL',
	'message_flag.message_id -> group_message': 'CASCADE',
	'moderation_action.message_id -> group_message': 'SET NULL',
	'poll_option.poll_id -> group_poll': 'CASCADE',
	'poll_vote.poll_id -> group_poll': 'CASCADE',
	'poll_vote.option_id -> poll_option': 'CASCADE',
	'topic_vote.topic_id -> group_topic': 'CASCADE',
	'invitation_use.invitation_id -> invitation': 'CASCADE'
};

/** The person's own tables: the only ones an account or a membership may cascade into. */
const PERSONAL = new Set([
	'session',
	'recovery_code',
	'reset_code',
	'member_notice',
	'member_note',
	'support_message',
	'crisis_alert',
	'write_count',
	'course_enrolment',
	'course_trainer',
	'service_staff',
	'complaint_focal_point',
	'complaint',
	'service_change_note_seen'
]);

const RULES: Record<string, Rule> = {
	a: 'NO ACTION',
	r: 'RESTRICT',
	c: 'CASCADE',
	n: 'SET NULL',
	d: 'SET DEFAULT'
};

let db: Kysely<DB>;
beforeAll(async () => {
	db = await openTestDatabase();
});
afterAll(async () => {
	await db.destroy();
});

async function foreignKeys(): Promise<Record<string, Rule>> {
	const { rows } = await sql<{ key: string; columns: number; rule: string; deferred: boolean }>`
		select c.conrelid::regclass::text || '.' || a.attname || ' -> ' || c.confrelid::regclass::text
				as key,
			cardinality(c.conkey) as columns,
			c.confdeltype as rule,
			c.condeferred as deferred
		from pg_constraint c
		join pg_attribute a on a.attrelid = c.conrelid and a.attnum = c.conkey[1]
		where c.contype = 'f' and c.connamespace = current_schema()::regnamespace`.execute(db);
	expect(rows.filter((row) => Number(row.columns) !== 1)).toEqual([]);
	return Object.fromEntries(
		rows.map((row) => [
			row.key,
			row.deferred ? (`${RULES[row.rule]} at commit` as Rule) : RULES[row.rule]
		])
	);
}

describe('foreign keys', () => {
	it('are exactly the listed ones, each with its listed rule on delete', async () => {
		expect(await foreignKeys()).toEqual(FOREIGN_KEYS);
	});

	it('never cascade from an account or a membership into a shared record', async () => {
		const cascading = Object.entries(await foreignKeys())
			.filter(([key, rule]) => rule === 'CASCADE' && /-> (account|group_member)$/.test(key))
			.map(([key]) => key.split('.')[0]);
		expect(cascading.filter((table) => !PERSONAL.has(table))).toEqual([]);
	});

	it('refuse to delete an account that still has a membership, or a membership with messages', async () => {
		const group = await createTestGroup(db);
		const member = await createGroupMember(db, group.id);
		await expect(
			db.deleteFrom('account').where('id', '=', member.id).execute()
		).rejects.toMatchObject({ code: '23503' });
		const sent = await sendMessage(
			db,
			member,
			{ groupId: group.id, clientId: crypto.randomUUID(), body: 'hello' },
			fakeClock()
		);
		expect(sent.ok).toBe(true);
		await expect(
			db.deleteFrom('group_member').where('id', '=', member.memberId).execute()
		).rejects.toMatchObject({ code: '23503' });
	});

	it('let an account with a place in a course and a trainer role go; the course stays', async () => {
		const now = fakeClock()();
		const course = await createTestCourse(db, now);
		const leaving = await newMember(db);
		expect(await enrol(db, leaving, course.id, now)).toMatchObject({ ok: true });
		await nameTrainer(db, course.coordinator, course.id, { pseudonym: leaving.pseudonym }, now);
		await db.deleteFrom('account').where('id', '=', course.coordinator.id).execute();
		await db.deleteFrom('account').where('id', '=', leaving.id).execute();
		const left = await db
			.selectFrom('course')
			.select('created_by')
			.where('id', '=', course.id)
			.executeTakeFirstOrThrow();
		expect(left).toEqual({ created_by: null });
		for (const table of ['course_enrolment', 'course_trainer'] as const) {
			const rows = await db
				.selectFrom(table)
				.select('account_id')
				.where('course_id', '=', course.id)
				.execute();
			expect(rows).toEqual([]);
		}
	});

	it('still let a whole group go, with everything in it', async () => {
		const clock = fakeClock();
		const group = await createTestGroup(db);
		const [author, voter] = [
			await createGroupMember(db, group.id),
			await createGroupMember(db, group.id)
		];
		const sent = await sendMessage(
			db,
			author,
			{ groupId: group.id, clientId: crypto.randomUUID(), body: 'hello' },
			clock
		);
		if (!sent.ok) throw new Error(sent.error);
		await flagMessage(
			db,
			voter,
			group.id,
			{ messageId: sent.message.id, reason: 'other' },
			new Date()
		);
		const topic = await proposeTopic(
			db,
			author,
			group.id,
			{ formKey: newFormKey(clock()), title: 'Markets' },
			clock()
		);
		if (!topic.ok) throw new Error(topic.error);
		await voteTopic(db, voter, group.id, topic.id, true);
		const poll = await createPoll(
			db,
			group.coordinator,
			group.id,
			{ formKey: newFormKey(clock()), question: 'Sunday?', options: ['Yes', 'No'] },
			clock()
		);
		if (!poll.ok) throw new Error('no poll');
		const [option] = (await listPolls(db, group.coordinator, group.id))[0].options;
		await votePoll(db, voter, group.id, { pollId: poll.id, optionId: option.id });

		await db.deleteFrom('peer_group').where('id', '=', group.id).execute();
		const left = await db
			.selectFrom('group_member')
			.select('id')
			.where('group_id', '=', group.id)
			.execute();
		expect(left).toEqual([]);
	});
});
