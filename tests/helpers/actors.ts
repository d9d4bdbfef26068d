import { ANONYMOUS, type Actor } from '../../src/lib/server/access/actor';
import type { GroupResource } from '../../src/lib/server/access/groups';
import type { SiteRole } from '../../src/lib/server/db/schema';

/*
 * Actors for the permission tables: no database, just who is asking and, in a group, their place
 * in it. Each access spec lists every one of them.
 */

export const siteActor = (role: SiteRole, id = `${role}-id`): Actor => ({
	kind: 'account',
	id,
	pseudonym: role,
	role,
	sessionId: 's'
});

/** One actor for each site role, and nobody signed in. */
export const SITE_ROLES = {
	anonymous: ANONYMOUS,
	member: siteActor('member'),
	coordinator: siteActor('coordinator'),
	admin: siteActor('admin')
};
export type SiteWho = keyof typeof SITE_ROLES;

export const groupResource = (
	membership: GroupResource['membership'],
	joinRule: GroupResource['joinRule'] = 'request'
): GroupResource => ({ joinRule, membership });

const inGroup = siteActor('member', 'in-group');

/** Who one can be to a group: the site role and the membership together. */
export const IN_GROUP = {
	anonymous: [ANONYMOUS, groupResource(null)],
	outsider: [siteActor('member', 'outsider'), groupResource(null)],
	requested: [inGroup, groupResource({ role: 'member', status: 'requested' })],
	left: [inGroup, groupResource({ role: 'member', status: 'left' })],
	removed: [inGroup, groupResource({ role: 'member', status: 'removed' })],
	member: [inGroup, groupResource({ role: 'member', status: 'active' })],
	coFacilitator: [inGroup, groupResource({ role: 'co_facilitator', status: 'active' })],
	facilitator: [inGroup, groupResource({ role: 'facilitator', status: 'active' })],
	formerFacilitator: [inGroup, groupResource({ role: 'facilitator', status: 'left' })],
	coordinator: [siteActor('coordinator'), groupResource(null)],
	admin: [siteActor('admin'), groupResource(null)]
} satisfies Record<string, [Actor, GroupResource]>;
export type InGroup = keyof typeof IN_GROUP;
