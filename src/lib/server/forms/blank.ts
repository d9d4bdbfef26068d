/**
 * Whether text shows nothing: only spaces and invisible format characters (zero-width space and
 * joiners, direction marks, soft hyphens). Such a message would stand in the conversation as an
 * empty bubble, so it is refused as empty.
 */
export const isBlank = (text: string): boolean => !/[^\s\p{Cf}]/u.test(text);
