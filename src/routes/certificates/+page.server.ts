import { fail } from '@sveltejs/kit';
import { m } from '$lib/paraglide/messages';
import { systemClock } from '$lib/server/clock';
import { normalizeCode, verifyCertificate } from '$lib/server/courses/certificates';
import { courseDay } from '$lib/server/courses/course-time';
import { getDb } from '$lib/server/db';
import { formatNumber } from '$lib/server/i18n/format';
import type { Actions, PageServerLoad } from './$types';

// Plain forms, each sent whole: the page comes from the server, with no framework to fetch on a
// slow phone.
export const csr = false;

/** Anyone may check a certificate: an employer, a lender, a family member. No sign-in. */
export const load: PageServerLoad = async ({ url }) => ({
	// A printed address may carry the code; it is checked only when the form is sent.
	code: url.searchParams.get('code')?.slice(0, 40) ?? ''
});

export const actions: Actions = {
	check: async ({ request, getClientAddress, setHeaders }) => {
		const typed = String((await request.formData()).get('code') ?? '').slice(0, 40);
		if (!normalizeCode(typed))
			return fail(400, { code: typed, problem: m.certificate_code_invalid() });
		const result = await verifyCertificate(getDb(), typed, getClientAddress(), systemClock());
		if (!result.ok) {
			setHeaders({ 'Retry-After': String(result.retryAfterS) });
			return fail(429, {
				code: typed,
				problem: m.certificate_check_too_many({
					minutes: formatNumber(Math.ceil(result.retryAfterS / 60))
				})
			});
		}
		if (!result.found) return fail(404, { code: typed, problem: m.certificate_not_found() });
		const found = result.found;
		return {
			code: typed,
			found: {
				revoked: found.revoked,
				title: found.title,
				provider: m.certificate_provider({ provider: found.provider }),
				dates: m.certificate_dates({
					first: courseDay(found.firstSessionAt, found.timeZone),
					last: courseDay(found.lastSessionEndsAt, found.timeZone),
					hours: formatNumber(found.hours)
				})
			}
		};
	}
};
