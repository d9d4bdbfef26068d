import { fail } from '@sveltejs/kit';
import { m } from '$lib/paraglide/messages';
import { requireSignedIn } from '$lib/server/access/require';
import { systemClock } from '$lib/server/clock';
import {
	certificateName,
	groupedCode,
	keepCertificateName,
	readOwnCertificate,
	type CertificateFacts
} from '$lib/server/courses/certificates';
import { courseDay } from '$lib/server/courses/course-time';
import { getDb } from '$lib/server/db';
import { formatNumber } from '$lib/server/i18n/format';
import type { Actions, PageServerLoad } from './$types';

// A plain form, and a Print button that the head's script serves: the page comes from the server,
// with no framework to fetch on a slow phone.
export const csr = false;

/** What the printed page says, in the member's language. */
function certificateWords(facts: CertificateFacts, code: string, origin: string) {
	return {
		title: facts.title,
		provider: m.certificate_provider({ provider: facts.provider }),
		dates: m.certificate_dates({
			first: courseDay(facts.firstSessionAt, facts.timeZone),
			last: courseDay(facts.lastSessionEndsAt, facts.timeZone),
			hours: formatNumber(facts.hours)
		}),
		code: groupedCode(code),
		check: m.certificate_check_at({ address: `${origin}/certificates` })
	};
}

export const load: PageServerLoad = async ({ locals, params, url }) => {
	requireSignedIn(locals.actor, url);
	const certificate = await readOwnCertificate(getDb(), locals.actor, params.id, systemClock());
	if (!certificate.ok)
		return {
			courseId: params.id,
			unavailable:
				certificate.problem === 'not_ended'
					? m.certificate_not_ended()
					: m.certificate_not_completed(),
			certificate: null,
			keptName: null,
			revoked: false
		};
	return {
		courseId: params.id,
		unavailable: null,
		certificate: certificateWords(certificate.facts, certificate.code, url.origin),
		keptName: certificate.keptName,
		revoked: certificate.revoked
	};
};

export const actions: Actions = {
	/**
	 * Puts the typed name on the page to print. It is kept only when the member asks; unticking the
	 * box forgets a name kept before.
	 */
	show: async ({ request, locals, params, url }) => {
		requireSignedIn(locals.actor, url);
		const data = await request.formData();
		const typed = String(data.get('name') ?? '');
		const keep = data.get('keep') === 'on';
		const name = certificateName(typed);
		if (!name.ok)
			return fail(400, {
				typed,
				keep,
				nameError:
					name.problem === 'too_long'
						? m.certificate_name_too_long()
						: name.problem === 'invalid'
							? m.certificate_name_invalid()
							: m.certificate_name_required()
			});
		const kept = await keepCertificateName(
			getDb(),
			locals.actor,
			params.id,
			keep ? name.name : null,
			systemClock()
		);
		if (!kept.ok) return fail(400, { typed, keep, nameError: m.certificate_not_completed() });
		return { printedName: name.name, typed, keep };
	}
};
