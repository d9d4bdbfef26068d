import { describe, expect, it } from 'vitest';
import {
	groupResource,
	IN_GROUP,
	SITE_ROLES,
	type InGroup,
	type SiteWho
} from '../../../../tests/helpers/actors';
import type { MessageStatus } from '../db/schema';
import { mayReadMessage, type GroupResources } from './groups';
import { can } from './policy';

describe('can, for groups across the site', () => {
	const SITE_MATRIX: Array<['group:create' | 'group:list-all', SiteWho[]]> = [
		['group:create', ['coordinator', 'admin']],
		['group:list-all', ['coordinator', 'admin']]
	];
	for (const [action, allowed] of SITE_MATRIX) {
		it.each(Object.keys(SITE_ROLES) as SiteWho[])(`${action}: %s`, (who) => {
			expect(can(SITE_ROLES[who], action)).toBe(allowed.includes(who));
		});
	}
});

type InGroupAction = {
	[A in keyof GroupResources]: GroupResources[A] extends undefined ? never : A;
}[keyof GroupResources];

/** Who may do what in one group: the site role and the membership together. */
const GROUP_MATRIX: Record<InGroupAction, InGroup[]> = {
	'group:view': ['member', 'coFacilitator', 'facilitator', 'coordinator', 'admin'],
	'group:take-part': ['member', 'coFacilitator', 'facilitator'],
	'group:moderate': ['coFacilitator', 'facilitator', 'coordinator', 'admin'],
	'group:manage': ['coordinator', 'admin'],
	'group:request-join': ['outsider', 'left', 'formerFacilitator', 'coordinator', 'admin'],
	'group:leave': ['member', 'coFacilitator', 'facilitator']
};

describe('can, in a group', () => {
	for (const [action, allowed] of Object.entries(GROUP_MATRIX) as [InGroupAction, InGroup[]][]) {
		it.each(Object.keys(IN_GROUP) as InGroup[])(`${action}: %s`, (who) => {
			const [a, g] = IN_GROUP[who];
			expect(can(a, action, g)).toBe(allowed.includes(who));
		});
	}

	it('nobody asks to join a group that is by invitation only', () => {
		for (const [a] of Object.values(IN_GROUP)) {
			expect(can(a, 'group:request-join', groupResource(null, 'invitation'))).toBe(false);
		}
	});
});

const EVERYONE_IN_IT: InGroup[] = [
	'member',
	'coFacilitator',
	'facilitator',
	'coordinator',
	'admin'
];
const MODERATORS: InGroup[] = ['coFacilitator', 'facilitator', 'coordinator', 'admin'];

/**
 * Which messages each role gets (in full or as a placeholder): one by someone else in each status,
 * and a held one of their own.
 */
const READS: Record<MessageStatus | 'own held', InGroup[]> = {
	visible: EVERYONE_IN_IT,
	held: MODERATORS,
	'own held': EVERYONE_IN_IT,
	hidden: EVERYONE_IN_IT,
	deleted: EVERYONE_IN_IT,
	withdrawn: EVERYONE_IN_IT
};

describe('mayReadMessage', () => {
	for (const [kind, allowed] of Object.entries(READS)) {
		const status = (kind === 'own held' ? 'held' : kind) as MessageStatus;
		it.each(Object.keys(IN_GROUP) as InGroup[])(`${kind}: %s`, (who) => {
			const [a, g] = IN_GROUP[who];
			const mine = g.membership ? 'my-membership' : null;
			const authorId = kind === 'own held' ? 'my-membership' : 'someone-else';
			expect(mayReadMessage(a, g, mine, { status, authorId })).toBe(allowed.includes(who));
		});
	}
});
