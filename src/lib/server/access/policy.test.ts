import { describe, expect, it } from 'vitest';
import type { SiteRole } from '../db/schema';
import { ANONYMOUS, type Actor } from './actor';
import { can } from './policy';

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
	['create invitations', (a) => can(a, 'invitation:create'), ['coordinator', 'admin']],
	['list their invitations', (a) => can(a, 'invitation:list'), ['coordinator', 'admin']],
	['manage site settings', (a) => can(a, 'settings:manage'), ['admin']],
	[
		'revoke an invitation of their own',
		(a) => can(a, 'invitation:revoke', { issuedBy: a.kind === 'account' ? a.id : null }),
		['coordinator', 'admin']
	],
	[
		"revoke someone else's invitation",
		(a) => can(a, 'invitation:revoke', { issuedBy: 'someone-else' }),
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
