import * as v from 'valibot';
import { pseudonym } from './accounts';

/** Enrolling in a course: the name its trainers will call the member, under the nickname rules. */
export const courseEnrolSchema = v.object({ displayName: pseudonym });
