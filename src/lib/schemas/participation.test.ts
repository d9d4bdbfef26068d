import { describe, expect, it } from 'vitest';
import { postedForm } from '../../../tests/helpers/forms';
import { m } from '$lib/paraglide/messages';
import {
	pollVoteSchema,
	REMOVE_REASON_MAX,
	removeTopicSchema,
	topicVoteSchema
} from './participation';

const topicId = crypto.randomUUID();

describe('the topic and poll forms, as posted', () => {
	it('sets a topic vote with "true" and takes it back otherwise', async () => {
		const vote = await postedForm(topicVoteSchema, { topicId, vote: 'true' });
		expect(vote.data).toEqual({ topicId, vote: true });
		for (const fields of [{ topicId, vote: 'false' }, { topicId }] as Array<
			Record<string, string>
		>) {
			expect((await postedForm(topicVoteSchema, fields)).data.vote).toBe(false);
		}
	});

	it('keeps a removal reason that is too long as typed, with the error next to it', async () => {
		const reason = 'ສ'.repeat(REMOVE_REASON_MAX + 1);
		const form = await postedForm(removeTopicSchema, { topicId, reason });
		expect(form.errors).toEqual({ reason: [m.topics_remove_reason_too_long()] });
		expect(form.data).toEqual({ topicId, reason });
	});

	it('asks for an answer when no answer was chosen', async () => {
		const form = await postedForm(pollVoteSchema, { pollId: crypto.randomUUID() });
		expect(form.errors).toEqual({ optionId: [m.poll_choose_required()] });
	});
});
