import type { Kysely } from 'kysely';
import type { Actor } from '../access/actor';
import { can } from '../access/policy';
import { requireAccess } from '../access/require';
import type { DB, SavingsMeets, SavingsMemberStatus, SavingsOfficer } from '../db/schema';
import {
	resolveSavingsGroup,
	type CurrentCycle,
	type SavingsContext,
	type SavingsRef
} from './savings-group-access';

/** What every page of a savings group shows at its top, and which of its pages the actor may use. */
export interface SavingsGroupHeader {
	id: string;
	name: string;
	meets: SavingsMeets;
	openBooks: boolean;
	practice: boolean;
	circleId: string | null;
	cycle: { number: number; startsOn: string; state: CurrentCycle['state'] } | null;
	/** The actor's own place in the group, if they are in it. */
	me: {
		memberId: string;
		status: SavingsMemberStatus;
		officer: SavingsOfficer | null;
	} | null;
	may: { record: boolean; manage: boolean; viewAllBooks: boolean };
}

/** A savings group's heading, for anyone who may see the group; a 404 for everyone else. */
export async function readSavingsGroupHeader(
	db: Kysely<DB>,
	actor: Actor,
	/** Its id, or the context already loaded for this actor (a SavingsRef). */
	group: unknown
): Promise<SavingsGroupHeader> {
	const context = await resolveSavingsGroup(db, actor, group);
	const header = headerOf(actor, context);
	loadedWith.set(header, context);
	return header;
}

/** The context each header was made from, kept on the server only (a header goes to the page). */
const loadedWith = new WeakMap<SavingsGroupHeader, SavingsContext>();

/**
 * What a page of the group passes on to the reads it makes: the context its layout's header was
 * made from (so the group is looked up once a request), or the group's id for any other header.
 * The reads check access on it again; a context works only for the actor it was loaded for.
 */
export const savingsRefOf = (header: SavingsGroupHeader): SavingsRef =>
	loadedWith.get(header) ?? header.id;

function headerOf(actor: Actor, context: SavingsContext): SavingsGroupHeader {
	const { group, member, cycle, resource } = context;
	requireAccess(actor, 'savings:view', resource);
	return {
		id: group.id,
		name: group.name,
		meets: group.meets,
		openBooks: group.open_books,
		practice: group.practice,
		circleId: group.circle_id,
		cycle: cycle && { number: cycle.number, startsOn: cycle.startsOn, state: cycle.state },
		me: member && { memberId: member.id, status: member.status, officer: member.officer },
		may: {
			record: can(actor, 'savings:record', resource),
			manage: can(actor, 'savings:manage', resource),
			viewAllBooks: can(actor, 'savings:view-all-books', resource)
		}
	};
}
