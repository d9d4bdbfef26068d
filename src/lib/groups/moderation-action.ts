import { m } from '$lib/paraglide/messages';

const LABELS: Record<string, () => string> = {
	approve: m.log_action_approve,
	hide: m.log_action_hide,
	delete: m.log_action_delete,
	warn: m.log_action_warn,
	mute: m.log_action_mute,
	unmute: m.log_action_unmute,
	remove: m.log_action_remove,
	slow_mode: m.log_action_slow_mode,
	pause: m.log_action_pause,
	resume: m.log_action_resume,
	admit: m.log_action_admit,
	decline: m.log_action_decline,
	role: m.log_action_role,
	readmit: m.log_action_readmit,
	rejoin_refused: m.log_action_rejoin_refused,
	too_fast: m.log_action_too_fast,
	topic_removed: m.topics_log_removed,
	poll_closed: m.poll_log_closed
};

/** A line of the moderation log, named in the reader's language. */
export const moderationActionLabel = (action: string) => (LABELS[action] ?? m.log_action_other)();
