// What other parts of the server may use of accounts. Everything else in this folder is its own:
// the lint rules refuse an import of it from another domain (eslint.config.js).
export { createAdminAccount } from './admin';
export { generateCode, hashCode, INVITATION_CODE_LENGTH } from './codes';
export { countryForAccount, ownCountry } from './country';
export {
	createInvitation,
	groupInvitations,
	lockInvitationByCode,
	recordInvitationUse
} from './invitations';
export { setRole } from './roles';
export { deleteExpiredSessions } from './sessions';
export { signUp } from './signup';
export { socketActor } from './socket-actor';
export { closeAtSessionEnd } from './socket-session-end';
export { identifySocket } from './socket-identity';
export { attemptSucceeded, beginAttempt, forgetOldFailures, hashAddress } from './throttle';
