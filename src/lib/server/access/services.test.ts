import { describe, expect, it } from 'vitest';
import { SITE_ROLES, siteActor } from '../../../../tests/helpers/actors';
import type { Actor } from './actor';
import { can } from './policy';
import type { ComplaintResource, ServiceResource, ServiceResources } from './services';

/*
 * Who one can be to the services domain. A provider is a member account bound to a service (its
 * staff): that is a relation to one service, not a site role. A focal point is a coordinator named
 * for sensitive complaints: again a relation, carried by the complaint resource.
 */
const WHO = ['anonymous', 'member', 'provider', 'coordinator', 'focalPoint', 'admin'] as const;
type Who = (typeof WHO)[number];

const ACTORS: Record<Who, Actor> = {
	anonymous: SITE_ROLES.anonymous,
	member: siteActor('member'),
	provider: siteActor('member', 'provider-id'),
	coordinator: siteActor('coordinator'),
	focalPoint: siteActor('coordinator', 'focal-point-id'),
	admin: siteActor('admin')
};

const STAFF: Who[] = ['coordinator', 'focalPoint', 'admin'];
const SIGNED_IN: Who[] = ['member', 'provider', ...STAFF];

type SiteAction = {
	[A in keyof ServiceResources]: ServiceResources[A] extends undefined ? A : never;
}[keyof ServiceResources];

/** Actions about no one service or complaint: who may, by site role alone. */
const SITE_MATRIX: Record<SiteAction, Who[]> = {
	'service:browse': SIGNED_IN,
	'service:manage': STAFF,
	'service:moderate': STAFF,
	'service:reports': STAFF,
	'complaint:list-all': STAFF,
	'complaint:record-for-member': STAFF,
	// Who handles sensitive complaints is the installation's call, not a coordinator's own.
	'complaint:name-focal-points': ['admin']
};

describe('can, for services across the site', () => {
	for (const [action, allowed] of Object.entries(SITE_MATRIX) as [SiteAction, Who[]][]) {
		it.each([...WHO])(`${action}: %s`, (who) => {
			expect(can(ACTORS[who], action)).toBe(allowed.includes(who));
		});
	}
});

type ServiceAction = {
	[A in keyof ServiceResources]: ServiceResources[A] extends ServiceResource ? A : never;
}[keyof ServiceResources];
type ServiceState = 'listed' | 'archived';

/** The service as each actor stands to it: only the provider is on its staff. */
const serviceFor = (who: Who, state: ServiceState): ServiceResource => ({
	archived: state === 'archived',
	staffOf: who === 'provider'
});

const SERVICE_MATRIX: Record<ServiceState, Record<ServiceAction, Who[]>> = {
	listed: {
		'service:view': SIGNED_IN,
		// Never one's own service: a provider's staff would lift their own scores. Nor the staff
		// who read the reports and answer the complaints.
		'service:rate': ['member'],
		// Staff may have seen what went wrong at their own service.
		'service:complain': SIGNED_IN,
		'service:reply': ['provider'],
		'service:provider-view': ['provider', ...STAFF]
	},
	archived: {
		// An archived service is gone from the directory; coordinators still find it.
		'service:view': STAFF,
		'service:rate': [],
		'service:complain': [],
		'service:reply': [],
		// Its scores and the complaints it was told of stay readable to its staff.
		'service:provider-view': ['provider', ...STAFF]
	}
};

describe('can, with one service', () => {
	for (const [state, actions] of Object.entries(SERVICE_MATRIX) as [
		ServiceState,
		Record<ServiceAction, Who[]>
	][]) {
		for (const [action, allowed] of Object.entries(actions) as [ServiceAction, Who[]][]) {
			it.each([...WHO])(`${action}, ${state}: %s`, (who) => {
				expect(can(ACTORS[who], action, serviceFor(who, state))).toBe(allowed.includes(who));
			});
		}
	}

	it('a coordinator bound to a service as its staff may not rate it', () => {
		expect(can(ACTORS.coordinator, 'service:rate', { archived: false, staffOf: true })).toBe(false);
	});

	it('nobody signed out does anything with a service, whatever it says about them', () => {
		for (const action of Object.keys(SERVICE_MATRIX.listed) as ServiceAction[]) {
			for (const archived of [false, true]) {
				expect(can(SITE_ROLES.anonymous, action, { archived, staffOf: true })).toBe(false);
			}
		}
	});
});

type ComplaintAction = {
	[A in keyof ServiceResources]: ServiceResources[A] extends ComplaintResource ? A : never;
}[keyof ServiceResources];
/** Whose complaint, and what the member allowed: their own, another's, told to the service, sensitive. */
type ComplaintCase = 'own' | 'others' | 'told' | 'sensitive' | 'ownSensitive';

/**
 * The complaint as each actor stands to it. The member is the one who filed "own" cases; the
 * provider is on the staff of the service the complaint is about, and is told only in "told".
 */
const complaintFor = (who: Who, c: ComplaintCase): ComplaintResource => ({
	own: who === 'member' && (c === 'own' || c === 'ownSensitive'),
	sensitive: c === 'sensitive' || c === 'ownSensitive',
	toldToActorsService: who === 'provider' && c === 'told',
	focalPoint: who === 'focalPoint'
});

const COMPLAINT_MATRIX: Record<ComplaintCase, Record<ComplaintAction, Who[]>> = {
	own: {
		'complaint:view': ['member', ...STAFF],
		// The member follows it; they do not answer it themselves.
		'complaint:handle': STAFF
	},
	others: {
		'complaint:view': STAFF,
		'complaint:handle': STAFF
	},
	told: {
		'complaint:view': ['provider', ...STAFF],
		// Told is read-only for the service: coordinators answer.
		'complaint:handle': STAFF
	},
	sensitive: {
		// Only coordinators named for sensitive cases; admins are not, unless named.
		'complaint:view': ['focalPoint'],
		'complaint:handle': ['focalPoint']
	},
	ownSensitive: {
		'complaint:view': ['member', 'focalPoint'],
		'complaint:handle': ['focalPoint']
	}
};

describe('can, with one complaint', () => {
	for (const [kase, actions] of Object.entries(COMPLAINT_MATRIX) as [
		ComplaintCase,
		Record<ComplaintAction, Who[]>
	][]) {
		for (const [action, allowed] of Object.entries(actions) as [ComplaintAction, Who[]][]) {
			it.each([...WHO])(`${action}, ${kase}: %s`, (who) => {
				expect(can(ACTORS[who], action, complaintFor(who, kase))).toBe(allowed.includes(who));
			});
		}
	}

	it('a sensitive complaint is never the service’s to see, even marked as told', () => {
		const told: ComplaintResource = {
			own: false,
			sensitive: true,
			toldToActorsService: true,
			focalPoint: false
		};
		expect(can(ACTORS.provider, 'complaint:view', told)).toBe(false);
		expect(can(ACTORS.provider, 'complaint:handle', told)).toBe(false);
	});

	it('a focal point flag gives a member nothing', () => {
		const named: ComplaintResource = {
			own: false,
			sensitive: true,
			toldToActorsService: false,
			focalPoint: true
		};
		expect(can(ACTORS.member, 'complaint:view', named)).toBe(false);
		expect(can(ACTORS.member, 'complaint:handle', named)).toBe(false);
	});

	it('a coordinator does not answer a complaint of their own, though they follow it', () => {
		const own = { own: true, sensitive: false, toldToActorsService: false, focalPoint: true };
		expect(can(ACTORS.coordinator, 'complaint:view', own)).toBe(true);
		expect(can(ACTORS.coordinator, 'complaint:handle', own)).toBe(false);
	});

	it('nobody signed out sees or handles a complaint, whatever it says about them', () => {
		for (const action of ['complaint:view', 'complaint:handle'] as const) {
			for (const sensitive of [false, true]) {
				const resource = { own: true, sensitive, toldToActorsService: true, focalPoint: true };
				expect(can(SITE_ROLES.anonymous, action, resource)).toBe(false);
			}
		}
	});
});
