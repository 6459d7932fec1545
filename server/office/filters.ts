/**
 * The office list's filters (type, status, county, plan element, date, moderation), as one SQL
 * WHERE clause with parameters — shared by the list and the exports, so an export holds exactly
 * what the list shows.
 */
export interface Filters {
  kind?: string;
  status?: string;
  county?: string;
  /** a plan element as layer/id */
  element?: string;
  /** YYYY-MM-DD, inclusive, in China Standard Time */
  from?: string;
  to?: string;
  /** 'ok' (default), 'spam', 'abuse' or 'all' */
  moderation?: string;
  /** also withdrawn comments (default: not) */
  withdrawn?: string;
  q?: string;
}

export const filterSchema = {
  type: 'object',
  additionalProperties: false,
  properties: {
    kind: { enum: ['opinion', 'report'] },
    status: { enum: ['received', 'processing', 'answered'] },
    county: { type: 'string', pattern: '^\\d{6}$' },
    element: { type: 'string', maxLength: 250, pattern: '^[^/]+/.+$' },
    from: { type: 'string', pattern: '^\\d{4}-\\d{2}-\\d{2}$' },
    to: { type: 'string', pattern: '^\\d{4}-\\d{2}-\\d{2}$' },
    moderation: { enum: ['ok', 'spam', 'abuse', 'all'] },
    withdrawn: { enum: ['0', '1'] },
    q: { type: 'string', maxLength: 100 },
    limit: { type: 'integer', minimum: 1, maximum: 500 },
    offset: { type: 'integer', minimum: 0 },
    contacts: { enum: ['0', '1'] },
  },
};

export function whereOf(f: Filters): { sql: string; params: unknown[] } {
  const parts: string[] = [];
  const params: unknown[] = [];
  const p = (v: unknown) => {
    params.push(v);
    return `$${params.length}`;
  };
  if (f.kind) parts.push(`kind = ${p(f.kind)}`);
  if (f.status) parts.push(`status = ${p(f.status)}`);
  if (f.county) parts.push(`${p(f.county)} = ANY(county_codes)`);
  if (f.element) {
    const [layer, ...rest] = f.element.split('/');
    parts.push(`elements @> ${p(JSON.stringify([{ layer, id: rest.join('/') }]))}::jsonb`);
  }
  // China Standard Time is UTC+8 all year (no daylight saving): no time-zone database needed
  if (f.from) parts.push(`created_at >= ((${p(f.from)}::date::timestamp - interval '8 hours') AT TIME ZONE 'UTC')`);
  if (f.to) parts.push(`created_at < (((${p(f.to)}::date + 1)::timestamp - interval '8 hours') AT TIME ZONE 'UTC')`);
  if (f.moderation !== 'all') parts.push(`moderation = ${p(f.moderation ?? 'ok')}`);
  if (f.withdrawn !== '1') parts.push('withdrawn_at IS NULL');
  if (f.q) parts.push(`(body ILIKE ${p(`%${f.q.replace(/[\\%_]/g, (c) => '\\' + c)}%`)} OR receipt = upper(${p(f.q)}))`);
  return { sql: parts.length ? `WHERE ${parts.join(' AND ')}` : '', params };
}
