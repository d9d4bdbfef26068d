import { decimalString, type Currency } from '$lib/money';
import { m } from '$lib/paraglide/messages';
import { getLocale } from '$lib/paraglide/runtime';
import { requireSignedIn } from '$lib/server/access/require';
import { systemClock } from '$lib/server/clock';
import { config } from '$lib/server/config';
import { getDb } from '$lib/server/db';
import { formatCalendarDate, formatMoney, formatNumber } from '$lib/server/i18n/format';
import { readDashboard, type CycleDashboard } from '$lib/server/savings/dashboard';
import { savingsRefOf } from '$lib/server/savings/group-header';
import { drawSavingsChart } from '$lib/server/savings/savings-chart';
import { todayIn } from '$lib/server/savings/today';
import type { PageServerLoad } from './$types';

// A passbook to read and links: the page comes whole from the server, with no framework to fetch
// on a slow phone.
export const csr = false;

export const load: PageServerLoad = async ({ locals, url, parent }) => {
	requireSignedIn(locals.actor, url);
	const today = todayIn(config().TIME_ZONE, systemClock());
	// The group as the layout loaded it: looked up once a request, checked again by the read.
	const { savings } = await parent();
	const dashboard = await readDashboard(getDb(), locals.actor, savingsRefOf(savings), today);
	return { dashboard: dashboard.cycle ? figures(dashboard) : null, words: words() };
};

/** The page's words in the member's language, made here so that no catalogue ships to the phone. */
function words() {
	return {
		attendance_heading: m.savings_dash_attendance_heading(),
		attendance_none: m.savings_dash_attendance_none(),
		cash_heading: m.savings_dash_cash_heading(),
		chart_heading: m.savings_dash_chart_heading(),
		closed: m.savings_dash_closed(),
		differences_none: m.savings_dash_differences_none(),
		empty_heading: m.savings_dash_empty_heading(),
		empty_member: m.savings_dash_empty_member(),
		empty_recorder: m.savings_dash_empty_recorder(),
		first_meeting_hint: m.savings_dash_first_meeting_hint(),
		first_meeting_link: m.savings_dash_first_meeting_link(),
		heading: m.savings_dash_heading(),
		in_bank: m.savings_dash_in_bank(),
		in_box: m.savings_dash_in_box(),
		lent_out: m.savings_dash_lent_out(),
		loan_fund: m.savings_dash_loan_fund(),
		loan_fund_hint: m.savings_dash_loan_fund_hint(),
		loans: m.savings_dash_loans(),
		loans_outstanding: m.savings_dash_loans_outstanding(),
		loans_owed: m.savings_dash_loans_owed(),
		no_overdue: m.savings_dash_no_overdue(),
		opening_hint: m.savings_dash_opening_hint(),
		opening_link: m.savings_dash_opening_link(),
		projection_heading: m.savings_dash_projection_heading(),
		projection_none: m.savings_dash_projection_none(),
		record_meeting: m.savings_dash_record_meeting(),
		savings: m.savings_dash_savings(),
		see_share_out: m.savings_dash_see_share_out(),
		series_loan_fund: m.savings_dash_series_loan_fund(),
		series_savings: m.savings_dash_series_savings(),
		sharing_out: m.savings_dash_sharing_out(),
		social_fund: m.savings_dash_social_fund(),
		social_fund_hint: m.savings_dash_social_fund_hint(),
		title: m.savings_dash_title()
	};
}

/** Every figure as the member reads it, formatted here: browsers lack the locale data. */
function figures(d: CycleDashboard) {
	const currency = d.cycle.rules.currency;
	const money = (amount: bigint) => formatMoney({ amount, currency });
	const count = (n: number | bigint) => formatNumber(n);
	const points = d.chart.points;
	const last = points.at(-1);
	const chart = drawSavingsChart({
		points,
		formatAmount: compactMoney(currency),
		formatDay: shortDay()
	});
	const perShare = d.projectedValuePerShare.perShare;
	const difference = d.lastMeeting?.difference ?? 0n;
	return {
		cycle: {
			line: m.savings_dash_cycle({
				number: count(d.cycle.number),
				date: formatCalendarDate(d.cycle.startsOn)
			}),
			sharingOut: d.cycle.state === 'sharing_out'
		},
		/** Nothing recorded yet: not even the opening balances. */
		empty: points.length === 0,
		loanFund: {
			box: money(d.loanFund.box),
			bank: money(d.loanFund.bank),
			lentOut: money(d.loanFund.lentOut),
			total: money(d.loanFund.total)
		},
		socialFund: {
			box: money(d.socialFund.box),
			bank: money(d.socialFund.bank),
			total: money(d.socialFund.total)
		},
		loans: {
			outstanding: count(d.loans.outstanding),
			owed: money(d.loans.owed),
			overdue:
				d.loans.overdue > 0
					? m.savings_dash_loans_overdue({
							count: count(d.loans.overdue),
							amount: money(d.loans.overdueOwed)
						})
					: null
		},
		savings: {
			sharesLine: m.savings_dash_shares({ shares: count(d.savings.shares) }),
			amount: money(d.savings.amount)
		},
		projection:
			perShare === null
				? null
				: {
						perShare: money(perShare),
						line: m.savings_dash_projection_line({
							fund: money(d.projectedValuePerShare.fund),
							shares: count(d.projectedValuePerShare.shares),
							perShare: money(perShare)
						})
					},
		attendance: d.attendance.map((meeting) => ({
			heldOn: formatCalendarDate(meeting.heldOn),
			came: m.savings_dash_attendance_came({
				came: count(meeting.present + meeting.late + meeting.represented),
				all: count(meeting.present + meeting.late + meeting.represented + meeting.absent)
			}),
			line: m.savings_dash_attendance_line({
				present: count(meeting.present),
				late: count(meeting.late),
				represented: count(meeting.represented),
				absent: count(meeting.absent)
			})
		})),
		lastCount: d.lastMeeting && {
			heldOnLine: m.savings_dash_last_meeting({ date: formatCalendarDate(d.lastMeeting.heldOn) }),
			matched: difference === 0n,
			line:
				difference === 0n
					? m.savings_dash_count_matched()
					: difference > 0n
						? m.savings_dash_count_more({ amount: money(difference) })
						: m.savings_dash_count_less({ amount: money(-difference) })
		},
		differences:
			d.differences === 0n
				? null
				: d.differences > 0n
					? m.savings_dash_differences_more({ amount: money(d.differences) })
					: m.savings_dash_differences_less({ amount: money(-d.differences) }),
		chart,
		chartLabel:
			last && points.length > 0
				? m.savings_dash_chart_label({
						from: formatCalendarDate(points[0].on),
						to: formatCalendarDate(last.on),
						savings: money(last.savings),
						fund: money(last.loanFund)
					})
				: m.savings_dash_chart_empty()
	};
}

/** Short amounts for the chart's axis ("฿25K"): they leave the lines the most room. */
function compactMoney(currency: Currency) {
	const format = new Intl.NumberFormat(getLocale(), {
		style: 'currency',
		currency,
		notation: 'compact',
		minimumFractionDigits: 0,
		maximumFractionDigits: 2
	});
	// A decimal string, never a float: Intl reads it exactly.
	return (amount: bigint) => format.format(decimalString({ amount, currency }));
}

/** A meeting's day on the axis: day and month only. */
function shortDay() {
	const format = new Intl.DateTimeFormat(getLocale(), {
		day: 'numeric',
		month: 'short',
		timeZone: 'UTC'
	});
	return (on: string) => format.format(new Date(`${on}T00:00:00Z`));
}
