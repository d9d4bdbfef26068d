/** Rooms every socket joins at the handshake, so that an account or a session can be cut off. */
export const accountRoom = (accountId: string) => `user:${accountId}`;
export const sessionRoom = (sessionId: string) => `session:${sessionId}`;
/** Everyone who has a group open: members and the staff looking after it. */
export const groupRoom = (groupId: string) => `group:${groupId}`;
/** Those who moderate a group: held messages, flags and crisis alerts go here too. */
export const groupModeratorRoom = (groupId: string) => `group-moderators:${groupId}`;
