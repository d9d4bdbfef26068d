/** The current time. Services take one so that tests can move time without waiting. */
export type Clock = () => Date;

export const systemClock: Clock = () => new Date();
