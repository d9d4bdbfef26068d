/**
 * The typed contract between the socket.io server and its browser clients. Each domain adds its
 * events here, so both ends are checked against one definition.
 */

/** Events the server sends to a client. */
// eslint-disable-next-line @typescript-eslint/no-empty-object-type -- domains add their events
export interface ServerToClientEvents {}

/** Events a client sends to the server; each answers through an acknowledgement callback. */
// eslint-disable-next-line @typescript-eslint/no-empty-object-type -- domains add their events
export interface ClientToServerEvents {}

/** Events between server processes (none: rooms cross processes through the adapter). */
// eslint-disable-next-line @typescript-eslint/no-empty-object-type -- kept empty on purpose
export interface InterServerEvents {}

/** What the server keeps on each socket after the handshake: whose it is. */
export interface SocketData {
	accountId: string;
	sessionId: string;
}
