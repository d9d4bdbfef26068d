/** Rooms every socket joins at the handshake, so that an account or a session can be cut off. */
export const accountRoom = (accountId: string) => `user:${accountId}`;
export const sessionRoom = (sessionId: string) => `session:${sessionId}`;
