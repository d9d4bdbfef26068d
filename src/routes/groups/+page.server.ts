import { fail, redirect } from '@sveltejs/kit';
import { setError, superValidate } from 'sveltekit-superforms';
import { valibot } from 'sveltekit-superforms/adapters';
import { m } from '$lib/paraglide/messages';
import { joinCodeSchema } from '$lib/schemas/groups';
import { can } from '$lib/server/access/policy';
import { requireSignedIn } from '$lib/server/access/require';
import { markThrottled } from '$lib/server/accounts/throttled-form';
import { systemClock } from '$lib/server/clock';
import { getDb } from '$lib/server/db';
import { listCircleNews } from '$lib/server/groups/circle-news';
import { listAllGroups, listOpenGroups, listOwnGroups } from '$lib/server/groups/groups';
import { joinWithCode } from '$lib/server/groups/membership';
import { newsLines } from '$lib/server/groups/news-lines';
import { formatNumber } from '$lib/server/i18n/format';
import type { Actions, PageServerLoad } from './$types';

// Lists and one plain form: the page comes whole from the server, with no framework to fetch on a
// slow phone. A code is sent as a plain form; a mistake comes back by its field.
export const csr = false;

export const load: PageServerLoad = async ({ locals, url }) => {
	requireSignedIn(locals.actor, url);
	const db = getDb();
	const staff = can(locals.actor, 'group:list-all');
	const [mine, news] = await Promise.all([
		listOwnGroups(db, locals.actor),
		listCircleNews(db, locals.actor)
	]);
	const newsOf = new Map(news.map((circle) => [circle.groupId, newsLines(circle)]));
	return {
		mine: mine.map((group) => ({ ...group, news: newsOf.get(group.id) ?? [] })),
		open: await listOpenGroups(db, locals.actor),
		all: staff
			? (await listAllGroups(db, locals.actor)).map((group) => ({
					id: group.id,
					name: group.name,
					members: formatNumber(Number(group.members)),
					cap: formatNumber(group.size_cap)
				}))
			: null,
		form: await superValidate(valibot(joinCodeSchema))
	};
};

export const actions: Actions = {
	code: async ({ request, locals, url, getClientAddress, setHeaders }) => {
		requireSignedIn(locals.actor, url);
		const form = await superValidate(request, valibot(joinCodeSchema));
		if (!form.valid) return fail(400, { form });
		const result = await joinWithCode(
			getDb(),
			locals.actor,
			{ code: form.data.code, address: getClientAddress() },
			systemClock()
		);
		if (result.ok) redirect(303, `/groups/${result.groupId}/join`);
		if (result.problem === 'throttled') {
			markThrottled(form, setHeaders, result.retryAfterS);
			return fail(429, { form });
		}
		setError(
			form,
			'code',
			{
				unknown: m.group_code_unknown,
				expired: m.group_code_expired,
				used_up: m.group_code_used_up,
				removed: m.group_code_removed
			}[result.problem]()
		);
		return fail(400, { form });
	}
};
