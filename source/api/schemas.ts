// Runtime shapes of the documented response bodies. `v.object` drops unknown keys, so extra fields the
// server may add later are tolerated; every documented field must be present with its documented type.
import * as v from 'valibot';
import type {Job, JobDetail, JobRecord, JobsPage, Page, RecordsPage} from './types.js';

const integer = v.pipe(v.number(), v.integer());
const count = v.pipe(v.number(), v.integer(), v.minValue(0));
const nullableString = v.nullable(v.string());

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
	total_credits_charged: v.pipe(v.number(), v.finite()),
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
		current_page: v.pipe(v.number(), v.integer(), v.minValue(1)),
		next: nullableString,
		previous: nullableString,
		results: v.array(item),
	});
}

export const recordsPageSchema = pageSchema(recordSchema);
export const jobsPageSchema = pageSchema(jobSchema);

// Compile-time proof that the schemas produce exactly the shared domain types.
type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
const checks: [
	Same<v.InferOutput<typeof recordSchema>, JobRecord>,
	Same<v.InferOutput<typeof jobSchema>, Job>,
	Same<v.InferOutput<typeof jobDetailSchema>, JobDetail>,
	Same<v.InferOutput<typeof recordsPageSchema>, RecordsPage>,
	Same<v.InferOutput<typeof jobsPageSchema>, JobsPage>,
	Same<RecordsPage, Page<JobRecord>>,
] = [true, true, true, true, true, true];
void checks;
