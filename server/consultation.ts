/** The consultation window (公示期) the office sets; no window set = comments always open. */
import type { Queryable } from './db/db.ts';

export interface Consultation {
  open: boolean;
  opensAt: string | null;
  closesAt: string | null;
  /** the office's words on the window (what is under consultation, why closed) */
  reason: { zh: string; en: string } | null;
  /** why the form is closed now, when it is */
  closedBecause: 'not-yet-open' | 'closed' | null;
}

export async function consultation(db: Queryable, now = new Date()): Promise<Consultation> {
  const [row] = await db.query<{ opens_at: Date | null; closes_at: Date | null; reason_zh: string | null; reason_en: string | null }>(
    'SELECT opens_at, closes_at, reason_zh, reason_en FROM consultation WHERE id = 1',
  );
  const opens = row?.opens_at ?? null;
  const closes = row?.closes_at ?? null;
  const closedBecause = opens && now < opens ? 'not-yet-open' : closes && now >= closes ? 'closed' : null;
  return {
    open: !closedBecause,
    opensAt: opens?.toISOString() ?? null,
    closesAt: closes?.toISOString() ?? null,
    reason: row && (row.reason_zh || row.reason_en) ? { zh: row.reason_zh ?? row.reason_en ?? '', en: row.reason_en ?? row.reason_zh ?? '' } : null,
    closedBecause,
  };
}

export async function setConsultation(db: Queryable, c: { opensAt: string | null; closesAt: string | null; reasonZh: string | null; reasonEn: string | null }, by: string) {
  await db.query(
    `INSERT INTO consultation (id, opens_at, closes_at, reason_zh, reason_en, updated_at, updated_by) VALUES (1, $1, $2, $3, $4, now(), $5)
     ON CONFLICT (id) DO UPDATE SET opens_at = $1, closes_at = $2, reason_zh = $3, reason_en = $4, updated_at = now(), updated_by = $5`,
    [c.opensAt, c.closesAt, c.reasonZh, c.reasonEn, by],
  );
}
