import { fail, redirect } from '@sveltejs/kit';
import { setError, superValidate } from 'sveltekit-superforms';
import { valibot } from 'sveltekit-superforms/adapters';
import { m } from '$lib/paraglide/messages';
import { COUNTRIES, referralContactSchema } from '$lib/schemas/help';
import { requireAccess, requireSignedIn } from '$lib/server/access/require';
import { systemClock } from '$lib/server/clock';
import { getDb } from '$lib/server/db';
import { newFormKey, renewRefusedFormKey } from '$lib/server/forms/form-key';
import { FormKeyExpiredError } from '$lib/server/forms/repeat-safe';
import {
	addContact,
	getContact,
	listAllContacts,
	removeContact,
	updateContact
} from '$lib/server/referrals/contacts';
import type { Actions, PageServerLoad } from './$types';

const DONE = ['added', 'saved'] as const;

/** Staff keep the contacts members see when they ask for help, country by country. */
export const load: PageServerLoad = async ({ locals, url }) => {
	requireSignedIn(locals.actor, url);
	requireAccess(locals.actor, 'referral:manage');
	const db = getDb();
	const editId = url.searchParams.get('edit');
	const editing = editId ? await getContact(db, locals.actor, editId) : null;
	const done = url.searchParams.get('done');
	// Loaded again after each change: a fresh key, so the next contact is not taken for a resend.
	const formKey = newFormKey(systemClock());
	return {
		countries: COUNTRIES,
		contacts: await listAllContacts(db, locals.actor),
		done: DONE.find((value) => value === done) ?? null,
		editId: editing?.id ?? null,
		contactForm: await superValidate(
			editing
				? {
						formKey,
						country: editing.country,
						name: editing.name,
						howToReach: editing.howToReach,
						note: editing.note
					}
				: { formKey, country: COUNTRIES[0], name: '', howToReach: '', note: '' },
			valibot(referralContactSchema),
			{ errors: false }
		)
	};
};

export const actions: Actions = {
	add: async ({ request, locals, url }) => {
		requireSignedIn(locals.actor, url);
		requireAccess(locals.actor, 'referral:manage');
		const contactForm = await superValidate(request, valibot(referralContactSchema));
		const refuse = () => {
			renewRefusedFormKey(contactForm, systemClock());
			return fail(400, { contactForm });
		};
		if (!contactForm.valid) return refuse();
		try {
			await addContact(getDb(), locals.actor, contactForm.data, systemClock);
		} catch (error) {
			if (!(error instanceof FormKeyExpiredError)) throw error;
			setError(contactForm, 'formKey', m.form_key_expired());
			return refuse();
		}
		redirect(303, '/referrals?done=added');
	},

	save: async ({ request, locals, url }) => {
		requireSignedIn(locals.actor, url);
		requireAccess(locals.actor, 'referral:manage');
		// The form posts to ?/save&edit=<id>: a form sent back with errors stays the edit form.
		const contactForm = await superValidate(request, valibot(referralContactSchema));
		if (!contactForm.valid) {
			renewRefusedFormKey(contactForm, systemClock());
			return fail(400, { contactForm });
		}
		await updateContact(getDb(), locals.actor, url.searchParams.get('edit'), contactForm.data);
		redirect(303, '/referrals?done=saved');
	},

	/** Removing one already gone (a second tap) says the same: it is gone. */
	remove: async ({ request, locals, url }) => {
		requireSignedIn(locals.actor, url);
		requireAccess(locals.actor, 'referral:manage');
		await removeContact(getDb(), locals.actor, (await request.formData()).get('id'));
		return { removed: true };
	}
};
