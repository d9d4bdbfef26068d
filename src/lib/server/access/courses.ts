import type { CourseState, EnrolmentStatus } from '../db/schema';
import { isSignedIn, isStaff } from './actor';
import type { Rules } from './rule';

/** A course as a permission sees it: its state, and the actor's own place in it. */
export interface CourseResource {
	state: CourseState;
	/** Whether the actor is one of the course's trainers (a per-course role coordinators give). */
	trains: boolean;
	/** The actor's own enrolment in the course, in any status, or null. */
	enrolment: EnrolmentStatus | null;
}

/** Short business courses: who writes them, who runs them, who enrols. */
export interface CourseResources {
	/** A new course (a trainer is named for one course, so cannot start others). */
	'course:create': undefined;
	/** The published catalogue, and one's own courses. */
	'course:browse': undefined;
	/** Every course in any state, drafts included. */
	'course:list-all': undefined;
	/** A course's page; a draft only for those who write it. */
	'course:view': CourseResource;
	/** Its details, sessions and capacity; publishing it. */
	'course:edit': CourseResource;
	/** Cancelling a course: its enrolled members are told. */
	'course:cancel': CourseResource;
	/** Naming and removing the course's trainers. */
	'course:assign-trainers': CourseResource;
	/** The roster and the waitlist; removing someone from the course. */
	'course:manage-enrolments': CourseResource;
	/** Enrolling oneself (or joining the waitlist). */
	'course:enrol': CourseResource;
	/** Marking who came to a session, and showing its check-in code. */
	'course:take-attendance': CourseResource;
	/** Checking oneself in to a session with the code the trainer shows. */
	'course:check-in': CourseResource;
	/** One's own certificate (the service checks completion). */
	'course:certificate': CourseResource;
	/** Rating the course and answering its follow-up questions, as a participant. */
	'course:answer': CourseResource;
	/** What participants said months later, added up: for coordinators. */
	'course:follow-up-results': CourseResource;
}

const writes = (course: CourseResource) => course.trains;

export const courseRules: Rules<CourseResources> = {
	'course:create': isStaff,
	'course:browse': isSignedIn,
	'course:list-all': isStaff,
	// A draft does not exist for members: 404, as everywhere.
	'course:view': (actor, course) =>
		isSignedIn(actor) && (course.state !== 'draft' || writes(course) || isStaff(actor)),
	// Coordinators look after every course; a trainer only their own.
	'course:edit': (actor, course) => isSignedIn(actor) && (writes(course) || isStaff(actor)),
	'course:cancel': (actor) => isStaff(actor),
	'course:assign-trainers': (actor) => isStaff(actor),
	'course:manage-enrolments': (actor, course) =>
		isSignedIn(actor) && (writes(course) || isStaff(actor)),
	// Anyone signed in, into a published course they do not teach; someone removed by staff does
	// not come back by themselves.
	'course:enrol': (actor, course) =>
		isSignedIn(actor) &&
		course.state === 'published' &&
		!course.trains &&
		course.enrolment !== 'removed',
	// Sessions happen only in a published course.
	'course:take-attendance': (actor, course) =>
		isSignedIn(actor) && course.state === 'published' && (writes(course) || isStaff(actor)),
	'course:check-in': (actor, course) =>
		isSignedIn(actor) && course.state === 'published' && course.enrolment === 'enrolled',
	// A certificate earned stays the member's to print, even if the course was cancelled later.
	'course:certificate': (actor, course) =>
		isSignedIn(actor) && course.state !== 'draft' && course.enrolment === 'enrolled',
	// Only a course that took place is rated (the service waits for its last session).
	'course:answer': (actor, course) =>
		isSignedIn(actor) && course.state === 'published' && course.enrolment === 'enrolled',
	'course:follow-up-results': (actor, course) => isStaff(actor) && course.state !== 'draft'
};
