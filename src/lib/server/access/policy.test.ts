import { describe, expect, it } from 'vitest';
import type { SiteRole } from '../db/schema';
import { ANONYMOUS, type Actor } from './actor';
import { can, type GroupResource } from './policy';

const actor = (role: SiteRole, id = `${role}-id`): Actor => ({
	kind: 'account',
	id,
	pseudonym: role,
	role,
	sessionId: 's'
});

const ROLES = {
	anonymous: ANONYMOUS,
	member: actor('member'),
	coordinator: actor('coordinator'),
	admin: actor('admin')
};
type Who = keyof typeof ROLES;

/** Who may do what, for every role: the one table to read when in doubt. */
const MATRIX: Array<[string, (who: Actor) => boolean, Who[]]> = [
	[
		'manage their own account',
		(a) => can(a, 'account:manage-own'),
		['member', 'coordinator', 'admin']
	],
	['list accounts', (a) => can(a, 'account:list'), ['coordinator', 'admin']],
	[
		'create invitations',
		(a) => can(a, 'invitation:create', { group: null }),
		['coordinator', 'admin']
	],
	['list their invitations', (a) => can(a, 'invitation:list'), ['coordinator', 'admin']],
	['manage site settings', (a) => can(a, 'settings:manage'), ['admin']],
	[
		'revoke an invitation of their own',
		(a) =>
			can(a, 'invitation:revoke', { issuedBy: a.kind === 'account' ? a.id : null, group: null }),
		['coordinator', 'admin']
	],
	[
		"revoke someone else's invitation",
		(a) => can(a, 'invitation:revoke', { issuedBy: 'someone-else', group: null }),
		['admin']
	],
	[
		'make a member a coordinator',
		(a) => can(a, 'account:set-role', { id: 'x', role: 'member', newRole: 'coordinator' }),
		['coordinator', 'admin']
	],
	[
		'make a member an admin',
		(a) => can(a, 'account:set-role', { id: 'x', role: 'member', newRole: 'admin' }),
		['admin']
	],
	[
		'demote an admin',
		(a) => can(a, 'account:set-role', { id: 'x', role: 'admin', newRole: 'member' }),
		['admin']
	],
	[
		'change their own role',
		(a) =>
			a.kind === 'account' &&
			can(a, 'account:set-role', { id: a.id, role: a.role, newRole: 'member' }),
		[]
	],
	[
		'issue a reset code for a member',
		(a) => can(a, 'reset-code:issue', { id: 'x', role: 'member' }),
		['coordinator', 'admin']
	],
	[
		'issue a reset code for a coordinator',
		(a) => can(a, 'reset-code:issue', { id: 'x', role: 'coordinator' }),
		['admin']
	],
	[
		'issue a reset code for themselves',
		(a) => a.kind === 'account' && can(a, 'reset-code:issue', { id: a.id, role: a.role }),
		[]
	]
];

describe('can', () => {
	for (const [what, check, allowed] of MATRIX) {
		it.each(Object.keys(ROLES) as Who[])(`${what}: %s`, (who) => {
			expect(check(ROLES[who])).toBe(allowed.includes(who));
		});
	}
});

/** Who may do what in one group: the site role and the membership together. */
const member = actor('member', 'in-group');
const group = (
	membership: GroupResource['membership'],
	joinRule: GroupResource['joinRule'] = 'request'
): GroupResource => ({ joinRule, membership });
const IN_GROUP = {
	anonymous: [ANONYMOUS, group(null)],
	outsider: [actor('member', 'outsider'), group(null)],
	requested: [member, group({ role: 'member', status: 'requested' })],
	left: [member, group({ role: 'member', status: 'left' })],
	removed: [member, group({ role: 'member', status: 'removed' })],
	member: [member, group({ role: 'member', status: 'active' })],
	coFacilitator: [member, group({ role: 'co_facilitator', status: 'active' })],
	facilitator: [member, group({ role: 'facilitator', status: 'active' })],
	formerFacilitator: [member, group({ role: 'facilitator', status: 'left' })],
	coordinator: [actor('coordinator'), group(null)],
	admin: [actor('admin'), group(null)]
} satisfies Record<string, [Actor, GroupResource]>;
type InGroup = keyof typeof IN_GROUP;

const GROUP_MATRIX: Array<[GroupAction, InGroup[]]> = [
	['group:view', ['member', 'coFacilitator', 'facilitator', 'coordinator', 'admin']],
	['group:take-part', ['member', 'coFacilitator', 'facilitator']],
	['group:moderate', ['coFacilitator', 'facilitator', 'coordinator', 'admin']],
	['group:manage', ['coordinator', 'admin']],
	['group:request-join', ['outsider', 'left', 'formerFacilitator', 'coordinator', 'admin']],
	['group:leave', ['member', 'coFacilitator', 'facilitator']]
];
type GroupAction =
	| 'group:view'
	| 'group:take-part'
	| 'group:moderate'
	| 'group:manage'
	| 'group:request-join'
	| 'group:leave';

describe('can, in a group', () => {
	for (const [action, allowed] of GROUP_MATRIX) {
		it.each(Object.keys(IN_GROUP) as InGroup[])(`${action}: %s`, (who) => {
			const [a, g] = IN_GROUP[who];
			expect(can(a, action, g)).toBe(allowed.includes(who));
		});
	}

	it.each(Object.keys(IN_GROUP) as InGroup[])('invitation:create for the group: %s', (who) => {
		const [a, g] = IN_GROUP[who];
		const allowed = ['coFacilitator', 'facilitator', 'coordinator', 'admin'].includes(who);
		expect(can(a, 'invitation:create', { group: g })).toBe(allowed);
	});

	it.each(Object.keys(IN_GROUP) as InGroup[])(
		"invitation:revoke for someone else's code into the group: %s",
		(who) => {
			const [a, g] = IN_GROUP[who];
			const allowed = ['coFacilitator', 'facilitator', 'admin'].includes(who);
			expect(can(a, 'invitation:revoke', { issuedBy: 'someone-else', group: g })).toBe(allowed);
		}
	);

	it('nobody asks to join a group that is by invitation only', () => {
		for (const [a] of Object.values(IN_GROUP)) {
			expect(can(a, 'group:request-join', group(null, 'invitation'))).toBe(false);
		}
	});
});
