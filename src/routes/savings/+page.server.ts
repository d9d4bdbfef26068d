import { fail, redirect } from '@sveltejs/kit';
import { setError, superValidate } from 'sveltekit-superforms';
import { valibot } from 'sveltekit-superforms/adapters';
import { m } from '$lib/paraglide/messages';
import { savingsGroupChoiceSchema, savingsLinkCodeSchema } from '$lib/schemas/savings-setup';
import { can } from '$lib/server/access/policy';
import { requireSignedIn } from '$lib/server/access/require';
import { markThrottled } from '$lib/server/accounts/throttled-form';
import { systemClock } from '$lib/server/clock';
import { config } from '$lib/server/config';
import { getDb } from '$lib/server/db';
import { isUuid } from '$lib/server/db/ids';
import { formatCalendarDate, formatMoney, formatNumber } from '$lib/server/i18n/format';
import { joinFromCircle } from '$lib/server/savings/circle-offer';
import { linkWithCode } from '$lib/server/savings/link-code';
import {
	listAllSavingsGroups,
	listCirclesToStartFrom,
	listOwnSavingsGroups,
	listSavingsOffers
} from '$lib/server/savings/my-groups';
import { listOwnSavingsNotices, markSavingsNoticesRead } from '$lib/server/savings/notices';
import { todayIn } from '$lib/server/savings/today';
import type { Actions, PageServerLoad } from './$types';

// Lists, links and plain forms: the page comes whole from the server, with no framework to fetch
// on a slow phone. Each form is sent as a plain form; a mistake comes back by its field or group.
export const csr = false;

export const load: PageServerLoad = async ({ locals, url }) => {
	requireSignedIn(locals.actor, url);
	const db = getDb();
	const actor = locals.actor;
	const staff = can(actor, 'savings:create');
	const [mine, offers, notices, circles, all] = await Promise.all([
		listOwnSavingsGroups(db, actor),
		listSavingsOffers(db, actor),
		listOwnSavingsNotices(db, actor),
		listCirclesToStartFrom(db, actor),
		staff ? listAllSavingsGroups(db, actor) : null
	]);
	return {
		mine: mine.map((group) => ({
			id: group.id,
			name: group.name,
			practice: group.practice,
			active: group.active,
			savings: group.savings && formatMoney(group.savings)
		})),
		offers: offers.map((offer) => ({
			...offer,
			circleLine: m.savings_home_offer_circle({ circle: offer.circleName }),
			joinLabel: m.savings_home_join({ name: offer.name })
		})),
		notices: noticesByGroup(notices),
		circles: circles.map((circle) => ({
			id: circle.id,
			label: m.savings_home_start_for({ circle: circle.name })
		})),
		all:
			all &&
			all.map((group) => ({
				id: group.id,
				name: group.name,
				practice: group.practice,
				circleLine: group.circleName
					? m.savings_home_offer_circle({ circle: group.circleName })
					: null,
				membersLine: m.savings_home_all_members({ count: formatNumber(group.members) })
			})),
		staff,
		words: words(),
		codeForm: await superValidate(valibot(savingsLinkCodeSchema))
	};
};

/** The page's words in the member's language, made here so that no catalogue ships to the phone. */
function words() {
	return {
		title: m.nav_savings(),
		all_heading: m.savings_home_all_heading(),
		all_none: m.savings_home_all_none(),
		code_heading: m.savings_home_code_heading(),
		code_hint: m.savings_home_code_hint(),
		code_label: m.savings_home_code_label(),
		code_submit: m.savings_home_code_submit(),
		empty_heading: m.savings_home_empty_heading(),
		empty_how: m.savings_home_empty_how(),
		empty_what: m.savings_home_empty_what(),
		left: m.savings_home_left(),
		mine_heading: m.savings_home_mine_heading(),
		my_savings: m.savings_home_my_savings(),
		notices_heading: m.savings_home_notices_heading(),
		notices_seen: m.savings_home_notices_seen(),
		offers_heading: m.savings_home_offers_heading(),
		offers_hint: m.savings_home_offers_hint(),
		open_group: m.savings_home_open_group(),
		practice: m.savings_home_practice(),
		set_up: m.savings_home_set_up(),
		start_heading: m.savings_home_start_heading(),
		start_hint: m.savings_home_start_hint()
	};
}

type Notice = Awaited<ReturnType<typeof listOwnSavingsNotices>>[number];

/** The unread notices, a group at a time (they are marked read a group at a time), in words. */
function noticesByGroup(notices: Notice[]) {
	const groups = new Map<string, { groupId: string; groupName: string; lines: string[] }>();
	for (const notice of notices) {
		const group = groups.get(notice.groupId) ?? {
			groupId: notice.groupId,
			groupName: notice.groupName,
			lines: []
		};
		groups.set(notice.groupId, group);
		group.lines.push(noticeLine(notice));
	}
	// A few lines each; the passbook shows the rest.
	return [...groups.values()].map((group) => ({
		...group,
		lines:
			group.lines.length > NOTICE_LINES
				? [
						...group.lines.slice(0, NOTICE_LINES),
						m.savings_home_notices_more({
							count: formatNumber(group.lines.length - NOTICE_LINES)
						})
					]
				: group.lines
	}));
}

const NOTICE_LINES = 3;

function noticeLine(notice: Notice): string {
	const date = notice.heldOn ? formatCalendarDate(notice.heldOn) : null;
	switch (notice.kind) {
		case 'meeting':
			return date ? m.savings_home_notice_meeting({ date }) : m.savings_home_notice_meeting_any();
		case 'correction':
			return m.savings_home_notice_correction();
		case 'rules':
			return m.savings_home_notice_rules();
		case 'payout':
			return m.savings_home_notice_payout();
	}
}

export const actions: Actions = {
	join: async ({ request, locals, url }) => {
		requireSignedIn(locals.actor, url);
		const form = await superValidate(request, valibot(savingsGroupChoiceSchema));
		if (!form.valid) return fail(400, { join: { groupId: '', message: m.field_required() } });
		const today = todayIn(config().TIME_ZONE, systemClock());
		const result = await joinFromCircle(getDb(), locals.actor, form.data.groupId, today);
		if (result.ok) redirect(303, `/savings/${form.data.groupId}`);
		return fail(409, {
			join: {
				groupId: form.data.groupId,
				message:
					result.problem === 'group_full'
						? m.savings_home_join_full()
						: m.savings_home_join_name_taken()
			}
		});
	},

	code: async ({ request, locals, url, getClientAddress, setHeaders }) => {
		requireSignedIn(locals.actor, url);
		const codeForm = await superValidate(request, valibot(savingsLinkCodeSchema));
		if (!codeForm.valid) return fail(400, { codeForm });
		const result = await linkWithCode(
			getDb(),
			locals.actor,
			{ code: codeForm.data.code, address: getClientAddress() },
			systemClock()
		);
		if (result.ok) redirect(303, `/savings/${result.groupId}`);
		if (result.problem === 'throttled') {
			markThrottled(codeForm, setHeaders, result.retryAfterS);
			return fail(429, { codeForm });
		}
		setError(
			codeForm,
			'code',
			result.problem === 'already_member'
				? m.savings_home_code_already_member()
				: m.savings_home_code_unknown()
		);
		return fail(400, { codeForm });
	},

	seen: async ({ request, locals, url }) => {
		requireSignedIn(locals.actor, url);
		const form = await superValidate(request, valibot(savingsGroupChoiceSchema));
		if (!form.valid || !isUuid(form.data.groupId)) return fail(400);
		await markSavingsNoticesRead(getDb(), locals.actor, form.data.groupId, systemClock());
		return { seen: true };
	}
};
