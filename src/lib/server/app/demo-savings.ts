import type { Kysely } from 'kysely';
import type { AccountActor } from '../access/actor';
import type { DB } from '../db/schema';
import { newFormKey } from '../forms/form-key';
import { recordMeeting } from '../savings/meeting';
import type { MeetingSheet, SheetRow } from '../savings/meeting-plan';
import { defaultRules } from '../savings/savings-rules';
import { createSavingsGroup } from '../savings/setup';

/** The demo's savings group: its name says it is an example. */
export const DEMO_SAVINGS_NAME = 'Demo savings group (example)';

/** Shares of 50 baht, and 10 baht a meeting for the social fund. */
const SHARE = 5_000n;
const SOCIAL = 1_000n;

/** The day `days` after `date` ('YYYY-MM-DD'). */
function addDays(date: string, days: number): string {
	return new Date(Date.parse(`${date}T00:00:00Z`) + days * 86_400_000).toISOString().slice(0, 10);
}

/**
 * A savings group for `npm run demo`, made through the same services as a real one: set up by the
 * coordinator with `secretary` keeping the books and `member` as a member with an account, and
 * 3 members without one; 4 weekly meetings up to `today`, a loan to `member` at the second and
 * repayments at the third and fourth, every cash count as the books expect.
 */
export async function seedDemoSavings(
	db: Kysely<DB>,
	actors: { coordinator: AccountActor; secretary: AccountActor; member: AccountActor },
	today: string,
	now: () => Date
): Promise<string> {
	const startsOn = addDays(today, -21);
	const created = await createSavingsGroup(
		db,
		actors.coordinator,
		{
			name: DEMO_SAVINGS_NAME,
			meets: 'weekly',
			openBooks: true,
			practice: false,
			circleId: null,
			startsOn,
			rules: { ...defaultRules('THB', SHARE), socialFundPerMeeting: SOCIAL },
			members: [
				{
					name: actors.secretary.pseudonym,
					officer: 'secretary',
					pseudonym: actors.secretary.pseudonym
				},
				{ name: actors.member.pseudonym, officer: null, pseudonym: actors.member.pseudonym },
				{ name: 'Chanthy', officer: 'chair' },
				{ name: 'Bounmy', officer: 'treasurer' },
				{ name: 'Thida', officer: null }
			],
			formKey: newFormKey(now())
		},
		now()
	);
	if (!created.ok) throw new Error(`demo savings group: ${JSON.stringify(created)}`);
	const members = await db
		.selectFrom('savings_member')
		.select('id')
		.where('group_id', '=', created.id)
		.orderBy('book_number')
		.execute();
	const ids = members.map((row) => row.id);
	const borrower = ids[1];

	// Everyone buys 2 shares and pays the social fund each week: 50,000 satang of shares a meeting.
	const meeting = (
		heldOn: string,
		loanBox: bigint,
		socialBox: bigint,
		changes: Partial<Omit<MeetingSheet, 'rows'>> & { rows?: Record<string, Partial<SheetRow>> } = {}
	): MeetingSheet => {
		const { rows = {}, ...rest } = changes;
		return {
			heldOn,
			rows: ids.map((memberId) => ({
				memberId,
				attendance: 'present',
				shares: 2,
				socialFund: SOCIAL,
				fineOther: 0n,
				repaid: 0n,
				...rows[memberId]
			})),
			loans: [],
			grants: [],
			other: [],
			transfers: [],
			counts: [
				{ moment: 'end', fund: 'loan', place: 'box', amount: loanBox },
				{ moment: 'end', fund: 'social', place: 'box', amount: socialBox }
			],
			note: '',
			...rest
		};
	};
	const weekly = 10n * SHARE;
	const loan = 60_000n;
	const sheets = [
		meeting(startsOn, weekly, 5n * SOCIAL),
		// A loan of 600 baht for 2 months: the flat charge (5% a month) is added to what is owed.
		meeting(addDays(startsOn, 7), 2n * weekly - loan, 10n * SOCIAL, {
			loans: [
				{
					memberId: borrower,
					principal: loan,
					termMonths: 2,
					purpose: 'Rice stall',
					guarantorIds: []
				}
			]
		}),
		meeting(addDays(startsOn, 14), 3n * weekly - loan + 33_000n, 15n * SOCIAL, {
			rows: { [borrower]: { repaid: 33_000n }, [ids[4]]: { attendance: 'late' } }
		}),
		meeting(addDays(startsOn, 21), 4n * weekly - loan + 53_000n, 20n * SOCIAL, {
			rows: { [borrower]: { repaid: 20_000n } }
		})
	];
	for (const sheet of sheets) {
		const recorded = await recordMeeting(db, actors.secretary, created.id, sheet, {
			formKey: newFormKey(now()),
			now: now(),
			today
		});
		if (!recorded.ok) throw new Error(`demo meeting ${sheet.heldOn}: ${JSON.stringify(recorded)}`);
	}
	return created.id;
}
