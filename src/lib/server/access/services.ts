import { isAdmin, isSignedIn, isStaff, type Actor } from './actor';
import type { Rules } from './rule';

/** A service in the directory as a permission sees it. */
export interface ServiceResource {
	archived: boolean;
	/** Whether the actor is on the service's own staff (a provider account bound to it). */
	staffOf: boolean;
}

/** A complaint as a permission sees it: whose it is, how sensitive, whom the member let know. */
export interface ComplaintResource {
	/** The actor is the member it belongs to. */
	own: boolean;
	/** About abuse or exploitation by a service's staff. */
	sensitive: boolean;
	/** The actor is on the staff of the service it is about, and the member agreed it be told. */
	toldToActorsService: boolean;
	/** The actor is a coordinator named as a focal point for sensitive complaints. */
	focalPoint: boolean;
}

/** The service directory, ratings, complaints and "you said, we did". */
export interface ServiceResources {
	/** The directory, and the help contacts on "I need help now". */
	'service:browse': undefined;
	/** Adding, changing and archiving services; binding provider accounts; "you said, we did". */
	'service:manage': undefined;
	/** A service's page; an archived one only for staff. */
	'service:view': ServiceResource;
	/**
	 * Rating a service one used, as a member: never one's own service, and not as the staff who
	 * read the reports and answer the complaints.
	 */
	'service:rate': ServiceResource;
	/** Complaining about a service (its own staff too: they may have seen what went wrong). */
	'service:complain': ServiceResource;
	/** Approving comments and provider replies, proposing edits that take out identifying details. */
	'service:moderate': undefined;
	/** A provider's public reply to a comment about their service. */
	'service:reply': ServiceResource;
	/** A provider's own view: their scores, comments, and complaints the member let them see. */
	'service:provider-view': ServiceResource;
	/** Reports across services, and their CSV. */
	'service:reports': undefined;
	/** A complaint's page and history. */
	'complaint:view': ComplaintResource;
	/** Acknowledging, answering, assigning and closing a complaint. */
	'complaint:handle': ComplaintResource;
	/** Every complaint (sensitive ones only as totals unless a focal point). */
	'complaint:list-all': undefined;
	/** Writing a complaint down for a member who asked, with their consent. */
	'complaint:record-for-member': undefined;
	/** Naming the coordinators who handle sensitive complaints. */
	'complaint:name-focal-points': undefined;
}

const seesAsStaff = (actor: Actor, complaint: ComplaintResource) =>
	isStaff(actor) && (!complaint.sensitive || complaint.focalPoint);

export const serviceRules: Rules<ServiceResources> = {
	'service:browse': isSignedIn,
	'service:manage': isStaff,
	'service:view': (actor, service) => isSignedIn(actor) && (!service.archived || isStaff(actor)),
	'service:rate': (actor, service) =>
		actor.kind === 'account' && actor.role === 'member' && !service.archived && !service.staffOf,
	'service:complain': (actor, service) => isSignedIn(actor) && !service.archived,
	'service:moderate': isStaff,
	'service:reply': (actor, service) => isSignedIn(actor) && !service.archived && service.staffOf,
	'service:provider-view': (actor, service) =>
		isSignedIn(actor) && (service.staffOf || isStaff(actor)),
	'service:reports': isStaff,
	// A sensitive complaint is never the service's to see, whatever the member ticked (the
	// database refuses telling the service one); coordinators see it only as focal points.
	'complaint:view': (actor, complaint) =>
		isSignedIn(actor) &&
		(complaint.own ||
			seesAsStaff(actor, complaint) ||
			(complaint.toldToActorsService && !complaint.sensitive)),
	// Nobody answers their own complaint.
	'complaint:handle': (actor, complaint) => !complaint.own && seesAsStaff(actor, complaint),
	'complaint:list-all': isStaff,
	'complaint:record-for-member': isStaff,
	'complaint:name-focal-points': isAdmin
};
