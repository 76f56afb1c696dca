// Runtime shapes of the documented response bodies. `v.object` drops unknown keys, so extra fields the
// server may add later are tolerated; every documented field must be present with its documented type.
// The domain types (types.ts) are derived from these, every string Untrusted.
import * as v from 'valibot';

// Whole numbers only up to 2^53: JSON.parse rounds a larger one (9007199254740993 reads as …992), so an id
// past it would be shown and exported as another record's. Such a body is refused, naming the field, rather
// than shown wrong; a lossless parser cost 4× JSON.parse's time on every page (SECURITY.md, README).
const integer = v.pipe(v.number(), v.integer(), v.safeInteger());
const count = v.pipe(v.number(), v.integer(), v.safeInteger(), v.minValue(0));
const nullableString = v.nullable(v.string());
// A documented `number` that DRF's DecimalField writes as a string by default ("178.00",
// COERCE_DECIMAL_TO_STRING): either is read as the number. Nothing is shown of it that a job list could
// not do without, so a backend's rendering choice must not make the whole list unreadable.
const decimal = v.union([
	v.pipe(v.number(), v.finite()),
	v.pipe(v.string(), v.regex(/^-?\d{1,20}(?:\.\d{1,20})?$/), v.transform(Number)),
]);

export const recordSchema = v.object({
	id: integer,
	ec_id: nullableString,
	email: v.string(),
	// Kept as string: a status this client does not know is shown, not rejected.
	status: v.string(),
	validator_used: nullableString,
	is_cached: v.boolean(),
	error_message: nullableString,
	processed_at: nullableString,
});

const jobEntries = {
	id: integer,
	uuid: v.string(),
	list_name: v.string(),
	status: v.string(),
	total_records: count,
	valid_count: count,
	invalid_count: count,
	unknown_count: count,
	total_credits_charged: decimal,
	credits_charged_at: nullableString,
	created_at: v.string(),
	started_at: nullableString,
	completed_at: nullableString,
	duration: nullableString,
	results_summary: v.string(),
};

export const jobSchema = v.object(jobEntries);
export const jobDetailSchema = v.object({...jobEntries, records: v.array(recordSchema)});

function pageSchema<TItem extends v.GenericSchema>(item: TItem) {
	return v.object({
		count,
		total_pages: count,
		current_page: v.pipe(v.number(), v.integer(), v.safeInteger(), v.minValue(1)),
		next: nullableString,
		previous: nullableString,
		results: v.array(item),
	});
}

export const recordsPageSchema = pageSchema(recordSchema);
export const jobsPageSchema = pageSchema(jobSchema);

/** Upload's 201: other fields may come with `job_id` (the doc's example is cut off after it). */
export const uploadedJobSchema = v.object({job_id: v.pipe(v.number(), v.integer(), v.minValue(1))});

/**
 * An error body: DRF's `{"detail": …}`, eCore's `{"error": …}` (the 402 adds numbers) and the `message` other
 * servers use. errors.ts quotes the first of these that is a string, in this order, or else the first
 * message of a field map (`{"emails": {"3": ["Not a valid email address."]}}`).
 */
export const ERROR_BODY_SCHEMA = v.object({
	detail: v.optional(v.string()),
	error: v.optional(v.string()),
	message: v.optional(v.string()),
});

/** The keys of an error body that hold the server's sentence, in the order they are read. */
export const ERROR_MESSAGE_KEYS = Object.keys(ERROR_BODY_SCHEMA.entries) as ReadonlyArray<
	keyof typeof ERROR_BODY_SCHEMA.entries
>;

/** Every documented response body, for the tests that walk them (test/safety/). */
export const RESPONSE_SCHEMAS = {
	record: recordSchema,
	job: jobSchema,
	jobDetail: jobDetailSchema,
	recordsPage: recordsPageSchema,
	jobsPage: jobsPageSchema,
	uploadedJob: uploadedJobSchema,
} as const;
