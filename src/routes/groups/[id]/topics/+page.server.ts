import { fail, redirect } from '@sveltejs/kit';
import { message, setError, superValidate } from 'sveltekit-superforms';
import { valibot } from 'sveltekit-superforms/adapters';
import { tooFastMessage } from '$lib/groups/too-fast-message';
import { m } from '$lib/paraglide/messages';
import { getLocale } from '$lib/paraglide/runtime';
import {
	POLL_OPTION_FIELDS,
	closePollSchema,
	pollOptionMessage,
	pollSchema,
	pollVoteSchema,
	removeTopicSchema,
	topicSchema,
	topicVoteSchema
} from '$lib/schemas/participation';
import type { Actor } from '$lib/server/access/actor';
import { can } from '$lib/server/access/policy';
import { requireAccess, requireSignedIn } from '$lib/server/access/require';
import { systemClock } from '$lib/server/clock';
import { getDb } from '$lib/server/db';
import { newFormKey, renewRefusedFormKey } from '$lib/server/forms/form-key';
import { loadGroup } from '$lib/server/groups/group-access';
import { markSeen } from '$lib/server/groups/read-position';
import { closePoll, createPoll, listPolls, votePoll } from '$lib/server/groups/polls';
import {
	deleteTopic,
	listTopics,
	proposeTopic,
	voteTopic,
	type ProposeError
} from '$lib/server/groups/topics';
import { formatNumber } from '$lib/server/i18n/format';
import { standaloneScript } from '$lib/standalone-script-address';
import type { Actions, PageServerLoad } from './$types';

// Plain forms and no framework to fetch on a slow phone: the lists stay live with a small script
// of their own (group-lists-script.ts), which asks for this page again when they change.
export const csr = false;

// Each form on the page has its action's name as its superforms id: the page shows a result, and
// what was typed, in the form it came from (src/lib/forms/form-result.ts).

// Each empty form has a fresh key, so the next topic or poll is not taken for a resend of the last.
const emptyTopicForm = () =>
	superValidate({ formKey: newFormKey(systemClock()) }, valibot(topicSchema), {
		id: 'propose',
		errors: false
	});
const emptyPollForm = () =>
	superValidate(
		{
			formKey: newFormKey(systemClock()),
			question: '',
			options: Array<string>(POLL_OPTION_FIELDS).fill('')
		},
		valibot(pollSchema),
		{ id: 'createPoll', errors: false }
	);

/**
 * A success, with an empty form for the next one that says it is done. Not superforms' `message`:
 * an empty form is not valid, so that would answer 400, and a page with JavaScript would then not
 * load its lists again (the new topic or poll would not show).
 */
function done<F extends { message?: unknown }>(empty: F, text: string) {
	empty.message = text;
	return { form: empty };
}

/**
 * Access before input: someone who may not act in this group gets a 404 whatever they sent, not
 * a form error that would show the page exists.
 */
async function requireGroupAccess(
	actor: Actor,
	groupId: string,
	url: URL,
	action: 'group:take-part' | 'group:moderate'
) {
	requireSignedIn(actor, url);
	const { resource } = await loadGroup(getDb(), actor, groupId);
	requireAccess(actor, action, resource);
	return actor;
}

const topicErrorMessage = (error: Exclude<ProposeError, 'form_key_expired' | 'too_fast'>) =>
	({
		empty: m.field_required(),
		too_long: m.topics_title_too_long(),
		contact: m.topics_contact(),
		muted: m.topics_muted(),
		paused: m.topics_paused()
	})[error];

export const load: PageServerLoad = async ({ locals, params, url }) => {
	requireSignedIn(locals.actor, url);
	const actor = locals.actor;
	const db = getDb();
	const context = await loadGroup(db, actor, params.id);
	const { group, resource } = context;
	requireAccess(actor, 'group:view', resource);
	const moderates = can(actor, 'group:moderate', resource);
	const [topics, polls] = await Promise.all([
		listTopics(db, actor, context),
		listPolls(db, actor, context),
		// Seen now: the home page counts topics and polls added after this.
		can(actor, 'group:take-part', resource) && markSeen(db, actor, context, 'topics', systemClock())
	]);
	return {
		group: { id: group.id, name: group.name, description: group.description },
		me: { takesPart: can(actor, 'group:take-part', resource), moderates },
		listsScript: standaloneScript('group-lists', getLocale()),
		topics: topics.map((topic) => ({
			id: topic.id,
			title: topic.title,
			proposer: topic.proposer ?? m.former_member(),
			votes: formatNumber(topic.votes),
			voted: topic.voted
		})),
		polls: polls.map((poll) => ({
			id: poll.id,
			question: poll.question,
			closed: poll.closed,
			canVote: poll.canVote,
			showResults: poll.showResults,
			myChoice: poll.myChoice,
			total: poll.total === null ? null : formatNumber(poll.total),
			options: poll.options.map((option) => ({
				id: option.id,
				label: option.label,
				votes: option.votes === null ? null : formatNumber(option.votes),
				// For the bar, which draws a share and shows no digits of its own.
				share: option.votes ?? 0,
				of: Math.max(poll.total ?? 0, 1)
			}))
		})),
		// The page's longest words, made here in the viewer's language: its script then need not
		// carry them in every language (the page-weight budget, which its live part needs).
		labels: {
			optionsHint: m.poll_options_hint(),
			intro: m.topics_intro(),
			closeConfirm: m.poll_close_confirm(),
			removeReasonHint: m.topics_remove_reason_hint(),
			topicsEmpty: m.topics_empty(),
			resultsAfterVote: m.poll_results_after_vote()
		},
		optionNumbers: Array.from({ length: POLL_OPTION_FIELDS }, (_, i) => formatNumber(i + 1)),
		topicForm: await emptyTopicForm(),
		pollForm: moderates ? await emptyPollForm() : null
	};
};

export const actions: Actions = {
	propose: async ({ request, locals, params, url }) => {
		const actor = await requireGroupAccess(locals.actor, params.id, url, 'group:take-part');
		const form = await superValidate(request, valibot(topicSchema), { id: 'propose' });
		if (!form.valid) {
			renewRefusedFormKey(form, systemClock());
			return fail(400, { form });
		}
		const result = await proposeTopic(getDb(), actor, params.id, form.data, systemClock());
		if (!result.ok) {
			if (result.error === 'form_key_expired') {
				setError(form, 'formKey', m.form_key_expired());
				renewRefusedFormKey(form, systemClock());
				return fail(400, { form });
			}
			if (result.error === 'too_fast') {
				return setError(form, 'title', tooFastMessage(result.retryAfterS ?? 0), { status: 429 });
			}
			return setError(form, 'title', topicErrorMessage(result.error));
		}
		// An empty form again, for the next topic.
		return done(await emptyTopicForm(), result.existing ? m.topics_exists() : m.topics_added());
	},

	vote: async ({ request, locals, params, url }) => {
		const actor = await requireGroupAccess(locals.actor, params.id, url, 'group:take-part');
		const form = await superValidate(request, valibot(topicVoteSchema), { id: 'vote' });
		if (!form.valid) return fail(400, { form });
		const { topicId, vote } = form.data;
		const result = await voteTopic(getDb(), actor, params.id, topicId, vote);
		if (!result.ok) return setError(form, '', m.topics_gone());
		// Back to the topic, which may have moved in the list.
		redirect(303, `/groups/${params.id}/topics#topic-${topicId}`);
	},

	removeTopic: async ({ request, locals, params, url }) => {
		const actor = await requireGroupAccess(locals.actor, params.id, url, 'group:moderate');
		const form = await superValidate(request, valibot(removeTopicSchema), { id: 'removeTopic' });
		if (!form.valid) return fail(400, { form });
		await deleteTopic(getDb(), actor, params.id, form.data.topicId, form.data.reason);
		return message(form, m.topics_removed());
	},

	createPoll: async ({ request, locals, params, url }) => {
		const actor = await requireGroupAccess(locals.actor, params.id, url, 'group:moderate');
		const form = await superValidate(request, valibot(pollSchema), { id: 'createPoll' });
		if (!form.valid) {
			renewRefusedFormKey(form, systemClock());
			return fail(400, { form });
		}
		const result = await createPoll(getDb(), actor, params.id, form.data, systemClock());
		if (!result.ok) {
			const { error } = result;
			if (error.field === 'formKey') {
				setError(form, 'formKey', m.form_key_expired());
				renewRefusedFormKey(form, systemClock());
				return fail(400, { form });
			}
			if (error.field === '') {
				return setError(form, '', tooFastMessage(error.retryAfterS), { status: 429 });
			}
			if (error.field === 'question') {
				const problem = error.problem === 'empty' ? m.field_required() : m.poll_question_too_long();
				return setError(form, 'question', problem);
			}
			// The form's own check says the same first; this is the service's word on it.
			return setError(form, 'options._errors', pollOptionMessage(error.problem));
		}
		// An empty form again, for the next poll.
		return done(await emptyPollForm(), result.existing ? m.poll_exists() : m.poll_created());
	},

	votePoll: async ({ request, locals, params, url }) => {
		const actor = await requireGroupAccess(locals.actor, params.id, url, 'group:take-part');
		const form = await superValidate(request, valibot(pollVoteSchema), { id: 'votePoll' });
		if (!form.valid) return fail(400, { form });
		const result = await votePoll(getDb(), actor, params.id, form.data);
		if (!result.ok) {
			return setError(form, '', result.error === 'closed' ? m.poll_closed_error() : m.poll_gone());
		}
		redirect(303, `/groups/${params.id}/topics#poll-${form.data.pollId}`);
	},

	closePoll: async ({ request, locals, params, url }) => {
		const actor = await requireGroupAccess(locals.actor, params.id, url, 'group:moderate');
		const form = await superValidate(request, valibot(closePollSchema), { id: 'closePoll' });
		if (!form.valid) return fail(400, { form });
		await closePoll(getDb(), actor, params.id, form.data.pollId, systemClock());
		return message(form, m.poll_closed());
	}
};
