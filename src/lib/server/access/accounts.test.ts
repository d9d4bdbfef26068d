import { describe, expect, it } from 'vitest';
import { IN_GROUP, SITE_ROLES, type InGroup, type SiteWho } from '../../../../tests/helpers/actors';
import type { Actor } from './actor';
import { can } from './policy';

/** Who may do what with accounts, codes and settings, for every role: the table to read when in doubt. */
const MATRIX: Array<[string, (who: Actor) => boolean, SiteWho[]]> = [
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
	[
		'make codes of many uses, many at once',
		(a) => can(a, 'invitation:create-many'),
		['coordinator', 'admin']
	],
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
	["change someone's role", (a) => can(a, 'account:set-role', { id: 'x' }), ['admin']],
	[
		'change their own role',
		(a) => a.kind === 'account' && can(a, 'account:set-role', { id: a.id }),
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

describe('can, for accounts, codes and settings', () => {
	for (const [what, check, allowed] of MATRIX) {
		it.each(Object.keys(SITE_ROLES) as SiteWho[])(`${what}: %s`, (who) => {
			expect(check(SITE_ROLES[who])).toBe(allowed.includes(who));
		});
	}
});

describe('can, for codes that invite into a group', () => {
	it.each(Object.keys(IN_GROUP) as InGroup[])('invitation:create for the group: %s', (who) => {
		const [a, g] = IN_GROUP[who];
		const allowed = ['coFacilitator', 'facilitator', 'coordinator', 'admin'].includes(who);
		expect(can(a, 'invitation:create', { group: g })).toBe(allowed);
	});

	it.each(Object.keys(IN_GROUP) as InGroup[])(
		"invitation:revoke for someone else's code into the group: %s",
		(who) => {
			const [a, g] = IN_GROUP[who];
			// Staff see every facilitator's codes, and may stop them.
			const allowed = ['coFacilitator', 'facilitator', 'coordinator', 'admin'].includes(who);
			expect(can(a, 'invitation:revoke', { issuedBy: 'someone-else', group: g })).toBe(allowed);
		}
	);
});
