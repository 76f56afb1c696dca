// What the demo server sends, as plain JSON values. The client's domain types (api/types.ts) hold API
// text as Untrusted; a server builds the wire form, so it has its own types of the documented bodies.

export interface WireRecord {
	id: number;
	ec_id: string | null;
	email: string;
	status: string;
	validator_used: string | null;
	is_cached: boolean;
	error_message: string | null;
	processed_at: string | null;
}

export interface WireJob {
	id: number;
	uuid: string;
	list_name: string;
	status: string;
	total_records: number;
	valid_count: number;
	invalid_count: number;
	unknown_count: number;
	total_credits_charged: number;
	credits_charged_at: string | null;
	created_at: string;
	started_at: string | null;
	completed_at: string | null;
	duration: string | null;
	results_summary: string;
}
