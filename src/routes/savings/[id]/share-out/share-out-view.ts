import type { Currency } from '$lib/money';
import { m } from '$lib/paraglide/messages';
import {
	formatCalendarDate,
	formatDateTime,
	formatMoney,
	formatNumber
} from '$lib/server/i18n/format';
import type { CycleShareOut, ShareOutMemberName } from '$lib/server/savings/cycle-share-out';

/*
 * The share-out as sentences and figures in the reader's language, made on the server (browsers
 * lack Burmese, Khmer and Lao number data, and the page's script need not carry every sentence in
 * six languages). The page and the share-out download both read the payout lines from here.
 */

/** "3 · Mai", or "3 · former member" once their account is deleted. */
export function memberLabel(member: Pick<ShareOutMemberName, 'bookNumber' | 'name'>): string {
	return `${formatNumber(member.bookNumber)} · ${member.name ?? m.savings_share_former_member()}`;
}

export interface PayoutLine {
	id: string;
	member: ShareOutMemberName;
	shares: bigint;
	gross: bigint;
	roundedUp: boolean;
	owed: bigint;
	/** The part of `owed` charged to them as a guarantor of someone else's loan. */
	guarantee: bigint;
	social: bigint;
	/** Handed over: gross less owed, plus the social fund part; below 0, the member pays in. */
	net: bigint;
	/** What they were handed, once paid. */
	paid: bigint | null;
}

/**
 * Each member's line, in book order: everyone who holds shares or owes, and everyone who gets a
 * part of the social fund; only the lines the reader may see.
 */
export function payoutLines(read: CycleShareOut): PayoutLine[] {
	const lines: PayoutLine[] = [];
	for (const member of read.members) {
		const payout = read.shareOut?.payouts.find((p) => p.id === member.id);
		const visible = read.allLines || member.id === read.me;
		const social = visible && read.social?.members.includes(member.id) ? read.social.perMember : 0n;
		if (!payout && social === 0n) continue;
		lines.push({
			id: member.id,
			member,
			shares: payout?.shares ?? 0n,
			gross: payout?.gross ?? 0n,
			roundedUp: payout?.roundedUp ?? false,
			owed: payout?.owed ?? 0n,
			guarantee: payout?.guarantee ?? 0n,
			social,
			net: (payout?.net ?? 0n) + social,
			paid: read.paid.get(member.id) ?? null
		});
	}
	return lines;
}

const OFFICER_LABEL = {
	chair: () => m.savings_share_officer_chair(),
	secretary: () => m.savings_share_officer_secretary()
};

/** The page's figures and sentences. */
export function shareOutView(read: CycleShareOut, options: { mayRecord: boolean; now: Date }) {
	const currency: Currency = read.cycle.currency;
	const money = (amount: bigint) => formatMoney({ amount, currency });
	const nameOf = (id: string) => {
		const member = read.members.find((row) => row.id === id);
		return member ? memberLabel(member) : m.savings_share_an_officer();
	};
	const { state } = read.cycle;
	const shareOut = read.shareOut;
	const lines = payoutLines(read);
	const approvedBy = (officer: 'chair' | 'secretary') =>
		read.approvals.find((approval) => approval.officer === officer);
	const bothApproved = read.approvals.length >= 2;
	const allPaid = lines.length > 0 && lines.every((line) => line.paid !== null);

	const stage =
		state === 'open'
			? m.savings_share_stage_open()
			: state === 'sharing_out'
				? bothApproved
					? m.savings_share_stage_paying()
					: m.savings_share_stage_approving()
				: m.savings_share_stage_closed({
						date: read.cycle.closedAt ? formatDateTime(read.cycle.closedAt) : ''
					});

	const steps = [
		{ label: m.savings_share_step_calculate(), done: state !== 'open' },
		{ label: m.savings_share_step_approve(), done: bothApproved || state === 'closed' },
		{ label: m.savings_share_step_pay(), done: state === 'closed' || (bothApproved && allPaid) },
		{ label: m.savings_share_step_close(), done: state === 'closed' }
	];

	const calculation = shareOut && {
		lines: [
			{ label: m.savings_share_calc_cash(), value: money(shareOut.loanFundCash) },
			{ label: m.savings_share_calc_owed(), value: `+ ${money(shareOut.owed)}` },
			{ label: m.savings_share_calc_fund(), value: `= ${money(shareOut.fund)}`, strong: true },
			{ label: m.savings_share_calc_shares(), value: formatNumber(shareOut.totalShares) },
			{
				label: m.savings_share_calc_value(),
				value: m.savings_share_about({ amount: money(shareOut.fund / shareOut.totalShares) }),
				strong: true
			}
		],
		rounding: m.savings_share_calc_rounding({
			unit: money(shareOut.cashUnit),
			count: formatNumber(read.leftoverUnits)
		}),
		loans: m.savings_share_calc_loans(),
		social: !read.social
			? null
			: read.social.split
				? m.savings_share_calc_social_split({
						total: money(read.social.total),
						each: money(read.social.perMember),
						count: formatNumber(read.social.members.length),
						left: money(
							read.social.total - read.social.perMember * BigInt(read.social.members.length)
						)
					})
				: m.savings_share_calc_social_kept({ total: money(read.social.total) }),
		total: m.savings_share_calc_total({
			total: money(shareOut.distributed),
			fund: money(shareOut.fund)
		}),
		remainder:
			shareOut.remainder > 0n
				? m.savings_share_calc_remainder({
						amount: money(shareOut.remainder),
						unit: money(shareOut.cashUnit)
					})
				: null
	};

	const payouts = lines.map((line) => ({
		id: line.id,
		name: memberLabel(line.member),
		mine: line.id === read.me,
		rows: [
			{ label: m.savings_share_line_shares(), value: formatNumber(line.shares) },
			{
				label: m.savings_share_line_gross(),
				value: line.roundedUp
					? m.savings_share_line_rounded_up({ amount: money(line.gross) })
					: money(line.gross)
			},
			...(line.owed > line.guarantee
				? [{ label: m.savings_share_line_owed(), value: `− ${money(line.owed - line.guarantee)}` }]
				: []),
			...(line.guarantee > 0n
				? [{ label: m.share_out_guarantee_line(), value: `− ${money(line.guarantee)}` }]
				: []),
			...(line.social > 0n
				? [{ label: m.savings_share_line_social(), value: `+ ${money(line.social)}` }]
				: [])
		],
		net:
			line.net >= 0n
				? m.savings_share_line_gets({ amount: money(line.net) })
				: m.savings_share_line_pays_in({ amount: money(-line.net) }),
		paid:
			line.paid === null
				? null
				: line.paid >= 0n
					? m.savings_share_line_paid({ amount: money(line.paid) })
					: m.savings_share_line_paid_in({ amount: money(-line.paid) }),
		mayPay: options.mayRecord && state === 'sharing_out' && bothApproved && line.paid === null
	}));

	const approvals = read.approvers.map((approver) => {
		const approval = approvedBy(approver.officer);
		const officer = OFFICER_LABEL[approver.officer]();
		const holder = approver.memberId ? read.members.find((r) => r.id === approver.memberId) : null;
		return {
			officer: approver.officer,
			heading: officer,
			text: approval
				? approval.recordedBy === approval.memberId
					? m.savings_share_approved({
							name: nameOf(approval.memberId),
							date: formatDateTime(approval.approvedAt)
						})
					: m.savings_share_approved_recorded({
							name: nameOf(approval.memberId),
							date: formatDateTime(approval.approvedAt),
							by: nameOf(approval.recordedBy)
						})
				: approver.memberId
					? m.savings_share_waiting_for({ name: nameOf(approver.memberId) })
					: m.savings_share_no_officer({ officer }),
			done: Boolean(approval),
			button:
				!approval && state === 'sharing_out' && approver.readerMayApprove && holder
					? holder.id === read.me
						? m.savings_share_approve_own({ officer })
						: m.savings_share_approve_for({ name: memberLabel(holder) })
					: null
		};
	});

	const unpaidLoans = read.unpaidLoans.map((loan) => {
		const borrower = read.members.find((row) => row.id === loan.memberId);
		return {
			id: loan.id,
			borrower: borrower ? memberLabel(borrower) : m.savings_share_former_member(),
			owed: m.savings_writeoff_owed({
				amount: money(loan.owed),
				date: formatCalendarDate(loan.dueOn)
			}),
			submit: m.savings_writeoff_submit({ amount: money(loan.owed) })
		};
	});

	// Guaranteed loans the borrower's payout cannot cover, and each guarantor's equal part.
	const guarantees = read.shortfalls.map((row) => {
		const amount = money(row.shortfall);
		return {
			id: row.loanId,
			text: m.share_out_guarantee_shortfall({ name: nameOf(row.borrowerId), amount }),
			parts: row.parts.map((part) =>
				m.share_out_guarantee_part({ name: nameOf(part.memberId), amount: money(part.amount) })
			),
			charged: row.charged,
			status: row.charged
				? m.share_out_guarantee_charged()
				: m.share_out_guarantee_not_charged({ name: nameOf(row.borrowerId) }),
			submit: m.share_out_guarantee_submit({ amount })
		};
	});

	return {
		cycleNumber: read.cycle.number,
		state,
		heading: m.savings_share_heading({ cycle: formatNumber(read.cycle.number) }),
		stage,
		steps,
		problem:
			read.problem === 'no_meetings'
				? m.savings_share_problem_no_meetings()
				: read.problem === 'no_shares'
					? m.savings_share_problem_no_shares()
					: null,
		calculation,
		payoutsNote: read.allLines ? null : m.savings_share_own_line_only(),
		payouts,
		approvals,
		showApprovals: state !== 'open' && !read.problem,
		unpaidLoans,
		guarantees,
		writeOffMeeting: read.latestMeeting && {
			id: read.latestMeeting.id,
			agreed: m.savings_writeoff_agreed({ date: formatCalendarDate(read.latestMeeting.heldOn) })
		},
		may: {
			start: options.mayRecord && state === 'open' && !read.problem,
			reopen: options.mayRecord && state === 'sharing_out' && read.approvals.length === 0,
			close: options.mayRecord && state === 'sharing_out' && bothApproved && allPaid,
			next: options.mayRecord && state === 'closed',
			guarantee: options.mayRecord && state === 'sharing_out' && read.approvals.length === 0,
			writeOff:
				options.mayRecord && state === 'open' && unpaidLoans.length > 0 && !!read.latestMeeting
		},
		carried: read.carried && {
			text: m.savings_share_carried({
				loan: money(read.carried.loan),
				social: money(read.carried.social)
			})
		},
		waiting:
			state === 'sharing_out' && !bothApproved
				? m.savings_share_waiting_approvals()
				: state === 'sharing_out' && bothApproved && !allPaid && !options.mayRecord
					? m.savings_share_waiting_payouts()
					: null
	};
}
