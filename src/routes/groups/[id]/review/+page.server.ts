import { fail } from '@sveltejs/kit';
import * as v from 'valibot';
import { flagReasonLabel } from '$lib/groups/flag-reasons';
import { groupRoleLabel } from '$lib/groups/group-role';
import { m } from '$lib/paraglide/messages';
import {
	INVITATION_DEFAULT_DAYS,
	createInvitation,
	listGroupInvitations,
	revokeInvitation
} from '$lib/server/accounts/invitations';
import { requireAccess, requireSignedIn } from '$lib/server/access/require';
import { systemClock } from '$lib/server/clock';
import { config } from '$lib/server/config';
import { getDb } from '$lib/server/db';
import { countOpenAlerts } from '$lib/server/groups/crisis';
import { loadGroup } from '$lib/server/groups/group-access';
import { setGroupPace } from '$lib/server/groups/groups';
import {
	MUTE_MAX_MINUTES,
	listMembersForModeration,
	moderateMember
} from '$lib/server/groups/member-moderation';
import { decideJoinRequest } from '$lib/server/groups/membership';
import {
	listReviewQueue,
	reviewMessage,
	type ReviewDecision
} from '$lib/server/groups/message-review';
import { formatDate, formatNumber } from '$lib/server/i18n/format';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = async ({ locals, params, url }) => {
	requireSignedIn(locals.actor, url);
	const db = getDb();
	const { group, membership, resource } = await loadGroup(db, locals.actor, params.id);
	requireAccess(locals.actor, 'group:moderate', resource);
	const now = systemClock();
	const [queue, members, openAlerts, codes] = await Promise.all([
		listReviewQueue(db, locals.actor, group.id),
		listMembersForModeration(db, locals.actor, group.id),
		countOpenAlerts(db, locals.actor, group.id),
		listGroupInvitations(db, locals.actor, group.id)
	]);
	return {
		group: { id: group.id, name: group.name },
		me: { moderates: true, memberKey: membership?.id ?? null },
		openAlerts: openAlerts > 0 ? formatNumber(openAlerts) : null,
		pace: { slowModeSeconds: group.slow_mode_seconds, paused: group.paused_at !== null },
		focus: url.searchParams.get('message'),
		// Sentences made here, in the viewer's language: the page's script need not carry them all.
		queue: queue.map((item) => ({
			message: item.message,
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
				mutedUntil:
					member.muted_until && member.muted_until > now ? formatDate(member.muted_until) : null,
				notes: member.notes.map((note) => ({
					kind: note.kind,
					body: note.body,
					author: note.author,
					date: formatDate(note.created_at)
				}))
			})),
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
		})
	};
};

/** Mute lengths offered, in minutes: an hour, a day, three days, a week. */
const MUTE_CHOICES = [60, 24 * 60, 3 * 24 * 60, MUTE_MAX_MINUTES];
const MUTE_LABELS: Record<number, () => string> = {
	60: m.mute_hour,
	[24 * 60]: m.mute_day,
	[3 * 24 * 60]: m.mute_three_days,
	[MUTE_MAX_MINUTES]: m.mute_week
};
const HELD_BECAUSE = {
	contact: m.review_held_contact,
	first_posts: m.review_held_first_posts,
	flags: m.review_held_flags
};

const reason = (required: boolean) =>
	v.pipe(
		v.string(),
		v.trim(),
		v.maxLength(300, () => m.moderation_reason_too_long()),
		v.check(
			(value) => !required || value.length > 0,
			() => m.moderation_reason_required()
		)
	);

const field = (data: FormData, name: string) => String(data.get(name) ?? '');

/** Parses one small moderation form; the failure carries the message and what was typed. */
function parse<T>(schema: v.GenericSchema<unknown, T>, input: unknown, target: string) {
	const result = v.safeParse(schema, input);
	if (result.success) return { ok: true as const, value: result.output };
	return {
		ok: false as const,
		failure: fail(400, { target, error: result.issues[0].message, input })
	};
}

export const actions: Actions = {
	review: async ({ request, locals, params, url }) => {
		requireSignedIn(locals.actor, url);
		const data = await request.formData();
		const decision = field(data, 'decision') as ReviewDecision;
		const messageId = field(data, 'messageId');
		const parsed = parse(
			v.object({
				decision: v.picklist(['approve', 'hide', 'delete'], () => m.field_required()),
				reason: reason(decision !== 'approve')
			}),
			{ decision, reason: field(data, 'reason') },
			messageId
		);
		if (!parsed.ok) return parsed.failure;
		await reviewMessage(
			getDb(),
			locals.actor,
			params.id,
			{ messageId, ...parsed.value },
			systemClock()
		);
		return { target: messageId, done: m.review_done() };
	},

	member: async ({ request, locals, params, url }) => {
		requireSignedIn(locals.actor, url);
		const data = await request.formData();
		const memberId = field(data, 'memberId');
		const kind = field(data, 'kind');
		const parsed = parse(
			v.variant('kind', [
				v.object({ kind: v.literal('warn'), reason: reason(true) }),
				v.object({
					kind: v.literal('mute'),
					reason: reason(true),
					minutes: v.pipe(
						v.string(),
						v.transform(Number),
						v.picklist(MUTE_CHOICES, () => m.field_required())
					)
				}),
				v.object({ kind: v.literal('unmute'), reason: reason(false) }),
				v.object({ kind: v.literal('remove'), reason: reason(true) }),
				v.object({
					kind: v.literal('note'),
					body: v.pipe(
						v.string(),
						v.trim(),
						v.nonEmpty(() => m.field_required()),
						v.maxLength(2000, () => m.moderation_reason_too_long())
					)
				})
			]),
			{
				kind,
				reason: field(data, 'reason'),
				minutes: field(data, 'minutes'),
				body: field(data, 'body')
			},
			`${memberId}:${kind}`
		);
		if (!parsed.ok) return parsed.failure;
		await moderateMember(getDb(), locals.actor, params.id, memberId, parsed.value, systemClock());
		return { target: `${memberId}:${kind}`, done: m.review_done() };
	},

	request: async ({ request, locals, params, url }) => {
		requireSignedIn(locals.actor, url);
		const data = await request.formData();
		const memberId = field(data, 'memberId');
		const result = await decideJoinRequest(
			getDb(),
			locals.actor,
			params.id,
			memberId,
			field(data, 'decision') === 'admit',
			systemClock()
		);
		if (!result.ok) return fail(400, { target: memberId, error: m.group_join_full() });
		return { target: memberId, done: m.review_done() };
	},

	pace: async ({ request, locals, params, url }) => {
		requireSignedIn(locals.actor, url);
		const data = await request.formData();
		const parsed = parse(
			v.object({
				slowModeSeconds: v.pipe(
					v.string(),
					v.transform(Number),
					v.integer(() => m.group_slow_range()),
					v.minValue(0, () => m.group_slow_range()),
					v.maxValue(3600, () => m.group_slow_range())
				),
				paused: v.boolean(),
				reason: reason(false)
			}),
			{
				slowModeSeconds: field(data, 'slowModeSeconds') || '0',
				paused: data.get('paused') === 'on',
				reason: field(data, 'reason')
			},
			'pace'
		);
		if (!parsed.ok) return parsed.failure;
		await setGroupPace(getDb(), locals.actor, params.id, parsed.value, systemClock());
		return { target: 'pace', done: m.review_done() };
	},

	revoke: async ({ request, locals, url }) => {
		requireSignedIn(locals.actor, url);
		const id = field(await request.formData(), 'id');
		await revokeInvitation(getDb(), locals.actor, id, systemClock);
		return { target: 'invite', done: m.review_done() };
	},

	invite: async ({ request, locals, params, url }) => {
		requireSignedIn(locals.actor, url);
		const data = await request.formData();
		const parsed = parse(
			v.pipe(
				v.string(),
				v.transform(Number),
				v.integer(() => m.invitations_uses_range()),
				v.minValue(1, () => m.invitations_uses_range()),
				v.maxValue(20, () => m.invitations_uses_range())
			),
			field(data, 'maxUses'),
			'invite'
		);
		if (!parsed.ok) return parsed.failure;
		const { code } = await createInvitation(
			getDb(),
			locals.actor,
			{ maxUses: parsed.value, expiresInDays: INVITATION_DEFAULT_DAYS, groupId: params.id },
			systemClock
		);
		return { target: 'invite', code };
	}
};
