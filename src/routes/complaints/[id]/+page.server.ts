import { fail, redirect } from '@sveltejs/kit';
import { setError, superValidate } from 'sveltekit-superforms';
import { valibot } from 'sveltekit-superforms/adapters';
import { m } from '$lib/paraglide/messages';
import { getLocale } from '$lib/paraglide/runtime';
import { complaintStepSchema } from '$lib/schemas/complaint';
import { requireSignedIn } from '$lib/server/access/require';
import { ownCountry } from '$lib/server/accounts';
import { systemClock } from '$lib/server/clock';
import { getDb } from '$lib/server/db';
import { newFormKey, renewRefusedFormKey } from '$lib/server/forms/form-key';
import { FormKeyExpiredError } from '$lib/server/forms/repeat-safe';
import { formatDateTime } from '$lib/server/i18n/format';
import { complaintTimelineLines } from '$lib/complaints/complaint-words';
import { COMPLAINT_TIMELINES } from '$lib/server/services/complaint-timelines';
import {
	listSupportServices,
	readComplaint,
	takeComplaintStep
} from '$lib/server/services/complaints';
import type { Actions, PageServerLoad } from './$types';

// Plain forms, each sent whole: the page comes from the server, with no framework to fetch on a
// slow phone.
export const csr = false;

// One complaint: its member follows it step by step; a coordinator (a focal point, for a sensitive
// one) takes the next step here.

const adapter = valibot(complaintStepSchema);
const NOTICES = ['sent', 'recorded', 'stepped'] as const;

export const load: PageServerLoad = async ({ locals, url, params }) => {
	requireSignedIn(locals.actor, url);
	const actor = locals.actor;
	const db = getDb();
	const now = systemClock();
	const view = await readComplaint(db, actor, params.id, now);
	// Support besides the investigation, for whoever complained of abuse by staff.
	const support =
		view.viewer === 'member' && view.sensitive
			? await listSupportServices(db, actor, await ownCountry(db, actor, getLocale()))
			: [];
	const stepForm =
		view.moves.length > 0
			? await superValidate({ formKey: newFormKey(now), status: view.moves[0] }, adapter, {
					errors: false
				})
			: null;
	const when = (date: Date | null) => (date ? formatDateTime(date) : null);
	return {
		complaint: {
			...view,
			createdAt: when(view.createdAt)!,
			nextStepBy: when(view.nextStepBy),
			steps: view.steps.map((step) => ({
				...step,
				at: when(step.at)!,
				nextStepBy: when(step.nextStepBy)
			}))
		},
		timeline: complaintTimelineLines({ [view.kind]: COMPLAINT_TIMELINES[view.kind] }),
		support,
		stepForm,
		notice: NOTICES.find((notice) => url.searchParams.has(notice)) ?? null
	};
};

export const actions: Actions = {
	step: async ({ request, locals, url, params }) => {
		requireSignedIn(locals.actor, url);
		const now = systemClock();
		const stepForm = await superValidate(request, adapter);
		const refuse = () => {
			renewRefusedFormKey(stepForm, now);
			return fail(400, { stepForm });
		};
		let result: Awaited<ReturnType<typeof takeComplaintStep>>;
		try {
			// Called even for a form that failed its checks: someone who may not handle it gets 404.
			result = await takeComplaintStep(getDb(), locals.actor, params.id, stepForm.data, () => now);
		} catch (error) {
			if (!(error instanceof FormKeyExpiredError)) throw error;
			setError(stepForm, 'formKey', m.form_key_expired());
			return refuse();
		}
		if (!stepForm.valid) return refuse();
		if (!result.ok) {
			if (result.problem === 'move_not_allowed')
				setError(stepForm, 'status', m.complaint_move_not_allowed());
			return refuse();
		}
		redirect(303, `/complaints/${params.id}?stepped=1`);
	}
};
