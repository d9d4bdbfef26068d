import unhomoglyph from 'unhomoglyph';

/**
 * The UTS #39 skeleton: two strings that look alike (Latin "a" and Cyrillic "а", "o" and Greek
 * "ο", Lao "ບ" and Thai "บ", "m" and "rn") have the same one. unhomoglyph holds Unicode's
 * confusables.txt mapping; the standard wraps it in NFD on both sides. Not for showing: the
 * skeleton of "m" is "rn".
 */
export function skeleton(text: string): string {
	return unhomoglyph(text.normalize('NFD')).normalize('NFD');
}
