import * as v from 'valibot';
import { m } from '$lib/paraglide/messages';
import { pseudonym } from './accounts';
import { formKey } from './form-key';
import {
	COMPLAINT_KINDS,
	COMPLAINT_STATUSES,
	isSensitiveKind,
	type ComplaintKind,
	type ComplaintStatus
} from '$lib/complaints/complaint-kinds';

// A complaint about a service, or about something not tied to one. Messages are functions, so each
// is written in the language of whoever sends the form.

export {
	COMPLAINT_KINDS,
	COMPLAINT_STATUSES,
	isSensitiveKind,
	type ComplaintKind,
	type ComplaintStatus
};

/** The database's limits, in characters (code points, as PostgreSQL counts them). */
export const WHAT_HAPPENED_MAX = 4000;
export const STEP_MESSAGE_MAX = 2000;

/** The service's choice meaning "not about one service in the directory". */
export const NO_SERVICE = '';

const required = () => m.field_required();
const atMost = (max: number) =>
	v.check<string, () => string>(
		(text) => [...text].length <= max,
		() => m.complaint_too_long()
	);

const complaintFields = {
	formKey,
	service: v.optional(v.string(), NO_SERVICE),
	kind: v.picklist(COMPLAINT_KINDS, () => m.complaint_kind_required()),
	whatHappened: v.pipe(v.string(), v.trim(), v.nonEmpty(required), atMost(WHAT_HAPPENED_MAX)),
	/** Default yes: the member follows the answer here. */
	answerInApp: v.optional(v.picklist(['yes', 'no'], required), 'yes'),
	/** Default no; never for a sensitive complaint. */
	tellService: v.optional(v.picklist(['yes', 'no'], required), 'no'),
	/** Default no: nothing is referred anywhere without the member's yes. */
	mayRefer: v.optional(v.picklist(['yes', 'no'], required), 'no')
};

/** A member's own complaint. */
export const complaintSchema = v.object(complaintFields);
export type ComplaintInput = v.InferOutput<typeof complaintSchema>;

/** A coordinator writes a complaint down for a member who asked them to, with their consent. */
export const recordComplaintSchema = v.object({
	...complaintFields,
	member: pseudonym,
	agreed: v.pipe(
		v.optional(v.boolean(), false),
		v.check(
			(agreed) => agreed,
			() => m.complaint_record_agreed_required()
		)
	)
});
export type RecordComplaintInput = v.InferOutput<typeof recordComplaintSchema>;

/** A step a coordinator takes: the status it moves to (or stays at) and a message; sent once. */
export const complaintStepSchema = v.object({
	formKey,
	status: v.picklist(COMPLAINT_STATUSES, () => m.complaint_step_status_required()),
	message: v.pipe(v.string(), v.trim(), v.nonEmpty(required), atMost(STEP_MESSAGE_MAX))
});
export type ComplaintStepInput = v.InferOutput<typeof complaintStepSchema>;

/** Naming a focal point for sensitive complaints, by their sign-in nickname. */
export const focalPointSchema = v.object({
	nickname: v.pipe(v.string(), v.trim(), v.nonEmpty(required), v.maxLength(200, required))
});
