import path from 'node:path';
import type Database from 'better-sqlite3';
import type { RequestInput, RequestOutput, SearchHit } from '../../shared/contract.js';
import { SEARCH_LIMIT_DEFAULT } from '../../shared/contract.js';
import { EarshotError } from '../../shared/errors.js';
import { MATCH_CLOSE, MATCH_OPEN, snippetParts, toFtsQuery } from './fts-query.js';

/** Words of context a segment snippet shows around the match. */
const SNIPPET_WORDS = 16;

interface SegmentHitRow {
  segment_id: number;
  job_id: string;
  idx: number;
  t0_ms: number;
  t1_ms: number;
  snip: string;
  rank: number;
  title: string | null;
  source_path: string;
}

interface TitleHitRow {
  job_id: string;
  snip: string;
  rank: number;
  title: string | null;
  source_path: string;
}

/**
 * The `search` feature: full-text search over every transcript through the SQLite FTS5 indexes of migration 0004
 * (`segments_fts` over segment text, edited and whisper's original; `jobs_fts` over titles), which triggers keep in
 * step with every write. Title matches come first, then segment matches, each by bm25 rank; `limit` caps the total.
 */
export class SearchService {
  private readonly segmentHits: Database.Statement;
  private readonly titleHits: Database.Statement;

  constructor(db: Database.Database) {
    this.segmentHits = db.prepare(
      `SELECT s.id AS segment_id, s.job_id, s.idx, s.t0_ms, s.t1_ms, f.snip, f.rank, j.title, j.source_path
       FROM (SELECT rowid, rank, snippet(segments_fts, -1, '${MATCH_OPEN}', '${MATCH_CLOSE}', '…', ${SNIPPET_WORDS}) AS snip
             FROM segments_fts WHERE segments_fts MATCH @q ORDER BY rank LIMIT @limit) f
       JOIN segments s ON s.id = f.rowid
       JOIN jobs j ON j.id = s.job_id
       ORDER BY f.rank`,
    );
    this.titleHits = db.prepare(
      `SELECT f.job_id, f.snip, f.rank, j.title, j.source_path
       FROM (SELECT job_id, rank, highlight(jobs_fts, 1, '${MATCH_OPEN}', '${MATCH_CLOSE}') AS snip
             FROM jobs_fts WHERE jobs_fts MATCH @q ORDER BY rank LIMIT @limit) f
       JOIN jobs j ON j.id = f.job_id
       ORDER BY f.rank`,
    );
  }

  /**
   * `search.query`: up to `limit` hits for the words of `query` (each word matches words starting with it; all must
   * match). Throws EarshotError BAD_REQUEST when the query holds no word, or when SQLite still refuses it.
   */
  async query({ query, limit = SEARCH_LIMIT_DEFAULT }: RequestInput<'search.query'>): Promise<RequestOutput<'search.query'>> {
    return { results: this.search(query, limit) };
  }

  /** The hits of query(), synchronously (the benchmark times this). */
  search(query: string, limit: number): SearchHit[] {
    const q = toFtsQuery(query);
    let titles: TitleHitRow[];
    let segments: SegmentHitRow[];
    try {
      titles = this.titleHits.all({ q, limit }) as TitleHitRow[];
      segments = this.segmentHits.all({ q, limit: Math.max(0, limit - titles.length) }) as SegmentHitRow[];
    } catch (err) {
      if (err instanceof Error && /fts5|syntax/i.test(err.message)) {
        throw new EarshotError('BAD_REQUEST', `cannot search for ${JSON.stringify(query)}: ${err.message}`, { cause: err });
      }
      throw err;
    }
    const titleOf = (r: { title: string | null; source_path: string }) => r.title || path.basename(r.source_path);
    return [
      ...titles.map((r): SearchHit => ({
        kind: 'title', jobId: r.job_id, title: titleOf(r), sourcePath: r.source_path,
        segmentId: null, segmentIndex: null, t0Ms: null, t1Ms: null, snippet: snippetParts(r.snip), rank: r.rank,
      })),
      ...segments.map((r): SearchHit => ({
        kind: 'segment', jobId: r.job_id, title: titleOf(r), sourcePath: r.source_path,
        segmentId: r.segment_id, segmentIndex: r.idx, t0Ms: r.t0_ms, t1Ms: r.t1_ms, snippet: snippetParts(r.snip), rank: r.rank,
      })),
    ];
  }
}
