import type { Kysely } from 'kysely';
import type { Actor } from '../access/actor';
import { requireAccess } from '../access/require';
import type { DB, FollowUpEarnings, FollowUpHelp, FollowUpWork } from '../db/schema';
import { isBlank } from '../forms/blank';
import { hasHiddenCharacters } from '../forms/hidden-characters';
import { progressOf } from './completion';
import { loadCourse, type CourseContext } from './course-access';

/** No answer is shown, even added up, until this many participants gave one. */
export const MIN_ANSWERS = 5;
export const COMMENT_MAX = 1000;
export const SCORES = ['useful', 'understandable', 'fittedTime', 'recommend'] as const;
export type Score = (typeof SCORES)[number];

export const FOLLOW_UP_WORK: readonly FollowUpWork[] = [
	'started_business',
	'grew_business',
	'found_work',
	'still_looking',
	'other'
];
export const FOLLOW_UP_EARNINGS: readonly FollowUpEarnings[] = [
	'nothing_yet',
	'a_little',
	'enough',
	'more_than_enough'
];
export const FOLLOW_UP_HELP: readonly FollowUpHelp[] = [
	'money',
	'training',
	'customers',
	'childcare',
	'nothing'
];
/** Three and twelve months after the last session, counted in days. */
const FOLLOW_UP_DAYS = { 3: 91, 12: 365 } as const;
const DAY_MS = 24 * 60 * 60_000;

export type FeedbackInput = Record<Score, unknown> & { comment?: unknown };
export type FeedbackProblem = Partial<
	Record<Score | 'comment', 'required' | 'invalid' | 'too_long'>
>;

/** The participant's own place, once the course's last session has ended. */
async function endedPlace(db: Kysely<DB>, actor: Actor, courseId: unknown, now: Date) {
	const context = await loadCourse(db, actor, courseId);
	requireAccess(actor, 'course:answer', context.resource);
	const progress = await progressOf(db, context.course, context.enrolment!.id, now);
	return { ...context, enrolmentId: context.enrolment!.id, progress };
}

function checkFeedback(
	input: FeedbackInput
):
	| { ok: true; scores: Record<Score, number>; comment: string | null }
	| { ok: false; fields: FeedbackProblem } {
	const fields: FeedbackProblem = {};
	const scores = {} as Record<Score, number>;
	for (const score of SCORES) {
		const value = Number(input?.[score]);
		if (input?.[score] === undefined || input[score] === '') fields[score] = 'required';
		else if (!Number.isInteger(value) || value < 1 || value > 5) fields[score] = 'invalid';
		else scores[score] = value;
	}
	let comment: string | null = null;
	if (typeof input?.comment === 'string' && !isBlank(input.comment)) {
		comment = input.comment.trim();
		if (hasHiddenCharacters(comment)) fields.comment = 'invalid';
		else if ([...comment].length > COMMENT_MAX) fields.comment = 'too_long';
	}
	return Object.keys(fields).length > 0 ? { ok: false, fields } : { ok: true, scores, comment };
}

/**
 * A participant rates the course after its last session: four scores from 1 to 5 and, if they
 * like, a comment. Answering again replaces the answer.
 */
export async function giveFeedback(
	db: Kysely<DB>,
	actor: Actor,
	courseId: unknown,
	input: FeedbackInput,
	now: Date
): Promise<
	| { ok: true }
	| { ok: false; problem: 'not_ended' }
	| { ok: false; problem: 'invalid'; fields: FeedbackProblem }
> {
	const { enrolmentId, progress } = await endedPlace(db, actor, courseId, now);
	if (!progress.ended) return { ok: false, problem: 'not_ended' };
	const checked = checkFeedback(input);
	if (!checked.ok) return { ok: false, problem: 'invalid', fields: checked.fields };
	const values = {
		useful: checked.scores.useful,
		understandable: checked.scores.understandable,
		fitted_time: checked.scores.fittedTime,
		recommend: checked.scores.recommend,
		comment: checked.comment,
		answered_at: now
	};
	await db
		.insertInto('course_feedback')
		.values({ enrolment_id: enrolmentId, ...values })
		.onConflict((conflict) => conflict.column('enrolment_id').doUpdateSet(values))
		.execute();
	return { ok: true };
}

/** What the participant answered, to show them; null before they did. */
export async function readOwnFeedback(
	db: Kysely<DB>,
	context: Pick<CourseContext, 'enrolment'>
): Promise<(Record<Score, number> & { comment: string | null }) | null> {
	if (!context.enrolment) return null;
	const row = await db
		.selectFrom('course_feedback')
		.selectAll()
		.where('enrolment_id', '=', context.enrolment.id)
		.executeTakeFirst();
	return row
		? {
				useful: row.useful,
				understandable: row.understandable,
				fittedTime: row.fitted_time,
				recommend: row.recommend,
				comment: row.comment
			}
		: null;
}

export type FeedbackSummary =
	| { answers: number; shown: false }
	| {
			answers: number;
			shown: true;
			/** Averages to one decimal. */
			averages: Record<Score, number>;
			/** In no particular order, without dates or names. */
			comments: string[];
	  };

/**
 * The course's ratings added up, for its trainers and coordinators: nothing but the number of
 * answers until five participants have answered, and never who said what.
 */
export async function readFeedbackSummary(
	db: Kysely<DB>,
	actor: Actor,
	courseId: unknown
): Promise<FeedbackSummary> {
	const { course, resource } = await loadCourse(db, actor, courseId);
	requireAccess(actor, 'course:manage-enrolments', resource);
	const rows = await db
		.selectFrom('course_feedback as f')
		.innerJoin('course_enrolment as e', 'e.id', 'f.enrolment_id')
		.select(['f.useful', 'f.understandable', 'f.fitted_time', 'f.recommend', 'f.comment'])
		.where('e.course_id', '=', course.id)
		.execute();
	if (rows.length < MIN_ANSWERS) return { answers: rows.length, shown: false };
	const average = (pick: (row: (typeof rows)[number]) => number) =>
		Math.round((rows.reduce((sum, row) => sum + pick(row), 0) / rows.length) * 10) / 10;
	return {
		answers: rows.length,
		shown: true,
		averages: {
			useful: average((row) => row.useful),
			understandable: average((row) => row.understandable),
			fittedTime: average((row) => row.fitted_time),
			recommend: average((row) => row.recommend)
		},
		// Sorted, not in the order given: the order would tell who answered when.
		comments: rows
			.map((row) => row.comment)
			.filter((comment): comment is string => comment !== null)
			.sort((a, b) => a.localeCompare(b))
	};
}

/**
 * The follow-up the participant is asked now, if any: three months after the last session of a
 * course they completed, then twelve. One they answered or declined is not asked again.
 */
export async function followUpDue(
	db: Kysely<DB>,
	actor: Actor,
	courseId: unknown,
	now: Date
): Promise<3 | 12 | null> {
	const { course, enrolmentId, progress } = await endedPlace(db, actor, courseId, now);
	return dueFor(db, course.id, enrolmentId, progress, now);
}

async function dueFor(
	db: Kysely<DB>,
	courseId: string,
	enrolmentId: string,
	progress: Awaited<ReturnType<typeof progressOf>>,
	now: Date
): Promise<3 | 12 | null> {
	if (!progress.completed || !progress.ended) return null;
	const last = await db
		.selectFrom('course_session')
		.select((eb) => eb.fn.max('ends_at').as('last'))
		.where('course_id', '=', courseId)
		.executeTakeFirstOrThrow();
	const ended = new Date(last.last as Date).getTime();
	const answered = new Set(
		(
			await db
				.selectFrom('course_follow_up')
				.select('after_months')
				.where('enrolment_id', '=', enrolmentId)
				.execute()
		).map((row) => Number(row.after_months))
	);
	// The later question replaces the earlier one if both are due: one question at a time.
	for (const months of [12, 3] as const)
		if (now.getTime() >= ended + FOLLOW_UP_DAYS[months] * DAY_MS)
			return answered.has(months) ? null : months;
	return null;
}

export interface FollowUpInput {
	afterMonths: unknown;
	/** Declined: nothing else is kept, and it is not asked again. */
	declined?: boolean;
	work?: unknown;
	earnings?: unknown;
	helpNext?: unknown;
}

const oneOf = <T extends string>(list: readonly T[], value: unknown): T | null | 'invalid' =>
	value === undefined || value === null || value === ''
		? null
		: list.includes(value as T)
			? (value as T)
			: 'invalid';

/** The participant answers (or declines) the follow-up that is due. Every question is optional. */
export async function answerFollowUp(
	db: Kysely<DB>,
	actor: Actor,
	courseId: unknown,
	input: FollowUpInput,
	now: Date
): Promise<{ ok: true } | { ok: false; problem: 'not_due' | 'invalid' }> {
	const { course, enrolmentId, progress } = await endedPlace(db, actor, courseId, now);
	const due = await dueFor(db, course.id, enrolmentId, progress, now);
	if (due === null || Number(input?.afterMonths) !== due) return { ok: false, problem: 'not_due' };
	const work = input.declined ? null : oneOf(FOLLOW_UP_WORK, input.work);
	const earnings = input.declined ? null : oneOf(FOLLOW_UP_EARNINGS, input.earnings);
	const helpNext = input.declined ? null : oneOf(FOLLOW_UP_HELP, input.helpNext);
	if (work === 'invalid' || earnings === 'invalid' || helpNext === 'invalid')
		return { ok: false, problem: 'invalid' };
	await db
		.insertInto('course_follow_up')
		.values({
			enrolment_id: enrolmentId,
			after_months: due,
			work,
			earnings,
			help_next: helpNext,
			answered_at: now
		})
		.onConflict((conflict) => conflict.columns(['enrolment_id', 'after_months']).doNothing())
		.execute();
	return { ok: true };
}

export type FollowUpSummary = Record<
	3 | 12,
	| { answers: number; shown: false }
	| {
			answers: number;
			shown: true;
			work: Record<FollowUpWork, number>;
			earnings: Record<FollowUpEarnings, number>;
			helpNext: Record<FollowUpHelp, number>;
	  }
>;

/**
 * Whether the course helped, for coordinators: per wave, how many gave each answer, only once five
 * participants answered that wave (declining counts as no answer).
 */
export async function readFollowUpSummary(
	db: Kysely<DB>,
	actor: Actor,
	courseId: unknown
): Promise<FollowUpSummary> {
	const { course, resource } = await loadCourse(db, actor, courseId);
	requireAccess(actor, 'course:follow-up-results', resource);
	const rows = await db
		.selectFrom('course_follow_up as f')
		.innerJoin('course_enrolment as e', 'e.id', 'f.enrolment_id')
		.select(['f.after_months', 'f.work', 'f.earnings', 'f.help_next'])
		.where('e.course_id', '=', course.id)
		.where((eb) =>
			eb.or([
				eb('f.work', 'is not', null),
				eb('f.earnings', 'is not', null),
				eb('f.help_next', 'is not', null)
			])
		)
		.execute();
	const tally = <T extends string>(list: readonly T[], values: (T | null)[]) =>
		Object.fromEntries(
			list.map((option) => [option, values.filter((v) => v === option).length])
		) as Record<T, number>;
	const wave = (months: 3 | 12) => {
		const answers = rows.filter((row) => Number(row.after_months) === months);
		if (answers.length < MIN_ANSWERS) return { answers: answers.length, shown: false as const };
		return {
			answers: answers.length,
			shown: true as const,
			work: tally(
				FOLLOW_UP_WORK,
				answers.map((row) => row.work)
			),
			earnings: tally(
				FOLLOW_UP_EARNINGS,
				answers.map((row) => row.earnings)
			),
			helpNext: tally(
				FOLLOW_UP_HELP,
				answers.map((row) => row.help_next)
			)
		};
	};
	return { 3: wave(3), 12: wave(12) };
}
