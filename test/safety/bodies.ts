// Plain documented bodies for the hostile server, each field overridable: what a server sends, not what
// the client makes of it (the demo's wire types).
import type {WireJob, WireRecord} from '../../source/demo/wire.js';

export function wireRecord(id: number, fields: Partial<WireRecord> = {}): WireRecord {
	return {
		id,
		ec_id: `CRM-${id}`,
		email: `user${id}@example.com`,
		status: 'Error',
		validator_used: 'ZeroBounce',
		is_cached: false,
		error_message: 'Batch HTTP 502 from ZeroBounce',
		processed_at: '2026-05-06T11:42:31.412Z',
		...fields,
	};
}

export function wireJob(id: number, fields: Partial<WireJob> = {}): WireJob {
	return {
		id,
		uuid: `00000000-0000-4000-8000-${String(id).padStart(12, '0')}`,
		list_name: `List ${id}`,
		status: 'Processed',
		total_records: 2,
		valid_count: 0,
		invalid_count: 0,
		unknown_count: 0,
		total_credits_charged: 2,
		credits_charged_at: '2026-05-06T11:40:00.000Z',
		created_at: '2026-05-06T11:40:00.000Z',
		started_at: '2026-05-06T11:40:01.000Z',
		completed_at: '2026-05-06T11:42:31.412Z',
		duration: '2m 30s',
		results_summary: '2/2',
		...fields,
	};
}

export function wirePage<T>(results: T[], fields: {count?: number; total_pages?: number; current_page?: number} = {}) {
	return {
		count: fields.count ?? results.length,
		total_pages: fields.total_pages ?? 1,
		current_page: fields.current_page ?? 1,
		next: null,
		previous: null,
		results,
	};
}
