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
	/**
	 * For a repeat-safe form: the page whose form key (`formKey`) is sent with the fields, fetched
	 * by each visitor in turn, as a browser would render the form before sending it.
	 */
	formKeyFrom?: string;
	expect: Record<Who, number>;
	/** The request signs the visitor out, so the end-to-end suite checks it after every other row. */
	endsSession?: true;
}

const everyone = (status: number) => ({
	anonymous: status,
	member: status,
	coordinator: status,
	admin: status
});
const signedInOnly = { anonymous: 303, member: 200, coordinator: 200, admin: 200 };
const staffOnly = { anonymous: 303, member: 404, coordinator: 200, admin: 200 };
/** A well-formed group id that no group has. */
export const NO_GROUP = '00000000-0000-4000-8000-000000000000';

const signedOutOnly = { anonymous: 200, member: 303, coordinator: 303, admin: 303 };

export const ROUTE_MATRIX: RouteCheck[] = [
	{ route: '/', method: 'GET', path: '/', expect: everyone(200) },
	// "Got it" under a course's notice: a course one has no place in (or no course) is a 404.
	...[NO_GROUP, 'not-an-id'].map((courseId) => ({
		route: '/',
		method: 'POST' as const,
		path: '/?/courseNoticeSeen',
		form: { courseId },
		expect: { anonymous: 303, member: 404, coordinator: 404, admin: 404 }
	})),
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
	// Prometheus metrics: for this machine's loopback interface (or METRICS_TOKEN) only. These
	// requests come through X-Forwarded-For, as from a proxy, so they are not local: a 404 for all.
	// tests/e2e/metrics.e2e.ts reads it from loopback.
	{ route: '/metrics', method: 'GET', path: '/metrics', expect: everyone(404) },
	{ route: '/signup', method: 'GET', path: '/signup', expect: signedOutOnly },
	{ route: '/login', method: 'GET', path: '/login', expect: signedOutOnly },
	{ route: '/login/recover', method: 'GET', path: '/login/recover', expect: signedOutOnly },
	{ route: '/logout', method: 'GET', path: '/logout', expect: everyone(200) },
	// "Leave now": everyone is sent to the neutral page; a signed-in visitor is signed out first
	// (unless they said it is their own phone). GET too: without JavaScript it is a plain link.
	...(['GET', 'POST'] as const).map((method) => ({
		route: '/leave',
		method,
		path: '/leave',
		expect: everyone(303),
		endsSession: true as const
	})),
	{ route: '/account', method: 'GET', path: '/account', expect: signedInOnly },
	{
		route: '/account',
		method: 'POST',
		path: '/account?/sessionMode',
		form: { mode: 'shared' },
		expect: signedInOnly
	},
	{
		route: '/account',
		method: 'POST',
		path: '/account?/quickExit',
		form: {},
		expect: signedInOnly
	},
	{
		route: '/account',
		method: 'POST',
		path: '/account?/country',
		form: { country: 'KH' },
		expect: signedInOnly
	},
	{
		route: '/account',
		method: 'POST',
		path: '/account?/resetsRead',
		form: { resetId: 'not-an-id' },
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
		formKeyFrom: '/invitations',
		expect: staffOnly
	},
	{ route: '/admin', method: 'GET', path: '/admin', expect: staffOnly },
	{
		route: '/admin',
		method: 'POST',
		path: '/admin?/settings',
		form: {},
		expect: { anonymous: 303, member: 404, coordinator: 404, admin: 200 }
	},
	{ route: '/groups', method: 'GET', path: '/groups', expect: signedInOnly },
	{
		route: '/groups',
		method: 'POST',
		path: '/groups?/code',
		form: { code: '' },
		expect: { anonymous: 303, member: 400, coordinator: 400, admin: 400 }
	},
	{ route: '/groups/new', method: 'GET', path: '/groups/new', expect: staffOnly },
	{
		route: '/groups/new',
		method: 'POST',
		path: '/groups/new',
		form: { name: '' },
		expect: { anonymous: 303, member: 404, coordinator: 400, admin: 400 }
	},
	// A group nobody is in: its pages do not exist for anyone. Membership rules are tested against
	// real groups in src/lib/server/groups/*.test.ts and tests/e2e/groups.e2e.ts.
	...['', '/join', '/settings', '/log', '/review', '/manage'].map((page) => ({
		route: `/groups/[id]${page}`,
		method: 'GET' as const,
		path: `/groups/${NO_GROUP}${page}`,
		expect: { ...signedInOnly, member: 404, coordinator: 404, admin: 404 }
	})),
	{
		route: '/groups/[id]',
		method: 'POST',
		path: `/groups/${NO_GROUP}?/send`,
		form: { clientId: NO_GROUP, body: 'hello' },
		expect: { anonymous: 303, member: 404, coordinator: 404, admin: 404 }
	},
	// Every form on the review page, with input it accepts, for a group nobody is in.
	...(
		[
			{ action: 'review', form: { messageId: NO_GROUP, decision: 'approve', reason: '' } },
			{ action: 'member', form: { memberId: NO_GROUP, kind: 'warn', reason: 'why' } },
			{ action: 'note', form: { memberId: NO_GROUP, body: 'a note' } },
			{ action: 'request', form: { memberId: NO_GROUP, decision: 'admit' } },
			{ action: 'pace', form: { slowModeSeconds: '0' } },
			{ action: 'invite', form: { maxUses: '1' } },
			{ action: 'revoke', form: { id: NO_GROUP } }
		] as Array<{ action: string; form: Record<string, string> }>
	).map(({ action, form }) => ({
		route: '/groups/[id]/review',
		method: 'POST' as const,
		path: `/groups/${NO_GROUP}/review?/${action}`,
		form,
		expect: { anonymous: 303, member: 404, coordinator: 404, admin: 404 }
	})),
	// "I need help now" from any page: the member's circles and the help contacts; for staff, the
	// calls nobody answered. A circle that does not exist is not the visitor's to alert or answer.
	{ route: '/help', method: 'GET', path: '/help', expect: signedInOnly },
	...(
		[
			{ action: 'ask', form: { groupId: NO_GROUP } },
			{ action: 'acknowledge', form: { groupId: NO_GROUP, alertId: NO_GROUP } }
		] as Array<{ action: string; form: Record<string, string> }>
	).map(({ action, form }) => ({
		route: '/help',
		method: 'POST' as const,
		path: `/help?/${action}`,
		form,
		expect: { anonymous: 303, member: 404, coordinator: 404, admin: 404 }
	})),
	// Asking for help, and the private conversations with the facilitators.
	...[
		{ route: '/groups/[id]/help', path: `/groups/${NO_GROUP}/help` },
		{ route: '/groups/[id]/help/[memberId]', path: `/groups/${NO_GROUP}/help/${NO_GROUP}` }
	].map(({ route, path }) => ({
		route,
		method: 'GET' as const,
		path,
		expect: { anonymous: 303, member: 404, coordinator: 404, admin: 404 }
	})),
	...(
		[
			{ path: `/groups/${NO_GROUP}/help?/ask`, form: {} },
			{ path: `/groups/${NO_GROUP}/help?/write`, form: { body: 'hello' } },
			{ path: `/groups/${NO_GROUP}/help?/acknowledge`, form: { alertId: NO_GROUP } }
		] as Array<{ path: string; form: Record<string, string> }>
	).map(({ path, form }) => ({
		route: '/groups/[id]/help',
		method: 'POST' as const,
		path,
		form,
		expect: { anonymous: 303, member: 404, coordinator: 404, admin: 404 }
	})),
	{
		route: '/groups/[id]/help/[memberId]',
		method: 'POST',
		path: `/groups/${NO_GROUP}/help/${NO_GROUP}?/reply`,
		form: { body: 'hello' },
		expect: { anonymous: 303, member: 404, coordinator: 404, admin: 404 }
	},
	// The service directory (H1). Browsing is for anyone signed in; a filter value that is not
	// offered (a hand-made address) means "any", and ?archived is honoured for staff only.
	...[
		'/services',
		'/services?country=LA&kind=legal_aid&language=lo',
		'/services?country=XX&kind=bakery&language=fr',
		'/services?archived=on'
	].map((path) => ({
		route: '/services',
		method: 'GET' as const,
		path,
		expect: signedInOnly
	})),
	{ route: '/services/new', method: 'GET', path: '/services/new', expect: staffOnly },
	// Sent without the form's key (and without a name): refused for staff, not there for members.
	{
		route: '/services/new',
		method: 'POST',
		path: '/services/new?/add',
		form: { name: '' },
		expect: { anonymous: 303, member: 404, coordinator: 400, admin: 400 }
	},
	// A whole service, with the key its page rendered: staff are sent to the new service's page.
	{
		route: '/services/new',
		method: 'POST',
		path: '/services/new?/add',
		form: {
			name: 'Route matrix service',
			kind: 'legal_aid',
			country: 'LA',
			languages: 'lo',
			howToReach: 'Ask at the district office'
		},
		formKeyFrom: '/services/new',
		expect: { anonymous: 303, member: 404, coordinator: 303, admin: 303 }
	},
	// A service nobody has (or an id that is not one): its page, its form, its staff and every
	// form on them do not exist for anyone.
	...[
		`/services/${NO_GROUP}`,
		'/services/not-an-id',
		`/services/${NO_GROUP}/edit`,
		`/services/${NO_GROUP}/edit?archive`,
		`/services/${NO_GROUP}/staff`
	].map((path) => ({
		route: path.replace(/\?.*$/, '').replace(NO_GROUP, '[id]').replace('not-an-id', '[id]'),
		method: 'GET' as const,
		path,
		expect: { anonymous: 303, member: 404, coordinator: 404, admin: 404 }
	})),
	...(
		[
			[
				'/services/[id]/edit',
				'save',
				{
					name: 'Changed',
					kind: 'hotline',
					country: 'TH',
					languages: 'th',
					howToReach: 'Ask the facilitator'
				}
			],
			['/services/[id]/edit', 'archive', {}],
			['/services/[id]/staff', 'name', { pseudonym: 'someone' }],
			['/services/[id]/staff', 'remove', { accountId: NO_GROUP }]
		] as Array<[string, string, Record<string, string>]>
	).map(([route, action, form]) => ({
		route,
		method: 'POST' as const,
		path: `${route.replace('[id]', NO_GROUP)}?/${action}`,
		form,
		// The change's form carries a key like any other (it is not checked for a change).
		...(action === 'save' ? { formKeyFrom: '/services/new' } : {}),
		expect: { anonymous: 303, member: 404, coordinator: 404, admin: 404 }
	})),
	// Rating a service (H2): an unknown service is a 404 for everyone signed in, whatever is sent
	// (the service is looked up and the rater checked before the form is read).
	{
		route: '/services/[id]/rate',
		method: 'GET',
		path: `/services/${NO_GROUP}/rate`,
		expect: { anonymous: 303, member: 404, coordinator: 404, admin: 404 }
	},
	{
		route: '/services/[id]/rate',
		method: 'GET',
		path: `/services/${NO_GROUP}/rate?withdraw`,
		expect: { anonymous: 303, member: 404, coordinator: 404, admin: 404 }
	},
	...(
		[
			{
				path: `/services/${NO_GROUP}/rate?/rate`,
				form: { respect: '5', helped: '4', safe: '3', reach: '5', comment: '', used: 'yes' }
			},
			{ path: `/services/${NO_GROUP}/rate?/rate`, form: { respect: '9' } },
			{ path: `/services/${NO_GROUP}/rate?/withdraw`, form: {} }
		] as Array<{ path: string; form: Record<string, string> }>
	).map(({ path, form }) => ({
		route: '/services/[id]/rate',
		method: 'POST' as const,
		path,
		form,
		expect: { anonymous: 303, member: 404, coordinator: 404, admin: 404 }
	})),
	// The service page's scores filter is a GET query on /services/[id] (H1's row covers the route):
	{
		route: '/services/[id]',
		method: 'GET',
		path: `/services/${NO_GROUP}?language=th&country=TH`,
		expect: { anonymous: 303, member: 404, coordinator: 404, admin: 404 }
	},
	// Complaints (H3). A member's own complaints; coordinators see every one (sensitive ones only
	// as focal points, otherwise only counted).
	{ route: '/complaints', method: 'GET', path: '/complaints', expect: signedInOnly },
	{ route: '/complaints/new', method: 'GET', path: '/complaints/new', expect: signedInOnly },
	// Without the form's key and with nothing written: refused, for everyone signed in.
	{
		route: '/complaints/new',
		method: 'POST',
		path: '/complaints/new',
		form: { kind: '', whatHappened: '' },
		expect: { anonymous: 303, member: 400, coordinator: 400, admin: 400 }
	},
	// A whole complaint with the key its page rendered: anyone signed in lands on its page.
	{
		route: '/complaints/new',
		method: 'POST',
		path: '/complaints/new',
		form: {
			service: '',
			kind: 'other',
			whatHappened: 'Route matrix complaint',
			answerInApp: 'yes',
			tellService: 'no',
			mayRefer: 'no'
		},
		formKeyFrom: '/complaints/new',
		expect: { anonymous: 303, member: 303, coordinator: 303, admin: 303 }
	},
	// A complaint nobody has (or that is not the visitor's) does not exist, nor its step form.
	{
		route: '/complaints/[id]',
		method: 'GET',
		path: `/complaints/${NO_GROUP}`,
		expect: { anonymous: 303, member: 404, coordinator: 404, admin: 404 }
	},
	{
		route: '/complaints/[id]',
		method: 'POST',
		path: `/complaints/${NO_GROUP}?/step`,
		form: { status: 'acknowledged', message: 'Route matrix step' },
		expect: { anonymous: 303, member: 404, coordinator: 404, admin: 404 }
	},
	// Recording a complaint for a member: staff only; without a key, a member or consent, refused.
	{ route: '/complaints/record', method: 'GET', path: '/complaints/record', expect: staffOnly },
	{
		route: '/complaints/record',
		method: 'POST',
		path: '/complaints/record',
		form: { member: '', kind: 'other', whatHappened: 'Route matrix complaint' },
		expect: { anonymous: 303, member: 404, coordinator: 400, admin: 400 }
	},
	// Naming focal points for sensitive complaints: admins only.
	{
		route: '/complaints/focal-points',
		method: 'GET',
		path: '/complaints/focal-points',
		expect: { anonymous: 303, member: 404, coordinator: 404, admin: 200 }
	},
	{
		route: '/complaints/focal-points',
		method: 'POST',
		path: '/complaints/focal-points?/name',
		form: { nickname: '' },
		expect: { anonymous: 303, member: 404, coordinator: 404, admin: 400 }
	},
	// Removing one that is not there (a second tap) finds the work done.
	{
		route: '/complaints/focal-points',
		method: 'POST',
		path: '/complaints/focal-points?/remove',
		form: { accountId: 'not-an-id' },
		expect: { anonymous: 303, member: 404, coordinator: 404, admin: 200 }
	},
	// "You said, we did" (H4): "Got it" under a note that does not reach the visitor (or no note).
	...[NO_GROUP, 'not-an-id'].map((noteId) => ({
		route: '/',
		method: 'POST' as const,
		path: '/?/changeNoteSeen',
		form: { noteId },
		expect: { anonymous: 303, member: 404, coordinator: 404, admin: 404 }
	})),
	// Moderation of comments and providers' replies (H4): coordinators and admins only. A comment
	// or reply nobody has is a 404 for them too, and changes nothing.
	{ route: '/services/moderation', method: 'GET', path: '/services/moderation', expect: staffOnly },
	...['approveComment', 'declineComment'].map((action) => ({
		route: '/services/moderation',
		method: 'POST' as const,
		path: `/services/moderation?/${action}`,
		form: { ratingId: NO_GROUP },
		expect: { anonymous: 303, member: 404, coordinator: 404, admin: 404 }
	})),
	{
		route: '/services/moderation',
		method: 'POST',
		path: '/services/moderation?/proposeEdit',
		form: { ratingId: NO_GROUP, text: 'Route matrix edit' },
		expect: { anonymous: 303, member: 404, coordinator: 404, admin: 404 }
	},
	...['approveReply', 'declineReply'].map((action) => ({
		route: '/services/moderation',
		method: 'POST' as const,
		path: `/services/moderation?/${action}`,
		form: { replyId: 'not-an-id' },
		expect: { anonymous: 303, member: 404, coordinator: 404, admin: 404 }
	})),
	// The author's view of their comment on a service: no such service is a 404 for everyone.
	{
		route: '/services/[id]/comment',
		method: 'GET',
		path: `/services/${NO_GROUP}/comment`,
		expect: { anonymous: 303, member: 404, coordinator: 404, admin: 404 }
	},
	...['accept', 'decline'].map((action) => ({
		route: '/services/[id]/comment',
		method: 'POST' as const,
		path: `/services/${NO_GROUP}/comment?/${action}`,
		form: {},
		expect: { anonymous: 303, member: 404, coordinator: 404, admin: 404 }
	})),
	{
		route: '/services/[id]/comment',
		method: 'POST',
		path: `/services/${NO_GROUP}/comment?/change`,
		form: { text: 'Route matrix comment' },
		expect: { anonymous: 303, member: 404, coordinator: 404, admin: 404 }
	},
	// Writing a "you said, we did" note: no such service is a 404 for everyone.
	{
		route: '/services/[id]/notes',
		method: 'GET',
		path: `/services/${NO_GROUP}/notes`,
		expect: { anonymous: 303, member: 404, coordinator: 404, admin: 404 }
	},
	{
		route: '/services/[id]/notes',
		method: 'POST',
		path: `/services/${NO_GROUP}/notes?/publish`,
		form: { body: 'Route matrix note', formKey: '' },
		expect: { anonymous: 303, member: 404, coordinator: 404, admin: 404 }
	},
	// A provider account's page: only for accounts on a service's staff (none of these are).
	{
		route: '/provider',
		method: 'GET',
		path: '/provider',
		expect: { anonymous: 303, member: 404, coordinator: 404, admin: 404 }
	},
	{
		route: '/provider',
		method: 'POST',
		path: '/provider?/reply',
		form: { ratingId: NO_GROUP, body: 'Route matrix reply', formKey: '' },
		expect: { anonymous: 303, member: 404, coordinator: 404, admin: 404 }
	},
	// The coordinators' report on services and its CSV: a member (a provider's staff too) gets 404.
	{ route: '/services/reports', method: 'GET', path: '/services/reports', expect: staffOnly },
	{
		route: '/services/reports.csv',
		method: 'GET',
		path: '/services/reports.csv',
		expect: staffOnly
	},
	// Topics and polls: the page and every form on it, for a group nobody is in.
	{
		route: '/groups/[id]/topics',
		method: 'GET',
		path: `/groups/${NO_GROUP}/topics`,
		expect: { anonymous: 303, member: 404, coordinator: 404, admin: 404 }
	},
	...(
		[
			{ action: 'propose', form: { title: 'hello' } },
			{ action: 'vote', form: { topicId: NO_GROUP, vote: '1' } },
			{ action: 'removeTopic', form: { topicId: NO_GROUP, reason: '' } },
			{ action: 'createPoll', form: { question: 'hello', options: 'yes' } },
			{ action: 'votePoll', form: { pollId: NO_GROUP, optionId: NO_GROUP } },
			{ action: 'closePoll', form: { pollId: NO_GROUP } }
		] as Array<{ action: string; form: Record<string, string> }>
	).map(({ action, form }) => ({
		route: '/groups/[id]/topics',
		method: 'POST' as const,
		path: `/groups/${NO_GROUP}/topics?/${action}`,
		form,
		expect: { anonymous: 303, member: 404, coordinator: 404, admin: 404 }
	})),
	// SAVINGS-HOME
	{ route: '/savings', method: 'GET', path: '/savings', expect: signedInOnly },
	{
		route: '/savings',
		method: 'POST',
		path: '/savings?/code',
		form: { code: '' },
		expect: { anonymous: 303, member: 400, coordinator: 400, admin: 400 }
	},
	{
		route: '/savings',
		method: 'POST',
		path: '/savings?/join',
		form: { groupId: NO_GROUP },
		expect: { ...signedInOnly, member: 404, coordinator: 404, admin: 404 }
	},
	{
		route: '/savings',
		method: 'POST',
		path: '/savings?/seen',
		form: { groupId: NO_GROUP },
		expect: signedInOnly
	},
	// A savings group nobody is in: its overview does not exist for anyone.
	{
		route: '/savings/[id]',
		method: 'GET',
		path: `/savings/${NO_GROUP}`,
		expect: { ...signedInOnly, member: 404, coordinator: 404, admin: 404 }
	},
	{ route: '/savings/new', method: 'GET', path: '/savings/new', expect: staffOnly },
	{
		route: '/savings/new',
		method: 'POST',
		path: '/savings/new',
		form: { name: '' },
		expect: { anonymous: 303, member: 404, coordinator: 400, admin: 400 }
	},
	// Started from a circle nobody is in: not for anyone.
	{
		route: '/savings/new',
		method: 'GET',
		path: `/savings/new?circle=${NO_GROUP}`,
		expect: { ...signedInOnly, member: 404, coordinator: 404, admin: 404 }
	},
	{
		route: '/savings/new',
		method: 'POST',
		path: `/savings/new?circle=${NO_GROUP}`,
		form: { name: '' },
		expect: { ...signedInOnly, member: 404, coordinator: 404, admin: 404 }
	},
	// SAVINGS-MEMBERS
	...['/savings/[id]/members', '/savings/[id]/members/[memberId]', '/savings/[id]/rules'].map(
		(route) => ({
			route,
			method: 'GET' as const,
			path: route.replaceAll('[id]', NO_GROUP).replaceAll('[memberId]', NO_GROUP),
			expect: { anonymous: 303, member: 404, coordinator: 404, admin: 404 }
		})
	),
	// Every form on the members page and the rules page, with input it accepts, for a group
	// nobody is in.
	...(
		[
			['add', { formKey: NO_GROUP, name: 'Lotus', officer: '', pseudonym: '' }],
			['appoint', { memberId: NO_GROUP, officer: 'treasurer' }],
			['linkCode', { formKey: NO_GROUP, memberId: NO_GROUP }],
			['leave', { formKey: NO_GROUP, memberId: NO_GROUP, meetingId: NO_GROUP }]
		] as const
	).map(([action, form]) => ({
		route: '/savings/[id]/members',
		method: 'POST' as const,
		path: `/savings/${NO_GROUP}/members?/${action}`,
		form: { ...form },
		expect: { anonymous: 303, member: 404, coordinator: 404, admin: 404 }
	})),
	{
		route: '/savings/[id]/rules',
		method: 'POST',
		path: `/savings/${NO_GROUP}/rules`,
		form: { formKey: NO_GROUP, currency: 'THB', sharePrice: '50', reason: 'agreed' },
		expect: { anonymous: 303, member: 404, coordinator: 404, admin: 404 }
	},
	// SAVINGS-MEETINGS
	// A savings group nobody is in: its meetings, the sheet, one meeting and the opening balances
	// do not exist for anyone, and neither does any of their forms.
	...[
		'/savings/[id]/meetings',
		'/savings/[id]/meetings/new',
		'/savings/[id]/meetings/[meetingId]',
		'/savings/[id]/opening'
	].map((route) => ({
		route,
		method: 'GET' as const,
		path: route.replaceAll('[id]', NO_GROUP).replaceAll('[meetingId]', NO_GROUP),
		expect: { anonymous: 303, member: 404, coordinator: 404, admin: 404 }
	})),
	...(
		[
			['/savings/[id]/meetings/new', '?/check', { formKey: NO_GROUP, heldOn: '2026-01-06' }],
			['/savings/[id]/meetings/new', '?/record', { formKey: NO_GROUP, heldOn: '2026-01-06' }],
			[
				'/savings/[id]/meetings/[meetingId]',
				'?/correct',
				{ formKey: NO_GROUP, entryId: NO_GROUP, action: 'reverse', reason: 'a mistake' }
			],
			['/savings/[id]/opening', '', { formKey: NO_GROUP, heldOn: '2026-01-06', note: 'paper' }]
		] as const
	).map(([route, action, form]) => ({
		route,
		method: 'POST' as const,
		path: `${route.replaceAll('[id]', NO_GROUP).replaceAll('[meetingId]', NO_GROUP)}${action}`,
		form: { ...form },
		expect: { anonymous: 303, member: 404, coordinator: 404, admin: 404 }
	})),
	// SAVINGS-SHARE-OUT
	// The share-out page, its downloads and every form on it, for a group nobody is in. Real groups:
	// src/lib/server/savings/cycle-share-out.test.ts, ledger-export.test.ts and
	// tests/e2e/savings-share-out.e2e.ts.
	...['/share-out', '/ledger.csv', '/share-out.csv', '/ledger.csv?cycle=1'].map((page) => ({
		route: `/savings/[id]${page.replace(/\?.*$/, '')}`,
		method: 'GET' as const,
		path: `/savings/${NO_GROUP}${page}`,
		expect: { anonymous: 303, member: 404, coordinator: 404, admin: 404 }
	})),
	...(
		[
			{ action: 'start', form: { formKey: NO_GROUP } },
			{ action: 'reopen', form: { formKey: NO_GROUP } },
			{ action: 'approve', form: { formKey: NO_GROUP, officer: 'chair' } },
			{ action: 'pay', form: { formKey: NO_GROUP, memberId: NO_GROUP } },
			{ action: 'close', form: { formKey: NO_GROUP } },
			{
				action: 'writeOff',
				form: {
					formKey: NO_GROUP,
					loanId: NO_GROUP,
					meetingId: NO_GROUP,
					reason: 'agreed',
					groupAgreed: 'on'
				}
			},
			{ action: 'next', form: { formKey: NO_GROUP, startsOn: '2027-01-05' } },
			{
				action: 'guarantee',
				form: { formKey: NO_GROUP, loanId: NO_GROUP, charge: 'charge', groupAgreed: 'on' }
			}
		] as Array<{ action: string; form: Record<string, string> }>
	).map(({ action, form }) => ({
		route: '/savings/[id]/share-out',
		method: 'POST' as const,
		path: `/savings/${NO_GROUP}/share-out?/${action}`,
		form,
		expect: { anonymous: 303, member: 404, coordinator: 404, admin: 404 }
	})),
	// Courses: the catalogue is for everyone signed in; a course that does not exist (or a draft
	// one does not write) is a 404, for its page, its actions, its roster and the roster's file.
	// Their rules by role and course are in src/lib/server/access/courses.test.ts, and the pages
	// in tests/e2e/courses-member.e2e.ts.
	{ route: '/courses', method: 'GET', path: '/courses', expect: signedInOnly },
	{
		route: '/courses',
		method: 'GET',
		path: '/courses?level=expert',
		expect: { anonymous: 303, member: 400, coordinator: 400, admin: 400 }
	},
	...['', '/roster', '/roster.csv'].map((page) => ({
		route: `/courses/[id]${page}`,
		method: 'GET' as const,
		path: `/courses/${NO_GROUP}${page}`,
		expect: { anonymous: 303, member: 404, coordinator: 404, admin: 404 }
	})),
	...(
		[
			{ action: 'enrol', form: { displayName: 'Lotus12' } },
			{ action: 'withdraw', form: {} },
			{ action: 'accept', form: {} }
		] as Array<{ action: string; form: Record<string, string> }>
	).map(({ action, form }) => ({
		route: '/courses/[id]',
		method: 'POST' as const,
		path: `/courses/${NO_GROUP}?/${action}`,
		form,
		expect: { anonymous: 303, member: 404, coordinator: 404, admin: 404 }
	})),
	// Writing courses (coordinators; a course's trainers edit their own).
	{ route: '/courses/new', method: 'GET', path: '/courses/new', expect: staffOnly },
	// Sent without the form's key (and without a title): refused for staff, not there for members.
	{
		route: '/courses/new',
		method: 'POST',
		path: '/courses/new?/create',
		form: { title: '' },
		expect: { anonymous: 303, member: 404, coordinator: 400, admin: 400 }
	},
	// A whole course, with the key its page rendered: staff are sent to the new draft's page.
	{
		route: '/courses/new',
		method: 'POST',
		path: '/courses/new?/create',
		form: {
			title: 'Route matrix course',
			language: 'en',
			level: 'start',
			provider: 'Provider',
			where: 'online',
			country: 'TH',
			area: 'Chiang Rai',
			timeZone: 'Asia/Bangkok',
			capacity: '10',
			enrolmentOpens: '2030-01-01',
			enrolmentCloses: '2030-01-09',
			offerHoldHours: '48',
			attendanceThreshold: '80',
			'sessions.0.date': '2030-01-10',
			'sessions.0.start': '09:00',
			'sessions.0.end': '12:00'
		},
		formKeyFrom: '/courses/new',
		expect: { anonymous: 303, member: 404, coordinator: 303, admin: 303 }
	},
	// "Add another session": the form again, one line longer; nothing saved.
	{
		route: '/courses/new',
		method: 'POST',
		path: '/courses/new?/addSession',
		form: { title: 'A course', 'sessions.0.date': '2030-01-10', sessionLines: '2' },
		expect: { anonymous: 303, member: 404, coordinator: 200, admin: 200 }
	},
	// A course nobody has: its form, its trainers and every form on them do not exist for anyone.
	...['/courses/[id]/edit', '/courses/[id]/trainers'].map((route) => ({
		route,
		method: 'GET' as const,
		path: route.replace('[id]', NO_GROUP),
		expect: { anonymous: 303, member: 404, coordinator: 404, admin: 404 }
	})),
	// The confirmation step of cancelling is the same page with ?cancel.
	{
		route: '/courses/[id]/edit',
		method: 'GET',
		path: `/courses/${NO_GROUP}/edit?cancel`,
		expect: { anonymous: 303, member: 404, coordinator: 404, admin: 404 }
	},
	...(
		[
			['/courses/[id]/edit', 'save', { title: 'A course', capacity: '10' }],
			['/courses/[id]/edit', 'publish', { title: 'A course', capacity: '10' }],
			['/courses/[id]/edit', 'addSession', { title: 'A course', sessionLines: '2' }],
			['/courses/[id]/edit', 'cancel', {}],
			['/courses/[id]/trainers', 'name', { pseudonym: 'someone' }],
			['/courses/[id]/trainers', 'remove', { accountId: NO_GROUP }]
		] as Array<[string, string, Record<string, string>]>
	).map(([route, action, form]) => ({
		route,
		method: 'POST' as const,
		path: `${route.replace('[id]', NO_GROUP)}?/${action}`,
		form,
		expect: { anonymous: 303, member: 404, coordinator: 404, admin: 404 }
	})),
	// Attendance (a course's trainers and coordinators) and checking in (a member with a seat).
	...[
		{ route: '/courses/[id]/attendance', path: `/courses/${NO_GROUP}/attendance` },
		{
			route: '/courses/[id]/attendance/[sessionId]',
			path: `/courses/${NO_GROUP}/attendance/${NO_GROUP}`
		},
		{
			route: '/courses/[id]/attendance/[sessionId]/code',
			path: `/courses/${NO_GROUP}/attendance/${NO_GROUP}/code`
		},
		{ route: '/courses/[id]/check-in', path: `/courses/${NO_GROUP}/check-in` }
	].map(({ route, path }) => ({
		route,
		method: 'GET' as const,
		path,
		expect: { anonymous: 303, member: 404, coordinator: 404, admin: 404 }
	})),
	...(
		[
			{
				route: '/courses/[id]/attendance/[sessionId]',
				path: `/courses/${NO_GROUP}/attendance/${NO_GROUP}?/save`,
				form: { [`mark.${NO_GROUP}`]: 'present', [`was.${NO_GROUP}`]: 'absent' }
			},
			{
				route: '/courses/[id]/attendance/[sessionId]',
				path: `/courses/${NO_GROUP}/attendance/${NO_GROUP}?/open`,
				form: {}
			},
			{
				route: '/courses/[id]/check-in',
				path: `/courses/${NO_GROUP}/check-in`,
				form: { sessionId: NO_GROUP, code: '123456' }
			}
		] as Array<{ route: string; path: string; form: Record<string, string> }>
	).map(({ route, path, form }) => ({
		route,
		method: 'POST' as const,
		path,
		form,
		expect: { anonymous: 303, member: 404, coordinator: 404, admin: 404 }
	})),
	// Ratings and follow-up (participants), and what they said added up (trainers, coordinators).
	...['/feedback', '/follow-up', '/results'].map((page) => ({
		route: `/courses/[id]${page}`,
		method: 'GET' as const,
		path: `/courses/${NO_GROUP}${page}`,
		expect: { anonymous: 303, member: 404, coordinator: 404, admin: 404 }
	})),
	...(
		[
			{
				route: '/courses/[id]/feedback',
				path: `/courses/${NO_GROUP}/feedback?/answer`,
				form: { useful: '5', understandable: '4', fittedTime: '3', recommend: '5', comment: '' }
			},
			{
				route: '/courses/[id]/feedback',
				path: `/courses/${NO_GROUP}/feedback?/answer`,
				form: { useful: '9' }
			},
			{
				route: '/courses/[id]/follow-up',
				path: `/courses/${NO_GROUP}/follow-up?/answer`,
				form: { afterMonths: '3', work: 'found_work', earnings: 'a_little', helpNext: 'money' }
			},
			{
				route: '/courses/[id]/follow-up',
				path: `/courses/${NO_GROUP}/follow-up?/answer`,
				form: { afterMonths: '3' }
			},
			{
				route: '/courses/[id]/follow-up',
				path: `/courses/${NO_GROUP}/follow-up?/decline`,
				form: { afterMonths: '12' }
			}
		] as Array<{ route: string; path: string; form: Record<string, string> }>
	).map(({ route, path, form }) => ({
		route,
		method: 'POST' as const,
		path,
		form,
		expect: { anonymous: 303, member: 404, coordinator: 404, admin: 404 }
	})),
	// A certificate is its holder's alone; anyone may check one by its code (this one is nobody's).
	{
		route: '/courses/[id]/certificate',
		method: 'GET',
		path: `/courses/${NO_GROUP}/certificate`,
		expect: { anonymous: 303, member: 404, coordinator: 404, admin: 404 }
	},
	{
		route: '/courses/[id]/certificate',
		method: 'POST',
		path: `/courses/${NO_GROUP}/certificate?/show`,
		form: { name: 'Sokha Chan' },
		expect: { anonymous: 303, member: 404, coordinator: 404, admin: 404 }
	},
	{ route: '/certificates', method: 'GET', path: '/certificates', expect: everyone(200) },
	{
		route: '/certificates',
		method: 'POST',
		path: '/certificates?/check',
		form: { code: 'ZZZZ-ZZZZ-ZZZZ' },
		expect: everyone(404)
	},
	{
		route: '/courses/[id]/roster',
		method: 'POST',
		path: `/courses/${NO_GROUP}/roster?/remove`,
		form: { enrolmentId: NO_GROUP },
		expect: { anonymous: 303, member: 404, coordinator: 404, admin: 404 }
	}
];

/**
 * Events a client may send over socket.io, for a group the sender is not in: staff may watch any
 * group (open, sync, history) but only its members post. Anonymous visitors get no socket at all
 * (src/lib/server/realtime/attach.test.ts). src/lib/server/groups/group-socket.test.ts runs every
 * row against a real group, and the membership rules themselves.
 */
export const SOCKET_EVENT_MATRIX: Array<{
	event: string;
	expect: Record<Who, 'allowed' | 'refused'>;
}> = [
	...['group:open', 'message:sync', 'message:history'].map((event) => ({
		event,
		expect: {
			anonymous: 'refused',
			member: 'refused',
			coordinator: 'allowed',
			admin: 'allowed'
		} as const
	})),
	// Answers with the caller's own groups only (none for most): nobody learns of another's call.
	{
		event: 'crisis:waiting',
		expect: { anonymous: 'refused', member: 'allowed', coordinator: 'allowed', admin: 'allowed' }
	},
	// A member's private conversation with the facilitators: staff may read any, like its page.
	{
		event: 'support:sync',
		expect: { anonymous: 'refused', member: 'refused', coordinator: 'allowed', admin: 'allowed' }
	},
	{
		event: 'message:send',
		expect: { anonymous: 'refused', member: 'refused', coordinator: 'refused', admin: 'refused' }
	},
	// Only a member has a place in the conversation to keep; staff looking in keep none.
	{
		event: 'group:read',
		expect: { anonymous: 'refused', member: 'refused', coordinator: 'refused', admin: 'refused' }
	}
];
