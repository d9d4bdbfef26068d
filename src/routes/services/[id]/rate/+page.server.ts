import { fail, redirect } from '@sveltejs/kit';
import { m } from '$lib/paraglide/messages';
import { getLocale } from '$lib/paraglide/runtime';
import { RATING_COMMENT_MAX, RATING_FIELDS, type RatingField } from '$lib/schemas/service-rating';
import { requireSignedIn } from '$lib/server/access/require';
import { systemClock } from '$lib/server/clock';
import { getDb } from '$lib/server/db';
import { formatNumber } from '$lib/server/i18n/format';
import {
	ratingPage,
	rateService,
	withdrawRating,
	type OwnRating
} from '$lib/server/services/ratings';
import type { Actions, PageServerLoad } from './$types';

// Plain forms, each sent whole: the page comes from the server, with no framework to fetch on a
// slow phone.
export const csr = false;

/** What the form holds, as sent: each answer as its value ('' for none), the comment, the box. */
export type RatingValues = Record<RatingField, string> & { comment: string; used: string };

/** Longer than any comment allowed, so that a too-long one comes back whole to be shortened. */
const KEEP_TYPED = RATING_COMMENT_MAX * 4;

function ratingValues(data: FormData): RatingValues {
	const text = (name: string) => {
		const value = data.get(name);
		return typeof value === 'string' ? value : '';
	};
	const values = { comment: text('comment').slice(0, KEEP_TYPED), used: text('used').slice(0, 8) };
	for (const field of RATING_FIELDS) Object.assign(values, { [field]: text(field).slice(0, 8) });
	return values as RatingValues;
}

/** The form as it starts: empty, or the member's own rating (the box is ticked again each time). */
function startingValues(own: OwnRating | null): RatingValues {
	const values = { comment: own?.comment ?? '', used: '' };
	for (const field of RATING_FIELDS) {
		Object.assign(values, { [field]: own ? String(own[field]) : '' });
	}
	return values as RatingValues;
}

/** The query that asks to confirm a withdrawal (a link, so no script is needed). */
const WITHDRAW_QUERY = 'withdraw';
const DONE = ['saved', 'withdrawn'] as const;

/** A member rates a service they used, changes their rating, or withdraws it. */
export const load: PageServerLoad = async ({ locals, params, url }) => {
	requireSignedIn(locals.actor, url);
	const page = await ratingPage(getDb(), locals.actor, params.id);
	const done = url.searchParams.get('done');
	return {
		serviceId: page.serviceId,
		name: page.name,
		own: page.own,
		values: startingValues(page.own),
		confirmWithdraw: page.own !== null && url.searchParams.has(WITHDRAW_QUERY),
		done: DONE.find((value) => value === done) ?? null,
		commentMax: RATING_COMMENT_MAX,
		commentHint: m.rating_comment_hint({ max: formatNumber(RATING_COMMENT_MAX) })
	};
};

export const actions: Actions = {
	rate: async ({ request, locals, params, url }) => {
		requireSignedIn(locals.actor, url);
		const values = ratingValues(await request.formData());
		const result = await rateService(
			getDb(),
			locals.actor,
			params.id,
			values,
			getLocale(),
			systemClock
		);
		if (!result.ok)
			return fail(400, { values, errors: result.errors, problem: m.form_fix_errors() });
		redirect(303, `/services/${params.id}/rate?done=saved`);
	},

	withdraw: async ({ locals, params, url }) => {
		requireSignedIn(locals.actor, url);
		await withdrawRating(getDb(), locals.actor, params.id, systemClock);
		redirect(303, `/services/${params.id}/rate?done=withdrawn`);
	}
};
