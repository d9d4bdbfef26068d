import type { ColumnType, Generated } from 'kysely';

/**
 * The table types, kept in one place. Each migration that adds or changes a table updates this file
 * in the same commit.
 */

// A timestamp with no default: every insert gives it. (schema.test.ts checks each column against the database.)
type Timestamp = ColumnType<Date, Date | string, Date | string>;
type CreatedAt = ColumnType<Date, Date | string | undefined, never>;

export type SiteRole = 'member' | 'coordinator' | 'admin';
export type SessionMode = 'shared' | 'remember';

export interface AccountTable {
	id: Generated<string>;
	pseudonym: string;
	pseudonym_key: string;
	passphrase_hash: string;
	role: ColumnType<SiteRole, SiteRole | undefined, SiteRole>;
	locale: string | null;
	created_at: CreatedAt;
	/** Whether "Leave now" ends this phone's session; off when the member says it is their own phone. */
	quick_exit_signs_out: Generated<boolean>;
	/** Where the member says they are, for help contacts (0007); null follows their language. */
	country: ColumnType<Country | null, Country | null | undefined, Country | null>;
}

export interface SessionTable {
	id: string;
	account_id: string;
	mode: SessionMode;
	created_at: Timestamp;
	renewed_at: Timestamp;
	expires_at: Timestamp;
	absolute_expires_at: Timestamp;
}

export interface InvitationTable {
	id: Generated<string>;
	code_hash: string;
	label: string | null;
	issued_by: string | null;
	max_uses: number;
	use_count: Generated<number>;
	group_id: string | null;
	expires_at: Timestamp;
	revoked_at: Timestamp | null;
	created_at: CreatedAt;
}

export interface InvitationUseTable {
	id: Generated<string>;
	invitation_id: string;
	account_id: string | null;
	used_at: CreatedAt;
}

export interface RecoveryCodeTable {
	id: Generated<string>;
	account_id: string;
	code_hash: string;
	used_at: Timestamp | null;
	created_at: CreatedAt;
}

export interface ResetCodeTable {
	id: Generated<string>;
	account_id: string;
	code_hash: string;
	issued_by: string | null;
	expires_at: Timestamp;
	used_at: Timestamp | null;
	/** When the member was shown that this code was made for them (accounts/reset-notice.ts). */
	told_at: Timestamp | null;
	created_at: CreatedAt;
}

/**
 * 'session': the passphrase asked again inside a session (change passphrase, delete account);
 * 'signup': a wrong invitation code or a nickname found taken at sign-up.
 */
export type AuthFailureKind = 'login' | 'code' | 'session' | 'signup';

export interface AuthFailureTable {
	id: Generated<bigint>;
	kind: AuthFailureKind;
	/** Keyed hashes (accounts/throttle.ts): the database alone cannot say who or from where. */
	pseudonym_hash: string | null;
	address_hash: string;
	failed_at: Timestamp;
}

export interface AuditEventTable {
	id: Generated<string>;
	actor_id: string | null;
	subject_id: string | null;
	action: string;
	details: ColumnType<Record<string, unknown>, string | undefined, string>;
	created_at: CreatedAt;
}

export interface SiteSettingTable {
	key: string;
	value: ColumnType<unknown, string, string>;
	updated_at: ColumnType<Date, Date | string | undefined, Date | string>;
}

export type JoinRule = 'invitation' | 'request';
export type GroupRole = 'member' | 'co_facilitator' | 'facilitator';
/** 'erased': a former member, whose account was deleted; the row keeps the group's records. */
export type MembershipStatus = 'invited' | 'requested' | 'active' | 'left' | 'removed' | 'erased';
/** 'deleted' by a facilitator; 'withdrawn' by its author when deleting their account. */
export type MessageStatus = 'visible' | 'held' | 'hidden' | 'deleted' | 'withdrawn';
export type HeldReason = 'first_posts' | 'contact' | 'flags';
export type FlagReason = 'unkind' | 'unsafe' | 'spam' | 'contact' | 'other';
export type Country = 'TH' | 'KH' | 'LA' | 'MM' | 'VN';
type Json = ColumnType<Record<string, unknown>, string | undefined, string>;

export interface PeerGroupTable {
	id: Generated<string>;
	name: string;
	description: Generated<string>;
	language: string;
	size_cap: Generated<number>;
	join_rule: JoinRule;
	agreement: string;
	hold_first_posts: Generated<number>;
	slow_mode_seconds: Generated<number>;
	paused_at: Timestamp | null;
	last_seq: ColumnType<bigint, bigint | undefined, bigint>;
	created_by: string | null;
	created_at: CreatedAt;
}

export interface GroupMemberTable {
	id: Generated<string>;
	group_id: string;
	/** Null, like display_name, only once the member is erased. */
	account_id: string | null;
	role: ColumnType<GroupRole, GroupRole | undefined, GroupRole>;
	status: MembershipStatus;
	display_name: string | null;
	display_name_key: string;
	agreement_accepted_at: Timestamp | null;
	joined_at: Timestamp | null;
	approved_posts: Generated<number>;
	muted_until: Timestamp | null;
	mute_reason: string | null;
	last_posted_at: Timestamp | null;
	created_at: CreatedAt;
	/** The group's change number up to which the member has read the conversation (0009). */
	last_read_seq: ColumnType<bigint, bigint | undefined, bigint>;
	/** When the member last looked at the topics and polls, and at their help conversation. */
	topics_seen_at: Timestamp | null;
	help_seen_at: Timestamp | null;
}

export interface GroupMessageTable {
	id: Generated<string>;
	group_id: string;
	seq: ColumnType<bigint, bigint, never>;
	rev: ColumnType<bigint, bigint, bigint>;
	client_id: string;
	author_id: string;
	body: string;
	reply_to_id: string | null;
	status: MessageStatus;
	held_reason: HeldReason | null;
	flag_count: Generated<number>;
	created_at: CreatedAt;
}

export interface MessageFlagTable {
	id: Generated<string>;
	message_id: string;
	flagger_id: string;
	reason: FlagReason;
	outcome: string | null;
	resolved_at: Timestamp | null;
	created_at: CreatedAt;
}

export interface ModerationActionTable {
	id: Generated<string>;
	group_id: string;
	actor_id: string | null;
	action: string;
	subject_id: string | null;
	message_id: string | null;
	reason: Generated<string>;
	details: Json;
	created_at: CreatedAt;
}

export interface MemberNoteTable {
	id: Generated<string>;
	group_id: string;
	subject_id: string;
	author_id: string | null;
	kind: 'note' | 'warning';
	body: string;
	created_at: CreatedAt;
}

export interface MemberNoticeTable {
	id: Generated<string>;
	member_id: string;
	kind: string;
	details: Json;
	created_at: CreatedAt;
	read_at: Timestamp | null;
}

export interface CrisisAlertTable {
	id: Generated<string>;
	group_id: string;
	member_id: string;
	/** Shared by the alerts of one press (one per circle alerted). */
	request_id: string;
	acknowledged_by: string | null;
	acknowledged_at: Timestamp | null;
	/** When the coordinators were told because nobody answered in time. */
	escalated_at: Timestamp | null;
	created_at: CreatedAt;
}

export interface SupportMessageTable {
	id: Generated<string>;
	group_id: string;
	member_id: string;
	author_id: string | null;
	body: string;
	created_at: CreatedAt;
}

export interface GroupTopicTable {
	id: Generated<string>;
	group_id: string;
	proposer_id: string | null;
	title: string;
	created_at: CreatedAt;
}

export interface TopicVoteTable {
	topic_id: string;
	member_id: string;
	created_at: CreatedAt;
}

export interface GroupPollTable {
	id: Generated<string>;
	group_id: string;
	author_id: string | null;
	question: string;
	closed_at: Timestamp | null;
	created_at: CreatedAt;
}

export interface PollOptionTable {
	id: Generated<string>;
	poll_id: string;
	label: string;
	position: number;
}

export interface PollVoteTable {
	poll_id: string;
	member_id: string;
	option_id: string;
	created_at: CreatedAt;
}

/** The first result of each repeat-safe form key (server/forms/repeat-safe.ts). */
export interface FormResultTable {
	/** SHA-256 hex of `scope:key`. */
	key_hash: string;
	scope: string;
	/** AES-256-GCM under a key derived from the form key; null while the work is running. */
	result: Uint8Array | null;
	created_at: Timestamp;
}

/** Where @socket.io/postgres-adapter keeps events too large to notify (0003); the app never reads it. */
export interface SocketIoAttachmentTable {
	id: Generated<bigint>;
	created_at: CreatedAt;
	payload: Uint8Array;
}

/* Savings groups (0010). Calendar dates are 'YYYY-MM-DD' text (see db/open.ts). */
type CalendarDateColumn = string;
/** Nullable, and left out of an insert when null. */
type Maybe<T> = ColumnType<T | null, T | null | undefined, T | null>;

export type SavingsMeets = 'weekly' | 'fortnightly' | 'monthly';
export type SavingsOfficer = 'chair' | 'secretary' | 'treasurer' | 'box_keeper' | 'key_holder';
export type SavingsMemberStatus = 'active' | 'left';
export type SavingsCycleState = 'open' | 'sharing_out' | 'closed';
export type SavingsCurrency = 'THB' | 'KHR' | 'LAK' | 'MMK' | 'VND' | 'USD';
export type ChargeMethodColumn = 'flat' | 'declining';
export type LatePenalty = 'none' | 'percent' | 'fixed';
export type SavingsFund = 'loan' | 'social';
export type CashPlace = 'box' | 'bank';
export type Attendance = 'present' | 'late' | 'absent' | 'represented';
export type SavingsEntryKind =
	| 'opening_cash'
	| 'opening_shares'
	| 'opening_loan'
	| 'shares'
	| 'social_fund'
	| 'fine_late'
	| 'fine_absent'
	| 'fine_other'
	| 'loan_out'
	| 'charge'
	| 'penalty'
	| 'repayment'
	| 'grant'
	| 'income'
	| 'cost'
	| 'transfer'
	| 'count_difference'
	| 'write_off'
	| 'leaver_payout'
	| 'payout'
	| 'carried_over';

export interface SavingsGroupTable {
	id: Generated<string>;
	name: string;
	circle_id: Maybe<string>;
	meets: SavingsMeets;
	open_books: Generated<boolean>;
	practice: Generated<boolean>;
	created_by: Maybe<string>;
	created_at: CreatedAt;
}

export interface SavingsMemberTable {
	id: Generated<string>;
	group_id: string;
	account_id: Maybe<string>;
	name: string | null;
	name_key: string | null;
	book_number: number;
	officer: Maybe<SavingsOfficer>;
	status: ColumnType<SavingsMemberStatus, SavingsMemberStatus | undefined, SavingsMemberStatus>;
	joined_on: CalendarDateColumn;
	left_on: Maybe<CalendarDateColumn>;
	erased_at: Maybe<Date>;
	created_at: CreatedAt;
}

export interface SavingsCycleTable {
	id: Generated<string>;
	group_id: string;
	number: number;
	starts_on: CalendarDateColumn;
	state: ColumnType<SavingsCycleState, SavingsCycleState | undefined, SavingsCycleState>;
	closed_at: Maybe<Date>;
	created_at: CreatedAt;
}

export interface SavingsRulesTable {
	id: Generated<string>;
	cycle_id: string;
	version: number;
	currency: SavingsCurrency;
	share_price: bigint;
	min_shares: number;
	max_shares: number;
	social_fund_per_meeting: bigint;
	rate_bp: number;
	charge_method: ChargeMethodColumn;
	loan_multiple: number;
	max_term_months: number;
	fine_late: bigint;
	fine_absent: bigint;
	fine_other: bigint;
	cash_unit: bigint;
	social_fund_at_share_out: 'keep' | 'split';
	late_penalty: LatePenalty;
	late_penalty_bp: number;
	late_penalty_amount: bigint;
	guarantors: number;
	leaver_takes: 'savings' | 'savings_and_profit';
	reason: Maybe<string>;
	changed_by: Maybe<string>;
	created_at: CreatedAt;
}

export interface SavingsMeetingTable {
	id: Generated<string>;
	group_id: string;
	cycle_id: string;
	held_on: CalendarDateColumn;
	kind: 'meeting' | 'opening';
	rules_id: string;
	note: Maybe<string>;
	recorded_by: string;
	recorded_at: CreatedAt;
}

export interface SavingsAttendanceTable {
	meeting_id: string;
	member_id: string;
	status: Attendance;
}

export interface SavingsLoanTable {
	id: Generated<string>;
	group_id: string;
	meeting_id: string;
	member_id: string;
	principal: bigint;
	currency: SavingsCurrency;
	issued_on: CalendarDateColumn;
	due_on: CalendarDateColumn;
	rate_bp: number;
	charge_method: ChargeMethodColumn;
	term_months: number;
	late_penalty: LatePenalty;
	late_penalty_bp: number;
	late_penalty_amount: bigint;
	purpose: Maybe<string>;
	brought_in: Generated<boolean>;
}

export interface SavingsLoanGuarantorTable {
	loan_id: string;
	member_id: string;
}

export interface SavingsEntryTable {
	id: Generated<string>;
	seq: ColumnType<bigint, never, never>;
	group_id: string;
	cycle_id: string;
	meeting_id: string;
	member_id: Maybe<string>;
	loan_id: Maybe<string>;
	kind: SavingsEntryKind;
	fund: SavingsFund;
	place: Maybe<CashPlace>;
	currency: SavingsCurrency;
	cash: Generated<bigint>;
	owed: Generated<bigint>;
	shares: Generated<number>;
	savings: Generated<bigint>;
	note: Maybe<string>;
	reverses: Maybe<string>;
	recorded_by: string;
	recorded_at: CreatedAt;
}

export interface SavingsCashCountTable {
	meeting_id: string;
	fund: SavingsFund;
	place: CashPlace;
	moment: 'start' | 'end';
	amount: Generated<bigint>;
	expected: bigint;
}

/** The chair's and the secretary's approval of a cycle's share-out (0011). */
export interface SavingsShareOutApprovalTable {
	group_id: string;
	cycle_id: string;
	officer: 'chair' | 'secretary';
	member_id: string;
	recorded_by: string;
	fund: bigint;
	total_shares: bigint;
	approved_at: CreatedAt;
}

/**
 * A loan's share-out shortfall charged to its guarantors, or that undone (0012): the loan's
 * highest `number` stands.
 */
export interface SavingsGuaranteeChargeTable {
	group_id: string;
	cycle_id: string;
	loan_id: string;
	number: number;
	charged: boolean;
	recorded_by: string;
	recorded_at: CreatedAt;
}

/** What a member with an account is told in the app about their savings books (0011). */
export interface SavingsNoticeTable {
	id: Generated<string>;
	member_id: string;
	kind: 'meeting' | 'correction' | 'rules' | 'payout';
	meeting_id: Maybe<string>;
	created_at: CreatedAt;
	read_at: Maybe<Date>;
}

/** A one-time code that links an account to a savings member added without one (0011). */
export interface SavingsLinkCodeTable {
	member_id: string;
	/** SHA-256 hex of the normalised code. */
	code_hash: string;
	expires_at: Timestamp;
	created_at: CreatedAt;
}

/** Writes an account made in one fixed window (limits/write-limits.ts). */
export interface WriteCountTable {
	account_id: string;
	kind: string;
	window_seconds: number;
	window_start: Timestamp;
	count: number;
}

/** A socket a session holds open, until when unless renewed (limits/socket-slots.ts). */
export interface LiveSocketTable {
	socket_id: string;
	session_id: string;
	expires_at: Timestamp;
}

export type CourseLevel = 'idea' | 'start' | 'grow';
export type CourseState = 'draft' | 'published' | 'cancelled';
export type CourseTimeZone =
	'Asia/Bangkok' | 'Asia/Phnom_Penh' | 'Asia/Vientiane' | 'Asia/Yangon' | 'Asia/Ho_Chi_Minh';
export type EnrolmentStatus = 'enrolled' | 'waitlisted' | 'offered' | 'withdrawn' | 'removed';
export type EnrolmentEndReason = 'withdrew' | 'offer_expired' | 'removed';

/** A short business course (0016). */
export interface CourseTable {
	id: Generated<string>;
	title: string;
	summary: string;
	outcomes: string;
	language: string;
	level: CourseLevel;
	provider: string;
	online: Generated<boolean>;
	country: Country;
	area: string;
	address: string | null;
	time_zone: CourseTimeZone;
	capacity: number;
	enrolment_opens_at: Timestamp;
	enrolment_closes_at: Timestamp;
	prerequisite_id: Maybe<string>;
	priority_circle_id: Maybe<string>;
	priority_savings_group_id: Maybe<string>;
	offer_hold_hours: Generated<number>;
	attendance_threshold: Generated<number>;
	state: ColumnType<CourseState, CourseState | undefined, CourseState>;
	published_at: Maybe<Date>;
	cancelled_at: Maybe<Date>;
	/** When its sessions or place last changed after publication: members are told (0017). */
	changed_at: Maybe<Date>;
	created_by: Maybe<string>;
	created_at: CreatedAt;
	updated_at: ColumnType<Date, Date | string | undefined, Date | string>;
}

export interface CourseSessionTable {
	id: Generated<string>;
	course_id: string;
	starts_at: Timestamp;
	ends_at: Timestamp;
}

export interface CourseTrainerTable {
	course_id: string;
	account_id: string;
	created_at: CreatedAt;
}

export interface CourseEnrolmentTable {
	id: Generated<string>;
	course_id: string;
	account_id: string;
	status: EnrolmentStatus;
	arrival: number;
	priority: Generated<boolean>;
	offered_at: Maybe<Date>;
	offer_expires_at: Maybe<Date>;
	enrolled_at: Maybe<Date>;
	ended_at: Maybe<Date>;
	ended_reason: Maybe<EnrolmentEndReason>;
	/** The member's name in this course (0017); null for places taken before names were asked. */
	display_name: Maybe<string>;
	/** When the member last read the course's notices (0017). */
	notices_seen_at: Maybe<Date>;
	/** The name for the certificate, only if the member asked for it to be kept (0018). */
	certificate_name: Maybe<string>;
	created_at: CreatedAt;
	updated_at: ColumnType<Date, Date | string | undefined, Date | string>;
}

/** A session's mark for one enrolment (0018): no row is absent. */
export interface CourseAttendanceTable {
	session_id: string;
	enrolment_id: string;
	status: 'present' | 'excused';
	source: 'code' | 'trainer';
	marked_at: Timestamp;
}

/** A session's open check-in (0018): its code comes from the secret and the 30-second window. */
export interface CourseCheckInTable {
	session_id: string;
	secret: string;
	opened_at: Timestamp;
	closes_at: Timestamp;
}

/** A course certificate (0018), checked by its code. */
export interface CourseCertificateTable {
	id: Generated<string>;
	code: string;
	course_id: string;
	enrolment_id: string | null;
	issued_at: Timestamp;
	revoked_at: Maybe<Date>;
}

/** Certificate code lookups per address in a fixed window (0018). */
export interface CertificateLookupTable {
	address_hash: string;
	window_start: Timestamp;
	count: number;
}

export type FollowUpWork =
	'started_business' | 'grew_business' | 'found_work' | 'still_looking' | 'other';
export type FollowUpEarnings = 'nothing_yet' | 'a_little' | 'enough' | 'more_than_enough';
export type FollowUpHelp = 'money' | 'training' | 'customers' | 'childcare' | 'nothing';

/** A participant's rating of a course after its last session (0019). */
export interface CourseFeedbackTable {
	enrolment_id: string;
	useful: number;
	understandable: number;
	fitted_time: number;
	recommend: number;
	comment: string | null;
	answered_at: Timestamp;
}

/** Whether a course helped, 3 and 12 months after completing it (0019); nulls: not answered. */
export interface CourseFollowUpTable {
	enrolment_id: string;
	after_months: 3 | 12;
	work: FollowUpWork | null;
	earnings: FollowUpEarnings | null;
	help_next: FollowUpHelp | null;
	answered_at: Timestamp;
}

export type ServiceKind =
	| 'hotline'
	| 'shelter'
	| 'health'
	| 'counselling'
	| 'legal_aid'
	| 'family_support'
	| 'education'
	| 'job_placement'
	| 'business_support'
	| 'safe_migration';

/** The directory of services (0020; the help contacts of 0002 moved into it). */
export interface ServiceTable {
	id: Generated<string>;
	name: string;
	kind: ServiceKind;
	organisation: Generated<string>;
	country: Country;
	area: Generated<string>;
	hours: Generated<string>;
	how_to_reach: string;
	serves: Generated<string>;
	note: Generated<string>;
	/** Shown on "I need help now" for its country. */
	crisis: Generated<boolean>;
	/** A demo entry: says it is an example, carries no real contact. */
	example: Generated<boolean>;
	/** Ratings given, changed or withdrawn so far: "5 new since the last publication" counts these. */
	rating_changes: Generated<number>;
	archived_at: Timestamp | null;
	created_at: CreatedAt;
}

export interface ServiceLanguageTable {
	service_id: string;
	language: string;
}

export interface ServiceStaffTable {
	service_id: string;
	account_id: string;
	created_at: CreatedAt;
}

export interface ComplaintFocalPointTable {
	account_id: string;
	created_at: CreatedAt;
}

export type CommentState = 'pending' | 'approved' | 'declined' | 'edit_proposed';

export interface ServiceRatingTable {
	id: Generated<string>;
	service_id: string;
	/** Only to stop repeats and let the rater change or withdraw it; null once they left. */
	account_id: string | null;
	respect: number;
	helped: number;
	safe: number;
	reach: number;
	language: string;
	country: Country;
	comment: string | null;
	comment_state: CommentState | null;
	proposed_comment: string | null;
	/** Never shown to anyone. */
	rated_at: Timestamp;
}

export interface ServiceScoreTable {
	id: Generated<string>;
	service_id: string;
	published_at: Timestamp;
	/** Exact, never sent to a page. */
	raters: number;
	changes_seen: number;
	figures: ColumnType<Record<string, unknown>, string, string>;
}

export type ReplyState = 'pending' | 'approved' | 'declined';

export interface ServiceReplyTable {
	id: Generated<string>;
	rating_id: string;
	author_id: string | null;
	body: string;
	state: ColumnType<ReplyState, ReplyState | undefined, ReplyState>;
	created_at: CreatedAt;
}

export type ComplaintKind =
	| 'poor_service'
	| 'refused_help'
	| 'asked_to_pay'
	| 'disrespect'
	| 'privacy'
	| 'retaliation'
	| 'abuse_by_staff'
	| 'other';

export type ComplaintStatus = 'received' | 'acknowledged' | 'looking_into' | 'resolved' | 'closed';

export interface ComplaintTable {
	id: Generated<string>;
	account_id: string;
	service_id: string | null;
	kind: ComplaintKind;
	/** kind = 'abuse_by_staff': only focal points open it, never the service. */
	sensitive: boolean;
	what_happened: string;
	answer_in_app: Generated<boolean>;
	tell_service: Generated<boolean>;
	may_refer: Generated<boolean>;
	status: ColumnType<ComplaintStatus, ComplaintStatus | undefined, ComplaintStatus>;
	handler_id: string | null;
	next_step_by: Timestamp;
	recorded_by: string | null;
	acknowledged_at: Timestamp | null;
	created_at: Timestamp;
	updated_at: Timestamp;
}

export interface ComplaintStepTable {
	id: Generated<string>;
	complaint_id: string;
	status: ComplaintStatus;
	message: string;
	author_id: string | null;
	next_step_by: Timestamp | null;
	created_at: Timestamp;
}

export interface ServiceChangeNoteTable {
	id: Generated<string>;
	service_id: string;
	body: string;
	author_id: string | null;
	published_at: Timestamp;
}

export interface ServiceChangeNoteSeenTable {
	note_id: string;
	account_id: string;
}

export interface DB {
	account: AccountTable;
	session: SessionTable;
	invitation: InvitationTable;
	invitation_use: InvitationUseTable;
	recovery_code: RecoveryCodeTable;
	reset_code: ResetCodeTable;
	auth_failure: AuthFailureTable;
	write_count: WriteCountTable;
	live_socket: LiveSocketTable;
	audit_event: AuditEventTable;
	site_setting: SiteSettingTable;
	peer_group: PeerGroupTable;
	group_member: GroupMemberTable;
	group_message: GroupMessageTable;
	message_flag: MessageFlagTable;
	moderation_action: ModerationActionTable;
	member_note: MemberNoteTable;
	member_notice: MemberNoticeTable;
	crisis_alert: CrisisAlertTable;
	support_message: SupportMessageTable;
	group_topic: GroupTopicTable;
	topic_vote: TopicVoteTable;
	group_poll: GroupPollTable;
	poll_option: PollOptionTable;
	poll_vote: PollVoteTable;
	form_result: FormResultTable;
	socket_io_attachments: SocketIoAttachmentTable;
	savings_group: SavingsGroupTable;
	savings_member: SavingsMemberTable;
	savings_cycle: SavingsCycleTable;
	savings_rules: SavingsRulesTable;
	savings_meeting: SavingsMeetingTable;
	savings_attendance: SavingsAttendanceTable;
	savings_loan: SavingsLoanTable;
	savings_loan_guarantor: SavingsLoanGuarantorTable;
	savings_entry: SavingsEntryTable;
	savings_cash_count: SavingsCashCountTable;
	savings_share_out_approval: SavingsShareOutApprovalTable;
	savings_guarantee_charge: SavingsGuaranteeChargeTable;
	savings_notice: SavingsNoticeTable;
	savings_link_code: SavingsLinkCodeTable;
	course: CourseTable;
	course_session: CourseSessionTable;
	course_trainer: CourseTrainerTable;
	course_enrolment: CourseEnrolmentTable;
	course_attendance: CourseAttendanceTable;
	course_check_in: CourseCheckInTable;
	course_certificate: CourseCertificateTable;
	certificate_lookup: CertificateLookupTable;
	course_feedback: CourseFeedbackTable;
	course_follow_up: CourseFollowUpTable;
	service: ServiceTable;
	service_language: ServiceLanguageTable;
	service_staff: ServiceStaffTable;
	complaint_focal_point: ComplaintFocalPointTable;
	service_rating: ServiceRatingTable;
	service_score: ServiceScoreTable;
	service_reply: ServiceReplyTable;
	complaint: ComplaintTable;
	complaint_step: ComplaintStepTable;
	service_change_note: ServiceChangeNoteTable;
	service_change_note_seen: ServiceChangeNoteSeenTable;
}
