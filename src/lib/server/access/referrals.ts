import { isStaff } from './actor';
import type { Rules } from './rule';

/** The directory of people and places a member can be referred to. */
export interface ReferralResources {
	'referral:manage': undefined;
}

export const referralRules: Rules<ReferralResources> = {
	'referral:manage': isStaff
};
