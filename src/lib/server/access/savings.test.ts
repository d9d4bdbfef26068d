import { describe, expect, it } from 'vitest';
import {
	IN_GROUP,
	SITE_ROLES,
	siteActor,
	type InGroup,
	type SiteWho
} from '../../../../tests/helpers/actors';
import type { Actor } from './actor';
import { can } from './policy';
import type { SavingsResource, SavingsResources } from './savings';

describe('can, for savings groups across the site', () => {
	it.each(Object.keys(SITE_ROLES) as SiteWho[])('savings:create: %s', (who) => {
		expect(can(SITE_ROLES[who], 'savings:create')).toBe(['coordinator', 'admin'].includes(who));
	});

	const MAY_START: InGroup[] = ['coFacilitator', 'facilitator', 'coordinator', 'admin'];
	it.each(Object.keys(IN_GROUP) as InGroup[])('savings:start-from-circle: %s', (who) => {
		const [actor, circle] = IN_GROUP[who];
		expect(can(actor, 'savings:start-from-circle', circle)).toBe(MAY_START.includes(who));
	});
});

const inGroup = siteActor('member', 'in-savings-group');
const resource = (
	membership: SavingsResource['membership'],
	openBooks = true
): SavingsResource => ({ openBooks, membership });

/** Who one can be to a savings group: the site role, the membership and its officer label. */
const IN_SAVINGS_GROUP = {
	anonymous: [SITE_ROLES.anonymous, resource(null)],
	outsider: [siteActor('member', 'outsider'), resource(null)],
	member: [inGroup, resource({ status: 'active', officer: null })],
	boxKeeper: [inGroup, resource({ status: 'active', officer: 'box_keeper' })],
	keyHolder: [inGroup, resource({ status: 'active', officer: 'key_holder' })],
	chair: [inGroup, resource({ status: 'active', officer: 'chair' })],
	secretary: [inGroup, resource({ status: 'active', officer: 'secretary' })],
	treasurer: [inGroup, resource({ status: 'active', officer: 'treasurer' })],
	left: [inGroup, resource({ status: 'left', officer: null })],
	formerSecretary: [inGroup, resource({ status: 'left', officer: 'secretary' })],
	coordinator: [siteActor('coordinator'), resource(null)],
	admin: [siteActor('admin'), resource(null)]
} satisfies Record<string, [Actor, SavingsResource]>;
type InSavings = keyof typeof IN_SAVINGS_GROUP;

type InGroupAction = {
	[A in keyof SavingsResources]: SavingsResources[A] extends SavingsResource ? A : never;
}[keyof SavingsResources];

const MEMBERS: InSavings[] = [
	'member',
	'boxKeeper',
	'keyHolder',
	'chair',
	'secretary',
	'treasurer'
];
const RECORDERS: InSavings[] = ['chair', 'secretary', 'treasurer'];

/** Who may do what in one savings group that keeps open books. */
const MATRIX: Record<InGroupAction, InSavings[]> = {
	'savings:view': [...MEMBERS, 'left', 'formerSecretary', 'coordinator', 'admin'],
	'savings:view-all-books': [...MEMBERS, 'left', 'formerSecretary', 'coordinator', 'admin'],
	'savings:record': RECORDERS,
	'savings:manage': [...RECORDERS, 'coordinator', 'admin']
};

describe('can, in a savings group', () => {
	for (const [action, allowed] of Object.entries(MATRIX) as [InGroupAction, InSavings[]][]) {
		it.each(Object.keys(IN_SAVINGS_GROUP) as InSavings[])(`${action}: %s`, (who) => {
			const [actor, group] = IN_SAVINGS_GROUP[who];
			expect(can(actor, action, group)).toBe(allowed.includes(who));
		});
	}

	it('with closed books, only the recording officers and staff see every member’s loans', () => {
		const allowed: InSavings[] = [...RECORDERS, 'coordinator', 'admin'];
		for (const [who, [actor, group]] of Object.entries(IN_SAVINGS_GROUP)) {
			const closed = { ...group, openBooks: false };
			expect(can(actor, 'savings:view-all-books', closed), who).toBe(
				allowed.includes(who as InSavings)
			);
			// Everyone who could read the group still reads its totals and their own book.
			expect(can(actor, 'savings:view', closed), who).toBe(can(actor, 'savings:view', group));
		}
	});
});

describe('can, to join a savings group offered to a circle', () => {
	const MAY_JOIN: InGroup[] = ['member', 'coFacilitator', 'facilitator'];
	it.each(Object.keys(IN_GROUP) as InGroup[])('savings:join, to %s of the circle', (who) => {
		const [actor, circle] = IN_GROUP[who];
		expect(can(actor, 'savings:join', { circle, membership: null })).toBe(MAY_JOIN.includes(who));
		// Already in the savings group, or once left: not through the circle.
		for (const status of ['active', 'left'] as const) {
			expect(can(actor, 'savings:join', { circle, membership: { status, officer: null } })).toBe(
				false
			);
		}
	});

	it('a group that belongs to no circle is joined through its officers only', () => {
		const [actor] = IN_GROUP.member;
		expect(can(actor, 'savings:join', { circle: null, membership: null })).toBe(false);
	});
});
