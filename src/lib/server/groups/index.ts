// What other parts of the server may use of circles. Everything else in this folder is its own:
// the lint rules refuse an import of it from another domain (eslint.config.js).
export { escalateUnansweredAlerts } from './crisis';
export { eraseMemberships, type WordsOnDeletion } from './former-member';
export { loadGroup } from './group-access';
export { registerGroupEvents } from './group-socket';
export { warmUpContactRules } from './contact-rules';
export { displayName } from './display-name';
export { createGroup } from './groups';
export { inviteToGroup } from './invite';
export { acceptInvitation, appointFacilitator } from './membership';
export { reviewMessage } from './message-review';
export { sendMessage } from './messages';
export { exportOwnGroupData } from './own-data';
