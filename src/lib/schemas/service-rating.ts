import * as v from 'valibot';
import { m } from '$lib/paraglide/messages';
import { getLocale } from '$lib/paraglide/runtime';

// The form a member rates a service with, checked on the server. Each answer is read as the text
// that was sent, so a refused form comes back as it was. Messages are functions, so each is
// written in the language of whoever submits.

/** The four things rated, in the order the form asks them (as in server/services/score-figures). */
export const RATING_FIELDS = ['respect', 'helped', 'safe', 'reach'] as const;
export type RatingField = (typeof RATING_FIELDS)[number];

/** The five answers, 1 (not at all) to 5 (very much), as the form sends them. */
export const RATING_ANSWERS = ['1', '2', '3', '4', '5'] as const;

/** The database's limit, in characters (code points, as PostgreSQL counts them). */
export const RATING_COMMENT_MAX = 1000;

/** The value the "I used this service" box sends when ticked. */
export const USED_IT = 'yes';

const number = (value: number) => new Intl.NumberFormat(getLocale()).format(value);

const answer = v.pipe(
	v.string(() => m.feedback_choose_one()),
	v.nonEmpty(() => m.feedback_choose_one()),
	v.picklist(RATING_ANSWERS, () => m.feedback_choose_shown())
);

export const serviceRatingSchema = v.object({
	respect: answer,
	helped: answer,
	safe: answer,
	reach: answer,
	comment: v.optional(
		v.pipe(
			v.string(),
			v.trim(),
			v.check(
				(text) => [...text].length <= RATING_COMMENT_MAX,
				() => m.feedback_comment_too_long({ max: number(RATING_COMMENT_MAX) })
			)
		),
		''
	),
	// Only members who used a service may rate it: they say so, every time.
	used: v.literal(USED_IT, () => m.rating_used_required())
});

export type ServiceRatingData = v.InferOutput<typeof serviceRatingSchema>;
