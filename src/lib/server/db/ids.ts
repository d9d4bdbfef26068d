const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Whether a value from outside (a form, a URL) can be a row id; anything else would be a SQL error. */
export const isUuid = (value: unknown): value is string =>
	typeof value === 'string' && UUID.test(value);
