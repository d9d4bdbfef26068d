import { fail, redirect } from '@sveltejs/kit';
import { tooFastMessage } from '$lib/groups/too-fast-message';
import { FLAG_REASONS, type FlagReason } from '$lib/groups/flag-reasons';
import { sendErrorMessage } from '$lib/groups/send-error-message';
import { m } from '$lib/paraglide/messages';
import { MESSAGE_MAX_LENGTH } from '$lib/realtime/messages';
import { can } from '$lib/server/access/policy';
import { requireAccess, requireSignedIn } from '$lib/server/access/require';
import { systemClock } from '$lib/server/clock';
import { config } from '$lib/server/config';
import { getDb } from '$lib/server/db';
import { isUnread } from '$lib/server/groups/circle-news';
import { loadGroup } from '$lib/server/groups/group-access';
import { flagMessage } from '$lib/server/groups/message-review';
import { listMessages, sendMessage } from '$lib/server/groups/messages';
import { takeNotices, type Notice } from '$lib/server/groups/notices';
import { markConversationRead } from '$lib/server/groups/read-position';
import { reviewOutcomeLabel } from '$lib/groups/review-outcome';
import { formatDateTime } from '$lib/server/i18n/format';
import { getLocale } from '$lib/paraglide/runtime';
import { standaloneScript } from '$lib/standalone-script-address';
import type { Actions, PageServerLoad } from './$types';

// Plain forms and no framework to fetch on a slow phone: the conversation stays live, and sends
// without a page load, with a script of its own (conversation-script.ts).
export const csr = false;

export const load: PageServerLoad = async ({ locals, params, url }) => {
	requireSignedIn(locals.actor, url);
	const actor = locals.actor;
	const db = getDb();
	const context = await loadGroup(db, actor, params.id);
	if (
		context.membership?.status === 'invited' ||
		(!can(actor, 'group:view', context.resource) &&
			can(actor, 'group:request-join', context.resource))
	) {
		redirect(303, `/groups/${params.id}/join`);
	}
	requireAccess(actor, 'group:view', context.resource);

	const before = Number(url.searchParams.get('before'));
	const page = await listMessages(db, actor, context, {
		beforeSeq: Number.isSafeInteger(before) && before > 0 ? before : undefined
	});
	const { group, membership } = context;
	const now = systemClock();
	const muted = membership?.muted_until && membership.muted_until > now ? membership : null;
	const replyId = url.searchParams.get('reply');
	const notices = membership?.status === 'active' ? await takeNotices(db, membership.id, now) : [];
	// The "New" marker sits above the first message the member had not read; the latest page, once
	// shown, is read (as far as its `lastRev`: what was stored after it is still new).
	const reader = membership?.status === 'active' && {
		memberId: membership.id,
		readUpTo: Number(membership.last_read_seq)
	};
	const firstNew = reader && page.messages.find((message) => isUnread(message, reader));
	if (reader && !url.searchParams.has('before'))
		await markConversationRead(db, actor, context, page.lastRev);
	return {
		group: {
			id: group.id,
			name: group.name,
			description: group.description,
			paused: group.paused_at !== null,
			slowModeSeconds: group.slow_mode_seconds
		},
		me: {
			memberKey: membership?.status === 'active' ? membership.id : null,
			takesPart: can(actor, 'group:take-part', context.resource),
			moderates: can(actor, 'group:moderate', context.resource),
			// The end in the member's words and digits, and as an instant for the page to wait for.
			muted: muted && {
				until: formatDateTime(muted.muted_until!),
				endsAt: muted.muted_until!.toISOString(),
				reason: muted.mute_reason ?? ''
			}
		},
		notices: notices.map(noticeText),
		history: Boolean(url.searchParams.get('before')),
		messages: page.messages,
		lastRev: page.lastRev,
		hasEarlier: page.hasEarlier,
		firstNewId: firstNew ? firstNew.id : null,
		replyTo:
			page.messages.find((message) => message.id === replyId && message.status === 'visible') ??
			null,
		// A fresh id for each rendered form: a form sent twice (a double tap, a reload) is one message.
		clientId: crypto.randomUUID(),
		timeZone: config().TIME_ZONE,
		maxLength: MESSAGE_MAX_LENGTH,
		conversationScript: standaloneScript('conversation', getLocale())
	};
};

export const actions: Actions = {
	send: async ({ request, locals, params, url }) => {
		requireSignedIn(locals.actor, url);
		const data = await request.formData();
		const body = String(data.get('body') ?? '');
		const replyToId = String(data.get('replyToId') ?? '') || null;
		const result = await sendMessage(
			getDb(),
			locals.actor,
			{ groupId: params.id, clientId: String(data.get('clientId') ?? ''), body, replyToId },
			systemClock
		);
		if (!result.ok) {
			const status = result.error === 'slow' || result.error === 'too_fast' ? 429 : 400;
			// What the member typed comes back with the reason it did not go.
			return fail(status, {
				body,
				replyToId,
				error: sendErrorMessage(result.error, result.retryAfterS)
			});
		}
		redirect(303, `/groups/${params.id}#latest`);
	},

	flag: async ({ request, locals, params, url }) => {
		requireSignedIn(locals.actor, url);
		const data = await request.formData();
		const messageId = String(data.get('messageId') ?? '');
		const reason = data.get('reason');
		// The page shows the answer beside the message the member reported.
		if (!FLAG_REASONS.includes(reason as FlagReason))
			return fail(400, { flag: { messageId, error: m.flag_reason_required() } });
		const result = await flagMessage(
			getDb(),
			locals.actor,
			params.id,
			{ messageId, reason: reason as FlagReason },
			systemClock()
		);
		if (!result.ok)
			return fail(429, { flag: { messageId, error: tooFastMessage(result.retryAfterS) } });
		return { flag: { messageId, error: null } };
	}
};

/** A notice to the member, as a sentence in their language. */
function noticeText(notice: Notice): string {
	switch (notice.kind) {
		case 'flag_outcome':
			return m.notice_flag_outcome({ outcome: reviewOutcomeLabel(notice.outcome) });
		case 'warning':
			return m.notice_warning({ reason: notice.reason });
	}
}
