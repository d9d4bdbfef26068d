import { fail, redirect } from '@sveltejs/kit';
import * as v from 'valibot';
import { setError, superValidate } from 'sveltekit-superforms';
import { valibot } from 'sveltekit-superforms/adapters';
import { m } from '$lib/paraglide/messages';
import {
	POLL_OPTION_FIELDS,
	pollOptionMessage,
	pollSchema,
	pollVoteSchema,
	removeTopicSchema,
	topicSchema
} from '$lib/schemas/participation';
import type { Actor } from '$lib/server/access/actor';
import { can } from '$lib/server/access/policy';
import { requireAccess, requireSignedIn } from '$lib/server/access/require';
import { systemClock } from '$lib/server/clock';
import { getDb } from '$lib/server/db';
import { loadGroup } from '$lib/server/groups/group-access';
import { closePoll, createPoll, listPolls, votePoll } from '$lib/server/groups/polls';
import {
	deleteTopic,
	listTopics,
	proposeTopic,
	voteTopic,
	type ProposeError
} from '$lib/server/groups/topics';
import { formatNumber } from '$lib/server/i18n/format';
import type { Actions, PageServerLoad } from './$types';

const emptyTopicForm = () => superValidate(valibot(topicSchema));
const emptyPollForm = () =>
	superValidate(
		{ question: '', options: Array<string>(POLL_OPTION_FIELDS).fill('') },
		valibot(pollSchema),
		{ errors: false }
	);

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

const topicErrorMessage = (error: ProposeError) =>
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
	const { group, resource } = await loadGroup(db, actor, params.id);
	requireAccess(actor, 'group:view', resource);
	const moderates = can(actor, 'group:moderate', resource);
	const [topics, polls] = await Promise.all([
		listTopics(db, actor, group.id),
		listPolls(db, actor, group.id)
	]);
	return {
		group: { id: group.id, name: group.name, description: group.description },
		me: { takesPart: can(actor, 'group:take-part', resource), moderates },
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
		optionNumbers: Array.from({ length: POLL_OPTION_FIELDS }, (_, i) => formatNumber(i + 1)),
		topicForm: await emptyTopicForm(),
		pollForm: moderates ? await emptyPollForm() : null
	};
};

export const actions: Actions = {
	propose: async ({ request, locals, params, url }) => {
		const actor = await requireGroupAccess(locals.actor, params.id, url, 'group:take-part');
		const topicForm = await superValidate(request, valibot(topicSchema));
		if (!topicForm.valid) return fail(400, { topicForm });
		const result = await proposeTopic(getDb(), actor, params.id, topicForm.data, systemClock());
		if (!result.ok) {
			setError(topicForm, 'title', topicErrorMessage(result.error));
			return fail(400, { topicForm });
		}
		return {
			topicForm: await emptyTopicForm(),
			notice: result.existing ? m.topics_exists() : m.topics_added()
		};
	},

	vote: async ({ request, locals, params, url }) => {
		const actor = await requireGroupAccess(locals.actor, params.id, url, 'group:take-part');
		const data = await request.formData();
		const topicId = String(data.get('topicId') ?? '');
		// "1" sets the vote, anything else takes it back: sending either twice changes nothing more.
		const result = await voteTopic(getDb(), actor, params.id, topicId, data.get('vote') === '1');
		if (!result.ok) return fail(400, { notice: m.topics_gone(), tone: 'error' as const });
		// Back to the topic, which may have moved in the list.
		redirect(303, `/groups/${params.id}/topics#topic-${topicId}`);
	},

	removeTopic: async ({ request, locals, params, url }) => {
		const actor = await requireGroupAccess(locals.actor, params.id, url, 'group:moderate');
		const data = Object.fromEntries(await request.formData());
		const input = v.safeParse(removeTopicSchema, data);
		if (!input.success) {
			// The reason comes back as typed, next to the topic it was for.
			const removal = {
				topicId: String(data.topicId ?? ''),
				reason: String(data.reason ?? ''),
				error: input.issues[0].message
			};
			return fail(400, { removal });
		}
		await deleteTopic(getDb(), actor, params.id, input.output.topicId, input.output.reason);
		return { notice: m.topics_removed() };
	},

	createPoll: async ({ request, locals, params, url }) => {
		const actor = await requireGroupAccess(locals.actor, params.id, url, 'group:moderate');
		const pollForm = await superValidate(request, valibot(pollSchema));
		if (!pollForm.valid) return fail(400, { pollForm });
		const result = await createPoll(getDb(), actor, params.id, pollForm.data, systemClock());
		if (!result.ok) {
			const { error } = result;
			if (error.field === 'question') {
				const message = error.problem === 'empty' ? m.field_required() : m.poll_question_too_long();
				setError(pollForm, 'question', message);
			} else {
				// The form's own check says the same first; this is the service's word on it.
				setError(pollForm, 'options._errors', pollOptionMessage(error.problem));
			}
			return fail(400, { pollForm });
		}
		return {
			pollForm: await emptyPollForm(),
			notice: result.existing ? m.poll_exists() : m.poll_created()
		};
	},

	votePoll: async ({ request, locals, params, url }) => {
		const actor = await requireGroupAccess(locals.actor, params.id, url, 'group:take-part');
		const data = Object.fromEntries(await request.formData());
		const pollId = String(data.pollId ?? '');
		const input = v.safeParse(pollVoteSchema, data);
		if (!input.success) {
			return fail(400, { pollVote: { pollId, error: input.issues[0].message } });
		}
		const result = await votePoll(getDb(), actor, params.id, input.output);
		if (!result.ok) {
			const error = result.error === 'closed' ? m.poll_closed_error() : m.poll_gone();
			return fail(400, { pollVote: { pollId, error } });
		}
		redirect(303, `/groups/${params.id}/topics#poll-${pollId}`);
	},

	closePoll: async ({ request, locals, params, url }) => {
		const actor = await requireGroupAccess(locals.actor, params.id, url, 'group:moderate');
		const pollId = String((await request.formData()).get('pollId') ?? '');
		await closePoll(getDb(), actor, params.id, pollId, systemClock());
		return { notice: m.poll_closed() };
	}
};
