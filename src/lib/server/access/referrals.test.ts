import { describe, expect, it } from 'vitest';
import { SITE_ROLES, type SiteWho } from '../../../../tests/helpers/actors';
import { can } from './policy';

describe('can, for the referral directory', () => {
	it.each(Object.keys(SITE_ROLES) as SiteWho[])('referral:manage: %s', (who) => {
		expect(can(SITE_ROLES[who], 'referral:manage')).toBe(['coordinator', 'admin'].includes(who));
	});
});
