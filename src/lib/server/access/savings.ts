import type { SavingsMemberStatus, SavingsOfficer } from '../db/schema';
import { isSignedIn, isStaff } from './actor';
import { activeMember as activeCircleMember, facilitates, type GroupResource } from './groups';
import type { Rules } from './rule';

/** A savings group as a permission sees it: its books setting and the actor's place in it. */
export interface SavingsResource {
	openBooks: boolean;
	/** The actor's own savings membership, if any (a member who left keeps reading their book). */
	membership: { status: SavingsMemberStatus; officer: SavingsOfficer | null } | null;
}

/** Savings groups (VSLA): who reads the books, who records, who sets a group up. */
export interface SavingsResources {
	/** A stand-alone group, whose first officers a coordinator appoints. */
	'savings:create': undefined;
	/** A group offered to a circle's members, started by one of its facilitators. */
	'savings:start-from-circle': GroupResource;
	/** The group's totals, rules, meetings and one's own passbook. */
	'savings:view': SavingsResource;
	/** Every member's loans and passbook line, not only one's own. */
	'savings:view-all-books': SavingsResource;
	/** Record a meeting, the opening balances or a correction. */
	'savings:record': SavingsResource;
	/** Members, officers and the group's rules. */
	'savings:manage': SavingsResource;
	/** Join a group started from a circle one belongs to. */
	'savings:join': SavingsOffer;
}

/** A savings group offered to a circle: the actor's place in the circle and in the group. */
export interface SavingsOffer {
	circle: GroupResource | null;
	membership: SavingsResource['membership'];
}

const member = (group: SavingsResource) => group.membership !== null;
const activeMember = (group: SavingsResource) => group.membership?.status === 'active';

/** The officers who keep the books: VSLA practice gives the pen to these three. */
export const RECORDING_OFFICERS: readonly SavingsOfficer[] = ['chair', 'secretary', 'treasurer'];

const recordingOfficer = (group: SavingsResource) =>
	activeMember(group) && RECORDING_OFFICERS.includes(group.membership!.officer!);

export const savingsRules: Rules<SavingsResources> = {
	'savings:create': isStaff,
	'savings:start-from-circle': (actor, circle) =>
		isSignedIn(actor) && (facilitates(circle) || isStaff(actor)),
	// Staff look after every group, as they do every circle; members see their own.
	'savings:view': (actor, group) => isSignedIn(actor) && (member(group) || isStaff(actor)),
	'savings:view-all-books': (actor, group) =>
		isSignedIn(actor) &&
		((member(group) && (group.openBooks || recordingOfficer(group))) || isStaff(actor)),
	// Only the group's own officers handle its money, never staff.
	'savings:record': (actor, group) => isSignedIn(actor) && recordingOfficer(group),
	'savings:manage': (actor, group) =>
		isSignedIn(actor) && (recordingOfficer(group) || isStaff(actor)),
	// Once in, a member who left comes back only through the officers.
	'savings:join': (actor, offer) =>
		isSignedIn(actor) &&
		offer.circle !== null &&
		activeCircleMember(offer.circle) &&
		offer.membership === null
};
