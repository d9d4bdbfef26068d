import { fail } from '@sveltejs/kit';
import { tooFastMessage } from '$lib/groups/too-fast-message';
import { message, setError, superValidate } from 'sveltekit-superforms';
import { valibot } from 'sveltekit-superforms/adapters';
import { flagReasonLabel } from '$lib/groups/flag-reasons';
import { groupRoleLabel } from '$lib/groups/group-role';
import { m } from '$lib/paraglide/messages';
import { getLocale } from '$lib/paraglide/runtime';
import { groupInvitationSchema, paceSchema, revokeInvitationSchema } from '$lib/schemas/groups';
import {
	MUTE_CHOICES,
	joinDecisionSchema,
	memberActionSchema,
	memberNoteSchema,
	reviewSchema
} from '$lib/schemas/moderation';
import {
	INVITATION_DEFAULT_DAYS,
	InvitationLimitError,
	MEMBER_CODE_LIMITS,
	createInvitation,
	revokeInvitation
} from '$lib/server/accounts/invitations';
import { can } from '$lib/server/access/policy';
import { requireAccess, requireSignedIn } from '$lib/server/access/require';
import { systemClock } from '$lib/server/clock';
import { config } from '$lib/server/config';
import { getDb } from '$lib/server/db';
import { newFormKey, renewRefusedFormKey } from '$lib/server/forms/form-key';
import { FormKeyExpiredError } from '$lib/server/forms/repeat-safe';
import { loadGroup } from '$lib/server/groups/group-access';
import { setGroupPace } from '$lib/server/groups/groups';
import { moderateMember } from '$lib/server/groups/member-moderation';
import { decideJoinRequest } from '$lib/server/groups/membership';
import { reviewMessage } from '$lib/server/groups/message-review';
import { loadModerationOverview } from '$lib/server/groups/moderation-overview';
import { formatDate, formatNumber } from '$lib/server/i18n/format';
import { standaloneScript } from '$lib/standalone-script-address';
import type { Actions, PageServerLoad } from './$types';

// Plain forms and no framework to fetch on a slow phone: the lists stay live with a small script
// of their own (group-lists-script.ts), which asks for this page again when they change.
export const csr = false;

// Each form on the page has its action's name as its superforms id: the page shows a result, and
// what was typed, in the form it came from (src/lib/forms/form-result.ts).

export const load: PageServerLoad = async ({ locals, params, url }) => {
	requireSignedIn(locals.actor, url);
	const { group, membership, queue, members, openAlerts, codes } = await loadModerationOverview(
		getDb(),
		locals.actor,
		params.id
	);
	const now = systemClock();
	return {
		group: { id: group.id, name: group.name },
		me: { moderates: true, memberKey: membership?.id ?? null },
		listsScript: standaloneScript('group-lists', getLocale()),
		openAlerts: openAlerts > 0 ? m.review_open_alerts({ count: formatNumber(openAlerts) }) : null,
		focus: url.searchParams.get('message'),
		// Sentences made here, in the viewer's language: the page's script need not carry them all.
		queue: queue.map((item) => ({
			message: item.message,
			approve: item.message.status !== 'visible' ? m.review_approve() : m.review_keep(),
			why: item.heldReason ? HELD_BECAUSE[item.heldReason]() : null,
			flagged: item.flags.length
				? m.review_flags({
						count: formatNumber(item.flags.length),
						reasons: item.flags.map(flagReasonLabel).join(', ')
					})
				: null
		})),
		requests: members
			.filter((member) => member.status === 'requested')
			.map((member) => ({ id: member.id, name: member.display_name })),
		members: members
			.filter((member) => member.status === 'active' && member.id !== membership?.id)
			.map((member) => ({
				id: member.id,
				name: member.display_name,
				role: member.role,
				roleLabel: groupRoleLabel(member.role),
				// "Muted until …", or null when they may write.
				muted:
					member.muted_until && member.muted_until > now
						? m.review_muted_until({ date: formatDate(member.muted_until) })
						: null,
				// Each rendered form has a fresh key: the next note or warning is not taken for a resend.
				formKey: newFormKey(now),
				notes: member.notes.map((note) => ({
					label: note.kind === 'warning' ? m.review_warning() : m.review_note(),
					body: note.body,
					author: note.author,
					date: formatDate(note.created_at)
				}))
			})),
		removed: members
			.filter((member) => member.status === 'removed')
			.map((member) => ({
				id: member.id,
				name: member.display_name,
				formKey: newFormKey(now),
				tried: member.lastRejoinAttempt
					? m.review_rejoin_tried({ date: formatDate(member.lastRejoinAttempt) })
					: null
			})),
		// The page's words, made here in the viewer's language: its script then need not carry them
		// in every language (the page-weight budget, which its live part needs).
		labels: {
			title: m.review_title(),
			queueHeading: m.review_queue_heading(),
			hide: m.review_hide(),
			delete: m.review_delete(),
			queueEmpty: m.review_queue_empty(),
			requestsHeading: m.review_requests_heading(),
			admit: m.review_admit(),
			decline: m.review_decline(),
			membersHeading: m.review_members_heading(),
			warn: m.review_warn(),
			unmute: m.review_unmute(),
			mute: m.review_mute(),
			muteFor: m.review_mute_for(),
			remove: m.review_remove(),
			noteSubmit: m.review_note_submit(),
			membersEmpty: m.review_members_empty(),
			removedHeading: m.review_removed_heading(),
			removedIntro: m.review_removed_intro(),
			readmit: m.review_readmit(),
			paceHeading: m.review_pace_heading(),
			reasonOptional: m.moderation_reason_optional_label(),
			paceSubmit: m.review_pace_submit(),
			inviteHeading: m.review_invite_heading(),
			usesLabel: m.invitations_uses_label(),
			inviteSubmit: m.invitations_submit(),
			revoke: m.invitations_revoke(),
			slow: m.review_slow_label(),
			pause: m.review_pause_label(),
			note: m.review_note_label(),
			inviteIntro: m.review_invite_intro()
		},
		muteChoices: MUTE_CHOICES.map((minutes) => ({ minutes, label: MUTE_LABELS[minutes]() })),
		timeZone: config().TIME_ZONE,
		codes: codes.map((code) => {
			const used = m.invitations_used({
				used: formatNumber(code.use_count),
				max: formatNumber(code.max_uses)
			});
			const open = !code.revoked_at && code.expires_at > now;
			const state = code.revoked_at
				? m.invitations_revoked()
				: open
					? m.invitations_expires({ date: formatDate(code.expires_at) })
					: m.invitations_expired();
			return { id: code.id, open, state: `${used} · ${state}` };
		}),
		paceForm: await superValidate(
			{ slowModeSeconds: group.slow_mode_seconds, paused: group.paused_at !== null, reason: '' },
			valibot(paceSchema),
			{ id: 'pace', errors: false }
		),
		// A facilitator who is not staff makes codes of a few uses (accounts/invitations.ts).
		inviteMaxUses: can(locals.actor, 'invitation:create-many') ? 20 : MEMBER_CODE_LIMITS.maxUses,
		inviteForm: await superValidate(
			{ formKey: newFormKey(systemClock()), maxUses: 1 },
			valibot(groupInvitationSchema),
			{
				id: 'invite',
				errors: false
			}
		)
	};
};

const MUTE_LABELS: Record<number, () => string> = {
	60: m.mute_hour,
	[24 * 60]: m.mute_day,
	[3 * 24 * 60]: m.mute_three_days,
	[7 * 24 * 60]: m.mute_week
};
const HELD_BECAUSE = {
	contact: m.review_held_contact,
	first_posts: m.review_held_first_posts,
	flags: m.review_held_flags
};

/** A form sent back to be fixed; one refused for its key goes back with a fresh one. */
function refuse<F extends { data: { formKey: string }; errors: { formKey?: string[] } }>(form: F) {
	renewRefusedFormKey(form, systemClock());
	return fail(400, { form });
}

export const actions: Actions = {
	review: async ({ request, locals, params, url }) => {
		requireSignedIn(locals.actor, url);
		const form = await superValidate(request, valibot(reviewSchema), { id: 'review' });
		if (!form.valid) return fail(400, { form });
		await reviewMessage(getDb(), locals.actor, params.id, form.data, systemClock());
		return message(form, m.review_done());
	},

	member: async ({ request, locals, params, url }) => {
		requireSignedIn(locals.actor, url);
		const db = getDb();
		// Someone who may not moderate here is told nothing, not what was wrong with the form.
		const { resource } = await loadGroup(db, locals.actor, params.id);
		requireAccess(locals.actor, 'group:moderate', resource);
		const form = await superValidate(request, valibot(memberActionSchema), { id: 'member' });
		if (!form.valid) return refuse(form);
		const { formKey, memberId, kind, reason, minutes } = form.data;
		// The schema asks for minutes whenever the action is a mute.
		const action =
			kind === 'mute'
				? { kind, reason, minutes: minutes! }
				: kind === 'warn'
					? { kind, reason, formKey }
					: { kind, reason };
		const result = await moderateMember(
			db,
			locals.actor,
			params.id,
			memberId,
			action,
			systemClock()
		);
		if (!result.ok) {
			setError(form, 'formKey', m.form_key_expired());
			return refuse(form);
		}
		return message(form, m.review_done());
	},

	note: async ({ request, locals, params, url }) => {
		requireSignedIn(locals.actor, url);
		const db = getDb();
		const { resource } = await loadGroup(db, locals.actor, params.id);
		requireAccess(locals.actor, 'group:moderate', resource);
		const form = await superValidate(request, valibot(memberNoteSchema), { id: 'note' });
		if (!form.valid) return refuse(form);
		const { formKey, memberId, body } = form.data;
		const note = { kind: 'note', body, formKey } as const;
		const result = await moderateMember(db, locals.actor, params.id, memberId, note, systemClock());
		if (!result.ok) {
			setError(form, 'formKey', m.form_key_expired());
			return refuse(form);
		}
		return message(form, m.review_done());
	},

	request: async ({ request, locals, params, url }) => {
		requireSignedIn(locals.actor, url);
		const form = await superValidate(request, valibot(joinDecisionSchema), { id: 'request' });
		if (!form.valid) return fail(400, { form });
		const { memberId, decision } = form.data;
		const result = await decideJoinRequest(
			getDb(),
			locals.actor,
			params.id,
			memberId,
			decision === 'admit',
			systemClock()
		);
		if (!result.ok) return setError(form, '', m.group_join_full());
		return message(form, m.review_done());
	},

	pace: async ({ request, locals, params, url }) => {
		requireSignedIn(locals.actor, url);
		const form = await superValidate(request, valibot(paceSchema), { id: 'pace' });
		if (!form.valid) return fail(400, { form });
		await setGroupPace(getDb(), locals.actor, params.id, form.data, systemClock());
		return message(form, m.review_done());
	},

	revoke: async ({ request, locals, url }) => {
		requireSignedIn(locals.actor, url);
		const form = await superValidate(request, valibot(revokeInvitationSchema), { id: 'revoke' });
		if (!form.valid) return fail(400, { form });
		await revokeInvitation(getDb(), locals.actor, form.data.id, systemClock);
		return message(form, m.review_done());
	},

	/** Its message says the new code, shown once. */
	invite: async ({ request, locals, params, url }) => {
		requireSignedIn(locals.actor, url);
		// Access before the form: a circle one may not invite into is a 404, whatever was sent.
		const { resource } = await loadGroup(getDb(), locals.actor, params.id);
		requireAccess(locals.actor, 'invitation:create', { group: resource });
		const form = await superValidate(request, valibot(groupInvitationSchema), { id: 'invite' });
		const refuse = () => {
			renewRefusedFormKey(form, systemClock());
			return fail(400, { form });
		};
		if (!form.valid) return refuse();
		try {
			const { code } = await createInvitation(
				getDb(),
				locals.actor,
				{ ...form.data, expiresInDays: INVITATION_DEFAULT_DAYS, groupId: params.id },
				systemClock
			);
			// The page keeps this form: a fresh key, so the next code is not taken for a resend.
			form.data.formKey = newFormKey(systemClock());
			return message(form, m.invitations_new_code({ code }));
		} catch (error) {
			if (error instanceof InvitationLimitError) {
				if (error.limit === 'too_fast') {
					setError(form, '', tooFastMessage(error.retryAfterS));
					renewRefusedFormKey(form, systemClock());
					return fail(429, { form });
				}
				if (error.limit === 'uses')
					setError(form, 'maxUses', m.invite_limit_uses({ max: MEMBER_CODE_LIMITS.maxUses }));
				else setError(form, '', m.invite_limit_open({ open: MEMBER_CODE_LIMITS.open }));
				return refuse();
			}
			if (!(error instanceof FormKeyExpiredError)) throw error;
			setError(form, 'formKey', m.form_key_expired());
			return refuse();
		}
	}
};
