import type { Currency } from '$lib/money';
import { m } from '$lib/paraglide/messages';
import { officerLabel } from '$lib/schemas/savings-members';
import { requireSignedIn } from '$lib/server/access/require';
import { systemClock } from '$lib/server/clock';
import { config } from '$lib/server/config';
import { getDb } from '$lib/server/db';
import { formatCalendarDate, formatMoney, formatNumber } from '$lib/server/i18n/format';
import type { Attendance } from '$lib/server/db/schema';
import { markSavingsNoticesRead } from '$lib/server/savings/notices';
import {
	readPassbook,
	type Passbook,
	type PassbookLine,
	type PassbookLoan
} from '$lib/server/savings/passbook';
import { todayIn } from '$lib/server/savings/today';
import type { PageServerLoad } from './$types';

// A book to read, and a Print button that the head's script serves: the page comes from the
// server, with no framework to fetch on a slow phone.
export const csr = false;

const ATTENDANCE: Record<Attendance, () => string> = {
	present: m.savings_book_present,
	late: m.savings_book_late,
	absent: m.savings_book_absent,
	represented: m.savings_book_represented
};

/** Shares in words, for the marks' text equivalent and beside figures. */
const sharesInWords = (count: number) =>
	m.savings_book_shares_count({ count: formatNumber(count) });

export const load: PageServerLoad = async ({ locals, params, url, parent }) => {
	requireSignedIn(locals.actor, url);
	const db = getDb();
	const now = systemClock();
	const book = await readPassbook(
		db,
		locals.actor,
		params.id,
		params.memberId,
		todayIn(config().TIME_ZONE, now)
	);
	const { savings } = await parent();
	const own = book.member.id === savings.me?.memberId;
	// They have looked at their own book: the notices that sent them here are read.
	if (own) await markSavingsNoticesRead(db, locals.actor, params.id, now);

	const currency = book.currency;
	const money = (amount: bigint) =>
		currency ? formatMoney({ amount, currency: currency as Currency }) : formatNumber(amount);
	const name = book.member.name ?? m.savings_members_former_member();
	const shares = Math.max(book.totals.shares, 0);

	return {
		labels: {
			title: m.savings_book_title(),
			print: m.savings_book_print(),
			summaryHeading: m.savings_book_summary_heading(),
			marksHeading: m.savings_book_marks_heading(),
			loansHeading: m.savings_book_loans_heading(),
			noLoans: m.savings_book_no_loans(),
			linesHeading: m.savings_book_lines_heading(),
			noLines: m.savings_book_no_lines(),
			noCycle: m.savings_book_no_cycle(),
			overdue: m.savings_book_overdue(),
			paidBack: m.savings_book_paid_back(),
			corrected: m.savings_book_corrected(),
			allMembers: m.savings_book_all_members()
		},
		own,
		heading: own ? m.savings_book_heading_own() : m.savings_book_heading_other({ name }),
		facts: [
			m.savings_book_number({ number: formatNumber(book.member.bookNumber) }),
			...(book.member.officer ? [officerLabel(book.member.officer)] : []),
			m.savings_book_joined({ date: formatCalendarDate(book.member.joinedOn) }),
			...(book.member.leftOn
				? [m.savings_members_left_on({ date: formatCalendarDate(book.member.leftOn) })]
				: [])
		],
		cycle: currency !== null,
		summary: currency
			? [
					{ label: m.savings_members_shares(), value: formatNumber(book.totals.shares) },
					{ label: m.savings_members_savings(), value: money(book.totals.savings) },
					{ label: m.savings_book_social_fund(), value: money(book.totals.socialFund) },
					{ label: m.savings_book_fines(), value: money(book.totals.fines) },
					{ label: m.savings_book_owes_now(), value: money(book.totals.owed) }
				]
			: [],
		sharePrice:
			book.sharePrice !== null
				? m.savings_book_share_price({
						price: money(book.sharePrice),
						count: formatNumber(book.totals.shares),
						savings: money(book.totals.savings)
					})
				: null,
		marks: { count: shares, label: sharesInWords(shares) },
		projected:
			book.projected === null
				? m.savings_book_projected_none()
				: own
					? m.savings_book_projected_own({ amount: money(book.projected) })
					: m.savings_book_projected_other({ name, amount: money(book.projected) }),
		projectedHow: m.savings_book_projected_how(),
		loans: book.loans.map((loan) => loanCard(loan, money)),
		lines: book.lines.map((line) => lineCard(line, money, book.openingFrom))
	};
};

function loanCard(loan: PassbookLoan, money: (amount: bigint) => string) {
	return {
		id: loan.id,
		heading: m.savings_book_loan_heading({
			amount: money(loan.principal),
			date: formatCalendarDate(loan.issuedOn)
		}),
		facts: [
			{ label: m.savings_book_loan_due(), value: formatCalendarDate(loan.dueOn) },
			{ label: m.savings_book_loan_charged(), value: money(loan.charged) },
			{ label: m.savings_book_loan_owed(), value: money(loan.owed) }
		],
		overdue: loan.overdue,
		paidBack: loan.owed <= 0n,
		broughtIn: loan.broughtIn ? m.savings_book_loan_brought_in() : null,
		guarantors: loan.guarantors.length
			? m.savings_book_loan_guarantors({
					names: loan.guarantors.map((g) => g ?? m.savings_members_former_member()).join(', ')
				})
			: null
	};
}

function lineCard(
	line: PassbookLine,
	money: (amount: bigint) => string,
	openingFrom: Passbook['openingFrom']
) {
	const items: { label: string; value: string }[] = [];
	const add = (amount: bigint, label: string) => {
		if (amount !== 0n) items.push({ label, value: money(amount) });
	};
	add(line.savingsAdded, m.savings_book_line_saved());
	add(line.socialFund, m.savings_book_social_fund());
	add(line.fines, m.savings_book_fines());
	add(line.repaid, m.savings_book_line_repaid());
	add(line.charged, m.savings_book_line_charged());
	add(
		line.borrowed,
		line.kind === 'opening' ? m.savings_book_line_owed_brought() : m.savings_book_line_borrowed()
	);
	add(line.paidOut, m.savings_book_line_paid_out());
	const shares = Math.max(line.sharesBought, 0);
	return {
		heldOn: line.heldOn,
		date: formatCalendarDate(line.heldOn),
		kind:
			line.kind !== 'opening'
				? null
				: openingFrom === 'last_cycle'
					? m.next_cycle_reinvest_book_line()
					: m.savings_book_line_opening(),
		attendance: line.attendance ? ATTENDANCE[line.attendance]() : null,
		shares:
			line.sharesBought !== 0
				? m.savings_book_line_shares({ count: formatNumber(line.sharesBought) })
				: null,
		marks: { count: shares, label: sharesInWords(shares) },
		items,
		corrected: line.corrected
	};
}
