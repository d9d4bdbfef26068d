import { m } from '$lib/paraglide/messages';

/** A role in a group, as people in it call it. */
export const groupRoleLabel = (role: 'member' | 'co_facilitator' | 'facilitator') =>
	({
		member: m.group_role_member,
		co_facilitator: m.group_role_co_facilitator,
		facilitator: m.group_role_facilitator
	})[role]();
