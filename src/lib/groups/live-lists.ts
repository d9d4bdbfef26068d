/*
 * What a page's data depends on (SvelteKit's `depends`), so that the page loads it again, while
 * open, when a live event says the list changed.
 */

/** The facilitators' review list: held and reported messages. */
export const REVIEW_LIST = 'app:review-list';
/** A group's topics and polls. */
export const TOPICS_LIST = 'app:topics-list';
