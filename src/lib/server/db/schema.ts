import type { ColumnType, Generated } from 'kysely';

/**
 * The table types, kept in one place. Each migration that adds or changes a table updates this file
 * in the same commit.
 */

type Timestamp = ColumnType<Date, Date | string | undefined, Date | string>;
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
	created_at: CreatedAt;
}

export type AuthFailureKind = 'login' | 'code';

export interface AuthFailureTable {
	id: Generated<bigint>;
	kind: AuthFailureKind;
	pseudonym_key: string | null;
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
	updated_at: Timestamp;
}

export interface DB {
	account: AccountTable;
	session: SessionTable;
	invitation: InvitationTable;
	invitation_use: InvitationUseTable;
	recovery_code: RecoveryCodeTable;
	reset_code: ResetCodeTable;
	auth_failure: AuthFailureTable;
	audit_event: AuditEventTable;
	site_setting: SiteSettingTable;
}
