/** Escape pressed this many times within the window leaves the site. */
export const QUICK_EXIT_PRESSES = 3;
export const QUICK_EXIT_WINDOW_MS = 2_000;
