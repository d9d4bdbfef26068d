/** How a message that waits for a facilitator stands out: drawn by the server, or by a script. */
export const HELD_MESSAGE_CLASS = 'border-2 border-dashed border-amber-400';
