import { m } from '$lib/paraglide/messages';
import { requireSignedIn } from '$lib/server/access/require';
import { getDb } from '$lib/server/db';
import { formatCalendarDate, formatMoney, formatNumber } from '$lib/server/i18n/format';
import { savingsRefOf } from '$lib/server/savings/group-header';
import { listMeetings } from '$lib/server/savings/meeting-record';
import type { PageServerLoad } from './$types';

// A list of meetings and links: the page comes whole from the server, with no framework to fetch
// on a slow phone.
export const csr = false;

export const load: PageServerLoad = async ({ locals, url, parent }) => {
	requireSignedIn(locals.actor, url);
	// The group as the layout loaded it: looked up once a request, checked again by the read.
	const { savings } = await parent();
	const list = await listMeetings(getDb(), locals.actor, savingsRefOf(savings));
	const currency = list.cycle?.currency;
	const money = (amount: bigint) => (currency ? formatMoney({ amount, currency }) : '');
	const open = savings.cycle?.state === 'open';
	return {
		cycle: list.cycle
			? m.savings_meeting_list_cycle({ number: formatNumber(list.cycle.number) })
			: null,
		mayRecord: savings.may.record && open,
		// Opening balances come first, before any meeting: for a group moving from paper.
		mayOpen: savings.may.record && open && list.meetings.length === 0,
		meetings: list.meetings.map((meeting) => ({
			id: meeting.id,
			date: formatCalendarDate(meeting.heldOn),
			opening: meeting.kind === 'opening',
			attended:
				meeting.kind === 'meeting'
					? m.savings_meeting_list_attended({
							attended: formatNumber(meeting.attended),
							total: formatNumber(meeting.onSheet)
						})
					: null,
			inBox: m.savings_meeting_list_in_box({ amount: money(meeting.inBox) }),
			difference:
				meeting.difference === 0n
					? null
					: meeting.difference < 0n
						? m.savings_meeting_difference_less({ amount: money(-meeting.difference) })
						: m.savings_meeting_difference_more({ amount: money(meeting.difference) })
		}))
	};
};
