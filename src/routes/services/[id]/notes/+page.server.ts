import { fail, redirect } from '@sveltejs/kit';
import { m } from '$lib/paraglide/messages';
import { requireSignedIn } from '$lib/server/access/require';
import { systemClock } from '$lib/server/clock';
import { getDb } from '$lib/server/db';
import { newFormKey } from '$lib/server/forms/form-key';
import { FormKeyExpiredError } from '$lib/server/forms/repeat-safe';
import { formatDate } from '$lib/server/i18n/format';
import { publishChangeNote, readNoteWriting } from '$lib/server/services/change-notes';
import { PUBLIC_TEXT_MAX } from '$lib/server/services/moderated-text';
import { publicTextHint, textProblemMessage } from '$lib/server/services/moderation-words';
import type { Actions, PageServerLoad } from './$types';

// Plain forms, each sent whole: the page comes from the server, with no framework to fetch on a
// slow phone.
export const csr = false;

// A coordinator writes a "you said, we did" note on a service: it shows on the service's page and
// as a notice on the home page of every member who rated the service or complained about it.

export const load: PageServerLoad = async ({ locals, params, url }) => {
	requireSignedIn(locals.actor, url);
	const page = await readNoteWriting(getDb(), locals.actor, params.id);
	return {
		serviceId: page.serviceId,
		serviceName: page.serviceName,
		notes: page.notes.map((note) => ({
			id: note.id,
			body: note.body,
			on: m.services_said_on({ date: formatDate(note.publishedAt) })
		})),
		published: url.searchParams.has('published'),
		formKey: newFormKey(systemClock()),
		textMax: PUBLIC_TEXT_MAX,
		hint: publicTextHint()
	};
};

export const actions: Actions = {
	publish: async ({ request, locals, params, url }) => {
		requireSignedIn(locals.actor, url);
		const data = await request.formData();
		const body = data.get('body');
		const formKey = data.get('formKey');
		const now = systemClock();
		const refuse = (error: string) =>
			fail(400, { body: typeof body === 'string' ? body : '', error, formKey: newFormKey(now) });
		try {
			const result = await publishChangeNote(
				getDb(),
				locals.actor,
				params.id,
				{ body, formKey: typeof formKey === 'string' ? formKey : '' },
				now
			);
			if (!result.ok) return refuse(textProblemMessage(result.problem));
		} catch (error) {
			if (!(error instanceof FormKeyExpiredError)) throw error;
			return refuse(m.form_key_expired());
		}
		redirect(303, `/services/${params.id}/notes?published`);
	}
};
