/**
 * What each role gets from every route: the HTTP status of a request by an anonymous visitor, a
 * member, a coordinator and an admin. 303 is "go and sign in" (or "you are signed in already");
 * 404 is "not for you", said so that the page's existence is not revealed. A test fails when a
 * route under src/routes is missing here, and the end-to-end suite checks every row.
 */
export type Who = 'anonymous' | 'member' | 'coordinator' | 'admin';

export interface RouteCheck {
	/** The route's id as SvelteKit names it (its folder under src/routes). */
	route: string;
	method: 'GET' | 'POST';
	/** The URL requested; for POST, `?/action` names the form action. */
	path: string;
	/** Form fields for a POST. */
	form?: Record<string, string>;
	expect: Record<Who, number>;
}

const everyone = (status: number) => ({
	anonymous: status,
	member: status,
	coordinator: status,
	admin: status
});
const signedInOnly = { anonymous: 303, member: 200, coordinator: 200, admin: 200 };
const staffOnly = { anonymous: 303, member: 404, coordinator: 200, admin: 200 };
const signedOutOnly = { anonymous: 200, member: 303, coordinator: 303, admin: 303 };

export const ROUTE_MATRIX: RouteCheck[] = [
	{ route: '/', method: 'GET', path: '/', expect: everyone(200) },
	{ route: '/safety', method: 'GET', path: '/safety', expect: everyone(200) },
	{ route: '/language', method: 'GET', path: '/language', expect: everyone(200) },
	{
		route: '/language',
		method: 'POST',
		path: '/language',
		form: { locale: 'en', next: '/' },
		expect: everyone(303)
	},
	{ route: '/healthz', method: 'GET', path: '/healthz', expect: everyone(200) },
	{ route: '/signup', method: 'GET', path: '/signup', expect: signedOutOnly },
	{ route: '/login', method: 'GET', path: '/login', expect: signedOutOnly },
	{ route: '/login/recover', method: 'GET', path: '/login/recover', expect: signedOutOnly },
	{ route: '/logout', method: 'GET', path: '/logout', expect: everyone(200) },
	{ route: '/account', method: 'GET', path: '/account', expect: signedInOnly },
	{
		route: '/account',
		method: 'POST',
		path: '/account?/sessionMode',
		form: { mode: 'shared' },
		expect: signedInOnly
	},
	{ route: '/account/data', method: 'GET', path: '/account/data', expect: signedInOnly },
	{ route: '/account/delete', method: 'GET', path: '/account/delete', expect: signedInOnly },
	{ route: '/invitations', method: 'GET', path: '/invitations', expect: staffOnly },
	{
		route: '/invitations',
		method: 'POST',
		path: '/invitations?/create',
		form: { maxUses: '1', expiresInDays: '1', label: '' },
		expect: staffOnly
	},
	{ route: '/admin', method: 'GET', path: '/admin', expect: staffOnly },
	{
		route: '/admin',
		method: 'POST',
		path: '/admin?/settings',
		form: {},
		expect: { anonymous: 303, member: 404, coordinator: 404, admin: 200 }
	}
];

/**
 * Events a client may send over socket.io, with who may send them. None yet: the handshake itself
 * (signed-in members only) is checked in src/lib/server/realtime/attach.test.ts.
 */
export const SOCKET_EVENT_MATRIX: Array<{
	event: string;
	expect: Record<Who, 'allowed' | 'refused'>;
}> = [];
