import type { Currency } from '$lib/money';
import { m } from '$lib/paraglide/messages';
import { getLocale } from '$lib/paraglide/runtime';
import {
	formatCalendarDate,
	formatDateTime,
	formatMoney,
	formatNumber
} from '$lib/server/i18n/format';
import type { SavingsEntryKind } from '$lib/server/db/schema';
import type { MeetingEntry, MeetingRecord } from '$lib/server/savings/meeting-record';
import { plainAmount } from '$lib/server/savings/meeting-sheet-form';

/*
 * A recorded meeting as its page shows it, in the reader's language, made on the server: the
 * summary read aloud, each line with its corrections beside it, the loans, grants and counts.
 */

const attendanceLabel = (status: string | null) => {
	switch (status) {
		case 'present':
			return m.savings_meeting_attendance_present();
		case 'late':
			return m.savings_meeting_attendance_late();
		case 'absent':
			return m.savings_meeting_attendance_absent();
		case 'represented':
			return m.savings_meeting_attendance_represented();
		default:
			return null;
	}
};

export function kindLabel(kind: SavingsEntryKind): string {
	switch (kind) {
		case 'shares':
			return m.savings_meeting_kind_shares();
		case 'social_fund':
			return m.savings_meeting_kind_social_fund();
		case 'fine_late':
			return m.savings_meeting_kind_fine_late();
		case 'fine_absent':
			return m.savings_meeting_kind_fine_absent();
		case 'fine_other':
			return m.savings_meeting_kind_fine_other();
		case 'repayment':
			return m.savings_meeting_kind_repayment();
		case 'loan_out':
			return m.savings_meeting_kind_loan_out();
		case 'charge':
			return m.savings_meeting_kind_charge();
		case 'penalty':
			return m.savings_meeting_kind_penalty();
		case 'grant':
			return m.savings_meeting_kind_grant();
		case 'income':
			return m.savings_meeting_kind_income();
		case 'cost':
			return m.savings_meeting_kind_cost();
		case 'transfer':
			return m.savings_meeting_kind_transfer();
		case 'count_difference':
			return m.savings_meeting_kind_count_difference();
		case 'opening_cash':
			return m.savings_meeting_kind_opening_cash();
		case 'opening_shares':
			return m.savings_meeting_kind_opening_shares();
		case 'opening_loan':
			return m.savings_meeting_kind_opening_loan();
		case 'write_off':
			return m.savings_meeting_kind_write_off();
		case 'leaver_payout':
			return m.savings_meeting_kind_leaver_payout();
		case 'payout':
			return m.savings_meeting_kind_payout();
		case 'carried_over':
			return m.savings_meeting_kind_carried_over();
	}
}

const tillLabel = (fund: string, place: string | null) =>
	`${fund === 'loan' ? m.savings_meeting_fund_loan() : m.savings_meeting_fund_social()}, ${
		place === 'bank' ? m.savings_meeting_place_bank() : m.savings_meeting_place_box()
	}`;

const abs = (amount: bigint) => (amount < 0n ? -amount : amount);

export function meetingView(record: MeetingRecord, options: { correcting: string | null }) {
	const currency: Currency = record.currency;
	const money = (amount: bigint) => formatMoney({ amount, currency });
	const entry = (e: MeetingEntry) => {
		const signed = e.kind === 'transfer' || e.kind === 'count_difference';
		const amount = signed ? e.cash : e.cash !== 0n ? abs(e.cash) : abs(e.owed);
		const figure =
			e.kind === 'shares' || e.kind === 'opening_shares'
				? `${formatNumber(e.shares)} · ${money(e.savings)}`
				: signed && amount > 0n
					? `+${money(amount)}`
					: money(amount);
		const where =
			e.kind === 'transfer' || e.kind === 'count_difference' || e.kind === 'opening_cash'
				? ` (${tillLabel(e.fund, e.place)})`
				: '';
		return {
			id: e.id,
			label: `${kindLabel(e.kind)}${where}`,
			figure,
			note: e.kind === 'grant' || e.kind === 'income' || e.kind === 'cost' ? e.note : null,
			reversed: e.reversed
				? m.savings_correct_reversed({
						name: e.reversed.by ?? m.savings_meeting_former_member(),
						date: formatDateTime(e.reversed.at),
						reason: e.reversed.reason ?? '…'
					})
				: null,
			replaces: e.replaces !== null,
			correct: e.correct,
			// The correction form, open under this line.
			correcting:
				options.correcting === e.id && e.correct
					? {
							mode: e.correct,
							value:
								e.correct === 'shares'
									? String(e.shares)
									: e.correct === 'amount'
										? plainAmount(abs(e.cash), currency, getLocale())
										: ''
						}
					: null
		};
	};
	const name = (value: string | null) => value ?? m.savings_meeting_former_member();
	const difference = record.summary.difference;

	return {
		heading:
			record.kind === 'opening'
				? m.savings_meeting_opening_heading({ date: formatCalendarDate(record.heldOn) })
				: m.savings_meeting_heading({ date: formatCalendarDate(record.heldOn) }),
		opening: record.kind === 'opening',
		note: record.note,
		recorded: m.savings_meeting_recorded_by({
			name: name(record.recordedBy),
			date: formatDateTime(record.recordedAt)
		}),
		closedBooks: !record.allBooks,
		summary: {
			loanBox: money(record.summary.cash['loan:box']),
			socialBox: money(record.summary.cash['social:box']),
			bank:
				record.summary.cash['loan:bank'] !== 0n || record.summary.cash['social:bank'] !== 0n
					? m.savings_meeting_at_bank({
							loan: money(record.summary.cash['loan:bank']),
							social: money(record.summary.cash['social:bank'])
						})
					: null,
			lent: money(record.summary.lent),
			loans: formatNumber(record.summary.loans),
			owed: money(record.summary.owed),
			difference:
				difference === 0n
					? record.counts.length > 0
						? m.savings_meeting_box_agreed()
						: null
					: difference < 0n
						? m.savings_meeting_difference_less({ amount: money(-difference) })
						: m.savings_meeting_difference_more({ amount: money(difference) }),
			differs: difference !== 0n,
			came:
				record.kind === 'meeting'
					? m.savings_meeting_list_attended({
							attended: formatNumber(record.summary.attended),
							total: formatNumber(record.summary.onSheet)
						})
					: null
		},
		members: record.members.map((line) => ({
			id: line.id,
			name: `${formatNumber(line.bookNumber)} · ${name(line.name)}`,
			attendance: attendanceLabel(line.attendance),
			entries: line.entries.map(entry)
		})),
		loans: record.loans.map((loan) => ({
			id: loan.id,
			name: name(loan.name),
			amount: money(loan.principal),
			terms: m.savings_meeting_loan_terms({
				months: formatNumber(loan.termMonths),
				date: formatCalendarDate(loan.dueOn)
			}),
			purpose: loan.purpose,
			broughtIn: loan.broughtIn,
			guarantors:
				loan.guarantors.length > 0
					? m.savings_meeting_loan_guarantors({ names: loan.guarantors.map(name).join(', ') })
					: null
		})),
		grants: record.grants.map((grant) => ({
			...entry(grant),
			who:
				grant.memberId === null
					? m.savings_meeting_hidden_member()
					: name(record.members.find((line) => line.id === grant.memberId)?.name ?? null)
		})),
		group: record.group.map(entry),
		counts: record.counts.map((count) => {
			const diff = count.amount - count.expected;
			return {
				label: `${count.moment === 'start' ? m.savings_meeting_moment_start() : m.savings_meeting_moment_end()}: ${tillLabel(count.fund, count.place)}`,
				expected: money(count.expected),
				counted: money(count.amount),
				difference: diff === 0n ? '—' : diff > 0n ? `+${money(diff)}` : money(diff),
				differs: diff !== 0n
			};
		})
	};
}

export type MeetingView = ReturnType<typeof meetingView>;
export type MeetingEntryView = MeetingView['group'][number];
