/**
 * The table types, kept in one place. Each migration that adds or changes a table updates this file
 * in the same commit. Foundation ships no tables of its own: the first ones come with accounts.
 */
// eslint-disable-next-line @typescript-eslint/no-empty-object-type -- filled table by table
export interface DB {}
