import { m } from '$lib/paraglide/messages';
import { getLocale } from '$lib/paraglide/runtime';
import { sheetProblemMessage } from '$lib/i18n/savings-sheet-problem';
import { moneyLook } from '$lib/savings/meeting-live-totals';
import { formatCalendarDate, formatMoney, formatNumber } from '$lib/server/i18n/format';
import type { Till } from '$lib/server/savings/books';
import {
	MIN_SLOTS,
	ROW_FIELDS,
	countField,
	plainAmount,
	rowField,
	type FieldIssue,
	type SheetSlots
} from '$lib/server/savings/meeting-sheet-form';
import type { MeetingSheetStart, MeetingTotals } from '$lib/server/savings/meeting-sheet';

/*
 * The meeting sheet as the page shows it, in the reader's language, made on the server: the
 * members' rows, the rules in words, the defaults, problems beside their fields, and the totals of
 * the check step. Browsers lack Burmese, Khmer and Lao number data, so every figure is a string.
 */

export type OpenCycleStart = MeetingSheetStart & { cycle: NonNullable<MeetingSheetStart['cycle']> };

export function memberName(name: string | null): string {
	return name ?? m.savings_meeting_former_member();
}

export function tillLabel(till: Till): string {
	switch (till) {
		case 'loan:box':
			return m.savings_meeting_till_loan_box();
		case 'social:box':
			return m.savings_meeting_till_social_box();
		case 'loan:bank':
			return m.savings_meeting_till_loan_bank();
		case 'social:bank':
			return m.savings_meeting_till_social_bank();
	}
}

const ROW_LABELS = {
	attendance: () => m.savings_meeting_attendance(),
	shares: () => m.savings_meeting_shares(),
	socialFund: () => m.savings_meeting_social(),
	fineOther: () => m.savings_meeting_fine_other(),
	repaid: () => m.savings_meeting_repaid()
} as const;

/** The page's fixed parts: the members, the rules in words, and what the browser sums with. */
export function sheetView(start: OpenCycleStart, groupId: string) {
	const { rules } = start.cycle;
	const currency = rules.currency;
	const locale = getLocale();
	const money = (amount: bigint) => formatMoney({ amount, currency });
	const members = start.members.map((member) => ({
		id: member.id,
		name: memberName(member.name),
		number: formatNumber(member.bookNumber),
		owes: member.owed > 0n ? m.savings_meeting_owes({ amount: money(member.owed) }) : null
	}));
	const rate = `${formatNumber(rules.rateBp / 100)}%`;
	return {
		groupId,
		currency,
		lastMeeting: start.lastMeetingOn ? formatCalendarDate(start.lastMeetingOn) : null,
		started: start.started,
		members,
		guarantors: rules.guarantors,
		rulesText: [
			m.savings_meeting_rules_shares({
				price: money(rules.sharePrice),
				min: formatNumber(rules.minShares),
				most: formatNumber(rules.maxShares)
			}),
			rules.socialFundPerMeeting > 0n
				? m.savings_meeting_rules_social({ amount: money(rules.socialFundPerMeeting) })
				: null,
			rules.fineLate > 0n || rules.fineAbsent > 0n
				? m.savings_meeting_rules_fines({
						late: money(rules.fineLate),
						absent: money(rules.fineAbsent)
					})
				: null
		].filter((line) => line !== null),
		loansHint: [
			m.savings_meeting_loans_hint({ multiple: formatNumber(rules.loanMultiple) }),
			m.savings_meeting_loans_charge({
				rate,
				method:
					rules.chargeMethod === 'flat'
						? m.savings_meeting_charge_flat()
						: m.savings_meeting_charge_declining()
			}),
			rules.guarantors > 0
				? m.savings_meeting_loans_guarantors({ needed: formatNumber(rules.guarantors) })
				: null
		].filter((line) => line !== null),
		tills: (['loan:box', 'social:box', 'loan:bank', 'social:bank'] as const).map((till) => {
			const [fund, place] = till.split(':') as ['loan' | 'social', 'box' | 'bank'];
			return {
				till,
				label: tillLabel(till),
				start: countField('start', fund, place),
				end: countField('end', fund, place),
				before: m.savings_meeting_books_say({ amount: money(start.cash[till]) })
			};
		}),
		labels: sheetLabels(start),
		live: {
			currency,
			locale,
			memberIds: start.members.map((member) => member.id),
			sharePrice: String(rules.sharePrice),
			fineLate: String(rules.fineLate),
			fineAbsent: String(rules.fineAbsent),
			before: Object.fromEntries(
				Object.entries(start.cash).map(([till, amount]) => [till, String(amount)])
			) as Record<Till, string>,
			look: moneyLook(currency, locale)
		}
	};
}

/** The sheet's words in the reader's language, for the sheet and its script to draw with. */
function sheetLabels(start: OpenCycleStart) {
	return {
		present: m.savings_meeting_attendance_present(),
		late: m.savings_meeting_attendance_late(),
		absent: m.savings_meeting_attendance_absent(),
		represented: m.savings_meeting_attendance_represented(),
		fundLoan: m.savings_meeting_fund_loan(),
		fundSocial: m.savings_meeting_fund_social(),
		placeBank: m.savings_meeting_place_bank(),
		placeBox: m.savings_meeting_place_box(),
		income: m.savings_meeting_other_income(),
		cost: m.savings_meeting_other_cost(),
		check: m.savings_meeting_check(),
		record: m.savings_meeting_record(),
		restored: m.savings_meeting_restored(),
		notSent: m.savings_meeting_not_sent(),
		problemsHeading: m.savings_meeting_problems_heading(),
		date: m.savings_meeting_date(),
		lastMeeting: start.lastMeetingOn
			? m.savings_meeting_last_meeting({ date: formatCalendarDate(start.lastMeetingOn) })
			: '',
		membersHeading: m.savings_meeting_members_heading(),
		attendance: m.savings_meeting_attendance(),
		shares: m.savings_meeting_shares(),
		social: m.savings_meeting_social(),
		fineOther: m.savings_meeting_fine_other(),
		repaid: m.savings_meeting_repaid(),
		loansHeading: m.savings_meeting_loans_heading(),
		loanLine: m.savings_meeting_loan_line({ number: '{number}' }),
		loanMember: m.savings_meeting_loan_member(),
		choose: m.savings_meeting_choose(),
		amount: m.savings_meeting_amount(),
		loanTerm: m.savings_meeting_loan_term(),
		loanPurpose: m.savings_meeting_loan_purpose(),
		guarantor: m.savings_meeting_loan_guarantor({ number: '{number}' }),
		addLoan: m.savings_meeting_add_loan(),
		grantsHeading: m.savings_meeting_grants_heading(),
		grantsHint: m.savings_meeting_grants_hint(),
		grantLine: m.savings_meeting_grant_line({ number: '{number}' }),
		grantMember: m.savings_meeting_grant_member(),
		grantReason: m.savings_meeting_grant_reason(),
		addLine: m.savings_meeting_add_line(),
		otherHeading: m.savings_meeting_other_heading(),
		otherHint: m.savings_meeting_other_hint(),
		otherLine: m.savings_meeting_other_line({ number: '{number}' }),
		direction: m.savings_meeting_other_direction(),
		otherNote: m.savings_meeting_other_note(),
		transfersHeading: m.savings_meeting_transfers_heading(),
		transferLine: m.savings_meeting_transfer_line({ number: '{number}' }),
		fund: m.savings_meeting_transfer_fund(),
		movedTo: m.savings_meeting_transfer_to(),
		countsHeading: m.savings_meeting_counts_heading(),
		countsHint: m.savings_meeting_counts_hint(),
		countsEnd: m.savings_meeting_counts_end(),
		countsStart: m.savings_meeting_counts_start(),
		expected: m.savings_meeting_expected({ amount: '{amount}' }),
		differs: m.savings_meeting_differs({ amount: '{amount}' }),
		note: m.savings_meeting_note(),
		liveLoanBox: m.savings_meeting_live_loan_box(),
		liveSocialBox: m.savings_meeting_live_social_box(),
		liveIn: m.savings_meeting_live_in(),
		liveOut: m.savings_meeting_live_out(),
		liveUnread: m.savings_meeting_live_unread(),
		checkedHeading: m.savings_meeting_checked_heading(),
		checkedIntro: m.savings_meeting_checked_intro(),
		sharesBought: m.savings_meeting_total_shares(),
		charged: m.savings_meeting_total_charged(),
		tillsCaption: m.savings_meeting_tills_caption(),
		where: m.savings_meeting_column_where(),
		expectedColumn: m.savings_meeting_column_expected(),
		countedColumn: m.savings_meeting_column_counted()
	};
}

/** What the sheet opens with: everyone present, the rules' shares and contribution. */
export function defaultValues(start: OpenCycleStart, today: string): Record<string, string> {
	const { rules } = start.cycle;
	const locale = getLocale();
	const values: Record<string, string> = { heldOn: today, note: '' };
	for (const member of start.members) {
		values[rowField(member.id, 'attendance')] = 'present';
		values[rowField(member.id, 'shares')] = String(rules.minShares);
		values[rowField(member.id, 'socialFund')] =
			rules.socialFundPerMeeting > 0n
				? plainAmount(rules.socialFundPerMeeting, rules.currency, locale)
				: '';
		values[rowField(member.id, 'fineOther')] = '';
		values[rowField(member.id, 'repaid')] = '';
	}
	for (let slot = 0; slot < MIN_SLOTS.loans; slot++)
		values[`loans.${slot}.termMonths`] = String(rules.maxTermMonths);
	return values;
}

/** A new loan line's default term. */
export function withNewSlot(
	values: Record<string, string>,
	slots: SheetSlots,
	kind: keyof SheetSlots,
	maxTermMonths: number
): SheetSlots {
	const next = { ...slots, [kind]: Math.min(slots[kind] + 1, 30) };
	if (kind === 'loans') values[`loans.${slots.loans}.termMonths`] ??= String(maxTermMonths);
	return next;
}

/** A field's name as the problem list says it: "Bopha: Shares", "Loan 2: Amount". */
function fieldLabel(field: string, start: OpenCycleStart): string {
	const parts = field.split('.');
	if (parts[0] === 'rows') {
		const member = start.members.find((x) => x.id === parts[1]);
		const label = ROW_LABELS[parts[2] as (typeof ROW_FIELDS)[number]]?.() ?? '';
		return `${memberName(member?.name ?? null)}: ${label}`;
	}
	const line = (index: string) => formatNumber(Number(index) + 1);
	switch (parts[0]) {
		case 'heldOn':
			return m.savings_meeting_date();
		case 'note':
			return m.savings_meeting_note();
		case 'loans':
			return m.savings_meeting_loan_line({ number: line(parts[1]) });
		case 'grants':
			return m.savings_meeting_grant_line({ number: line(parts[1]) });
		case 'other':
			return m.savings_meeting_other_line({ number: line(parts[1]) });
		case 'transfers':
			return m.savings_meeting_transfer_line({ number: line(parts[1]) });
		case 'counts': {
			if (parts.length < 4) return m.savings_meeting_counts_heading();
			const till = `${parts[2]}:${parts[3]}` as Till;
			return `${parts[1] === 'start' ? m.savings_meeting_counts_start() : m.savings_meeting_counts_end()}: ${tillLabel(till)}`;
		}
		default:
			return '';
	}
}

/** Problems as sentences: by field, and as a list that links to each field. */
export function problemMessages(errors: Record<string, FieldIssue>, start: OpenCycleStart) {
	const { rules } = start.cycle;
	const byField: Record<string, string> = {};
	const list: Array<{ field: string; label: string; message: string }> = [];
	for (const [field, issue] of Object.entries(errors)) {
		const message = sheetProblemMessage(issue.problem, field, {
			form: 'meeting',
			currency: rules.currency,
			minShares: formatNumber(rules.minShares),
			maxShares: formatNumber(rules.maxShares),
			maxTermMonths: formatNumber(rules.maxTermMonths),
			guarantors: formatNumber(rules.guarantors),
			limit:
				issue.limit === undefined
					? undefined
					: formatMoney({ amount: issue.limit, currency: rules.currency })
		});
		byField[field] = message;
		list.push({ field, label: fieldLabel(field, start), message });
	}
	return { byField, list };
}

/** The check step's totals, in words and figures. */
export function checkedView(totals: MeetingTotals, start: OpenCycleStart) {
	const currency = start.cycle.rules.currency;
	const money = (amount: bigint) => formatMoney({ amount, currency });
	const lines = (items: Array<[string, bigint]>) =>
		items
			.filter(([, amount]) => amount !== 0n)
			.map(([label, amount]) => ({ label, amount: money(amount) }));
	return {
		sharesBought: formatNumber(totals.sharesBought),
		moneyIn: lines([
			[m.savings_meeting_total_shares_value(), totals.moneyIn.shares],
			[m.savings_meeting_social(), totals.moneyIn.socialFund],
			[m.savings_meeting_total_fines(), totals.moneyIn.fines],
			[m.savings_meeting_total_repaid(), totals.moneyIn.repaid],
			[m.savings_meeting_total_income(), totals.moneyIn.income]
		]),
		moneyOut: lines([
			[m.savings_meeting_total_lent(), totals.moneyOut.lent],
			[m.savings_meeting_grants_heading(), totals.moneyOut.grants],
			[m.savings_meeting_total_costs(), totals.moneyOut.costs]
		]),
		loans:
			totals.loans > 0
				? m.savings_meeting_loans_count({ count: formatNumber(totals.loans) })
				: null,
		charged: totals.charged > 0n ? money(totals.charged) : null,
		tills: totals.tills.map((till) => {
			const difference = till.counted === null ? 0n : till.counted - till.expected;
			return {
				label: tillLabel(till.till),
				expected: money(till.expected),
				counted: till.counted === null ? m.savings_meeting_not_counted() : money(till.counted),
				difference:
					difference === 0n
						? null
						: difference < 0n
							? m.savings_meeting_difference_less({ amount: money(-difference) })
							: m.savings_meeting_difference_more({ amount: money(difference) })
			};
		})
	};
}

export type SheetView = ReturnType<typeof sheetView>;
export type CheckedView = ReturnType<typeof checkedView>;
