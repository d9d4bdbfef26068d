import type { Kysely } from 'kysely';
import type { AccountActor } from '../../src/lib/server/access/actor';
import type { DB } from '../../src/lib/server/db/schema';
import { newFormKey } from '../../src/lib/server/forms/form-key';
import type { CalendarDate } from '../../src/lib/server/savings/calendar-date';
import type { MeetingSheet, SheetRow } from '../../src/lib/server/savings/meeting-plan';
import { defaultRules, type SavingsRules } from '../../src/lib/server/savings/savings-rules';
import { recordMeeting } from '../../src/lib/server/savings/meeting';
import { addSavingsMember, createSavingsGroup } from '../../src/lib/server/savings/setup';
import { createAccount, signedIn, uniquePseudonym } from './factories';

export interface TestSavingsGroup {
	id: string;
	coordinator: AccountActor;
	/** The secretary, who records; book number 1. */
	secretary: AccountActor & { memberId: string };
	/** A member with an account and no office; book number 2. */
	member: AccountActor & { memberId: string };
	/** Every member's id, in book order (the first two are the secretary and the member). */
	memberIds: string[];
}

/**
 * A stand-alone savings group set up by a coordinator: a secretary and a member with accounts,
 * the rest people without one, on the method's default rules in baht (a share is 50 baht) unless
 * told otherwise.
 */
export async function createTestSavingsGroup(
	db: Kysely<DB>,
	options: {
		members?: number;
		rules?: Partial<SavingsRules>;
		startsOn?: CalendarDate;
		practice?: boolean;
	} = {}
): Promise<TestSavingsGroup> {
	const coordinator = await signedIn(db, await createAccount(db, { role: 'coordinator' }));
	const secretaryAccount = await createAccount(db);
	const memberAccount = await createAccount(db);
	const count = options.members ?? 5;
	const now = new Date();
	const created = await createSavingsGroup(
		db,
		coordinator,
		{
			name: uniquePseudonym('savings'),
			meets: 'weekly',
			openBooks: true,
			practice: options.practice ?? false,
			circleId: null,
			startsOn: options.startsOn ?? '2026-01-06',
			rules: { ...defaultRules('THB', 5_000n), ...options.rules },
			members: [
				{
					name: uniquePseudonym('sec'),
					officer: 'secretary',
					pseudonym: secretaryAccount.pseudonym
				},
				{ name: uniquePseudonym('mem'), officer: null, pseudonym: memberAccount.pseudonym },
				...Array.from({ length: count - 2 }, () => ({ name: uniquePseudonym('m'), officer: null }))
			],
			formKey: newFormKey(now)
		},
		now
	);
	if (!created.ok) throw new Error(`test savings group refused: ${JSON.stringify(created)}`);
	const members = await db
		.selectFrom('savings_member')
		.select(['id', 'account_id'])
		.where('group_id', '=', created.id)
		.orderBy('book_number')
		.execute();
	const idOf = (accountId: string) => members.find((m) => m.account_id === accountId)!.id;
	return {
		id: created.id,
		coordinator,
		secretary: { ...(await signedIn(db, secretaryAccount)), memberId: idOf(secretaryAccount.id) },
		member: { ...(await signedIn(db, memberAccount)), memberId: idOf(memberAccount.id) },
		memberIds: members.map((m) => m.id)
	};
}

/**
 * A meeting sheet where everyone came and bought one share, the box counted as expected unless
 * `counts` says otherwise. `rows` overrides some members' lines by id.
 */
export function meetingSheet(
	memberIds: readonly string[],
	heldOn: CalendarDate,
	changes: Partial<Omit<MeetingSheet, 'rows'>> & { rows?: Record<string, Partial<SheetRow>> } = {},
	expected: { loanBox: bigint; socialBox: bigint } | null = null
): MeetingSheet {
	const { rows = {}, ...rest } = changes;
	return {
		heldOn,
		rows: memberIds.map((memberId) => ({
			memberId,
			attendance: 'present',
			shares: 1,
			socialFund: 0n,
			fineOther: 0n,
			repaid: 0n,
			...rows[memberId]
		})),
		loans: [],
		grants: [],
		other: [],
		transfers: [],
		counts: expected
			? [
					{ moment: 'end', fund: 'loan', place: 'box', amount: expected.loanBox },
					{ moment: 'end', fund: 'social', place: 'box', amount: expected.socialBox }
				]
			: [],
		note: '',
		...rest
	};
}

/**
 * A test group with a chair who has no phone (a sixth member, added by the secretary: the
 * share-out needs the chair's approval), and `record`, which records a meeting sheet or fails.
 */
export async function groupWithPhonelessChair(
	db: Kysely<DB>,
	rules: Partial<SavingsRules>
): Promise<{
	group: TestSavingsGroup;
	chairId: string;
	memberIds: string[];
	record: (sheet: MeetingSheet) => Promise<void>;
}> {
	const group = await createTestSavingsGroup(db, { rules });
	const chair = await addSavingsMember(db, group.secretary, group.id, {
		name: 'ChairNoPhone',
		officer: 'chair',
		joinedOn: '2026-01-06'
	});
	if (!chair.ok) throw new Error('chair refused');
	const record = async (sheet: MeetingSheet) => {
		const result = await recordMeeting(db, group.secretary, group.id, sheet, {
			formKey: newFormKey(new Date()),
			now: new Date(),
			today: '2026-12-31'
		});
		if (!result.ok) throw new Error(JSON.stringify(result));
	};
	return { group, chairId: chair.id, memberIds: [...group.memberIds, chair.id], record };
}
