import { describe, expect, it } from 'vitest';
import { SITE_ROLES, siteActor, type SiteWho } from '../../../../tests/helpers/actors';
import type { CourseState, EnrolmentStatus } from '../db/schema';
import type { Actor } from './actor';
import type { CourseResource, CourseResources } from './courses';
import { can } from './policy';

describe('can, for courses across the site', () => {
	it.each(Object.keys(SITE_ROLES) as SiteWho[])('course:browse: %s', (who) => {
		expect(can(SITE_ROLES[who], 'course:browse')).toBe(who !== 'anonymous');
	});
	for (const action of ['course:create', 'course:list-all'] as const) {
		it.each(Object.keys(SITE_ROLES) as SiteWho[])(`${action}: %s`, (who) => {
			expect(can(SITE_ROLES[who], action)).toBe(['coordinator', 'admin'].includes(who));
		});
	}
});

const resource = (
	state: CourseState,
	trains = false,
	enrolment: EnrolmentStatus | null = null
): CourseResource => ({ state, trains, enrolment });

/**
 * Who one can be to a course. A facilitator is a member of the site who leads a circle: that gives
 * nothing in a course. A trainer is named for this course; another course's trainer is a member here.
 */
const TO_A_COURSE = {
	anonymous: [SITE_ROLES.anonymous, () => resource('published')],
	member: [siteActor('member'), (s: CourseState) => resource(s)],
	facilitator: [siteActor('member', 'facilitator-id'), (s: CourseState) => resource(s)],
	enrolled: [
		siteActor('member', 'enrolled-id'),
		(s: CourseState) => resource(s, false, 'enrolled')
	],
	withdrawn: [
		siteActor('member', 'withdrawn-id'),
		(s: CourseState) => resource(s, false, 'withdrawn')
	],
	removed: [siteActor('member', 'removed-id'), (s: CourseState) => resource(s, false, 'removed')],
	trainer: [siteActor('member', 'trainer-id'), (s: CourseState) => resource(s, true)],
	otherTrainer: [siteActor('member', 'other-trainer-id'), (s: CourseState) => resource(s)],
	coordinator: [siteActor('coordinator'), (s: CourseState) => resource(s)],
	admin: [siteActor('admin'), (s: CourseState) => resource(s)]
} satisfies Record<string, [Actor, (state: CourseState) => CourseResource]>;
type Who = keyof typeof TO_A_COURSE;

type CourseAction = {
	[A in keyof CourseResources]: CourseResources[A] extends CourseResource ? A : never;
}[keyof CourseResources];

const MEMBERS: Who[] = [
	'member',
	'facilitator',
	'enrolled',
	'withdrawn',
	'removed',
	'otherTrainer'
];
const STAFF: Who[] = ['coordinator', 'admin'];
const WRITERS: Who[] = ['trainer', ...STAFF];

/** Who may do what with one course, in each of its states. */
const MATRIX: Record<CourseState, Record<CourseAction, Who[]>> = {
	draft: {
		// Members never learn a draft exists.
		'course:view': WRITERS,
		'course:edit': WRITERS,
		'course:cancel': STAFF,
		'course:assign-trainers': STAFF,
		'course:manage-enrolments': WRITERS,
		'course:enrol': [],
		'course:take-attendance': [],
		'course:check-in': [],
		'course:certificate': [],
		'course:answer': [],
		'course:follow-up-results': []
	},
	published: {
		'course:view': [...MEMBERS, ...WRITERS],
		'course:edit': WRITERS,
		'course:cancel': STAFF,
		'course:assign-trainers': STAFF,
		'course:manage-enrolments': WRITERS,
		// A trainer does not enrol in their own course; someone removed does not come back alone.
		'course:enrol': ['member', 'facilitator', 'enrolled', 'withdrawn', 'otherTrainer', ...STAFF],
		'course:take-attendance': WRITERS,
		// Only someone with a seat; a trainer or coordinator marks, never checks in.
		'course:check-in': ['enrolled'],
		'course:certificate': ['enrolled'],
		'course:answer': ['enrolled'],
		// Trainers see the ratings; what happened to people's work months later, coordinators only.
		'course:follow-up-results': STAFF
	},
	cancelled: {
		// Enrolled members are told it was cancelled, on its page.
		'course:view': [...MEMBERS, ...WRITERS],
		'course:edit': WRITERS,
		'course:cancel': STAFF,
		'course:assign-trainers': STAFF,
		'course:manage-enrolments': WRITERS,
		'course:enrol': [],
		'course:take-attendance': [],
		'course:check-in': [],
		'course:certificate': ['enrolled'],
		'course:answer': [],
		'course:follow-up-results': STAFF
	}
};

describe('can, with one course', () => {
	for (const [state, actions] of Object.entries(MATRIX) as [
		CourseState,
		Record<CourseAction, Who[]>
	][]) {
		for (const [action, allowed] of Object.entries(actions) as [CourseAction, Who[]][]) {
			it.each(Object.keys(TO_A_COURSE) as Who[])(`${action}, ${state}: %s`, (who) => {
				const [actor, course] = TO_A_COURSE[who];
				expect(can(actor, action, course(state))).toBe(allowed.includes(who));
			});
		}
	}

	it('nobody signed out does anything with a course, whatever it says about them', () => {
		for (const state of ['draft', 'published', 'cancelled'] as const) {
			for (const action of Object.keys(MATRIX[state]) as CourseAction[]) {
				expect(can(SITE_ROLES.anonymous, action, resource(state, true, 'enrolled'))).toBe(false);
			}
		}
	});
});
