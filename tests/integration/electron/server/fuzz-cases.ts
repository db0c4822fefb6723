import { MAX_ENQUEUE_PATHS } from '../../../../electron/shared/contract.js';

/** A small seeded PRNG (mulberry32): the same seed gives the same cases on every run. */
export function seeded(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

type Rand = () => number;
const pick = <T>(r: Rand, items: readonly T[]): T => items[Math.floor(r() * items.length)]!;
const int = (r: Rand, lo: number, hi: number) => lo + Math.floor(r() * (hi - lo + 1));
/** Printable junk with the characters that break parsers: quotes, braces, percent signs, backslashes. */
const junk = (r: Rand, max = 40) => Array.from({ length: int(r, 1, max) }, () => pick(r, [...'azAZ09{}[]":,%\\/.-_~!$&\'()*+;=@ '])).join('');

/** One malformed HTTP request: raw bytes as sent, and what kind of fault it carries (for failure messages). */
export interface HttpCase {
  kind: string;
  raw: string;
}

const GOOD_VALUES = ['inbox/jfk.wav', 'inbox', '.', './inbox'];

/** A JSON body for POST /api/transcribe that is never a valid request (wrong types, missing or refused path). */
function wrongTypesBody(r: Rand): string {
  const bodies: Array<() => unknown> = [
    () => ({ path: int(r, -1e9, 1e9) }),
    () => ({ path: [junk(r)] }),
    () => ({ path: null }),
    () => ({ path: '' }),
    () => ({ path: `../${junk(r)}` }),
    () => ({ path: `/etc/${junk(r, 10)}` }),
    () => ({ params: { task: junk(r) } }),
    () => ({ path: `inbox/missing-${int(r, 0, 1e6)}.wav`, params: { windowSec: -int(r, 0, 100) } }),
    () => ({ path: `inbox/missing-${int(r, 0, 1e6)}.wav`, params: { formats: [junk(r)] } }),
    () => ({ path: `inbox/missing-${int(r, 0, 1e6)}.wav`, filters: { minSizeBytes: junk(r) } }),
    () => ({ path: `inbox/missing-${int(r, 0, 1e6)}.wav` }),
    () => [junk(r)],
    () => int(r, 0, 1e6),
    () => junk(r),
    () => ({ path: { toString: junk(r) } }),
  ];
  const value = pick(r, bodies)();
  const named = typeof value === 'object' && value !== null && 'path' in value ? value.path : undefined;
  if (typeof named === 'string' && GOOD_VALUES.includes(named)) throw new Error(`fuzz generator named a real input: ${named}`);
  return JSON.stringify(value);
}

/**
 * `count` malformed HTTP requests for a server whose Host header is `host`, from `seed`. Every one must be answered
 * 4xx with the contract's error body: bad JSON, wrong types, wrong content types, bad multipart, bad and huge ids,
 * bad query strings, unknown paths and methods, bad Host/Origin/version headers, broken framing, oversized bodies
 * and headers, bodies that never finish (cut off by the request timeout). None of them can enqueue work.
 */
export function httpCases(seed: number, count: number, host: string): HttpCase[] {
  const r = seeded(seed);
  const req = (line: string, headers: string[] = [], body = '', opts: { length?: boolean; host?: string } = {}) => {
    const all = [`Host: ${opts.host ?? host}`, 'Connection: close', ...headers];
    if (body && opts.length !== false) all.push(`Content-Length: ${Buffer.byteLength(body)}`);
    return `${line}\r\n${all.map((h) => `${h}\r\n`).join('')}\r\n${body}`;
  };
  const json = 'Content-Type: application/json';
  const makers: Array<[string, () => string]> = [
    ['bad JSON', () => req('POST /api/transcribe HTTP/1.1', [json], pick(r, ['{"path":', '{', '[1,', '{"a":1}}', 'nul', '{"path":"x",}', `{${junk(r)}`]))],
    ['wrong types', () => req('POST /api/transcribe HTTP/1.1', [json], wrongTypesBody(r))],
    ['content type', () => req('POST /api/transcribe HTTP/1.1', [`Content-Type: ${pick(r, ['application/xml', 'image/png', 'application/x-www-form-urlencoded', junk(r, 12).replace(/[^a-z]/gi, 'x')])}`], junk(r))],
    ['text body', () => req('POST /api/transcribe HTTP/1.1', ['Content-Type: text/plain'], junk(r))],
    ['bad multipart', () => req('POST /api/transcribe HTTP/1.1', [`Content-Type: multipart/form-data; boundary=${pick(r, ['b', 'zz', 'x-y'])}`], pick(r, [junk(r), `--b\r\n${junk(r)}`, '--zz\r\nContent-Disposition: form-data; name="params"\r\n\r\n{bad json\r\n--zz--\r\n', '--x-y--\r\n']))],
    ['multipart no boundary', () => req('POST /api/transcribe HTTP/1.1', ['Content-Type: multipart/form-data'], junk(r))],
    ['bad id', () => req(`${pick(r, ['GET', 'DELETE'])} /api/jobs/${pick(r, [junk(r).replace(/[ /?#%]/g, 'x'), '9'.repeat(int(r, 20, 90)), 'ffffffff-ffff-ffff-ffff-fffffffffffff'])} HTTP/1.1`)],
    ['huge id', () => req(`GET /api/jobs/${'7'.repeat(int(r, 150, 3000))} HTTP/1.1`)],
    ['unknown id', () => req(`POST /api/jobs/${['00000000', '0000', '4000', '8000', int(r, 100000000000, 999999999999).toString()].join('-')}/${pick(r, ['cancel', 'retry'])} HTTP/1.1`)],
    ['bad format', () => req(`GET /api/jobs/00000000-0000-4000-8000-000000000000/transcript?format=${pick(r, ['docx', 'pdf', '', '%00', 'TXT'])} HTTP/1.1`)],
    ['bad query', () => req(`GET /api/jobs?${pick(r, [`limit=${pick(r, ['0', '-1', 'abc', '1e99', '501', '%zz', '1.5', ''])}`, `cursor=x${encodeURIComponent(junk(r))}`, 'limit=1&limit=2', `cursor=${'9'.repeat(30)}_1`])} HTTP/1.1`)],
    ['unknown path', () => req(`GET /${pick(r, ['nope', 'api/nope', 'api/jobs/x/y/z', 'api', 'api/version/extra', '..%2f..%2fetc%2fpasswd', 'wss'])}/${junk(r, 8).replace(/[ #?%]/g, 'x')} HTTP/1.1`)],
    ['bad url', () => req(`GET /api/jobs/${pick(r, ['%E0%A4%A', '%', '%zz', '%c0%af'])} HTTP/1.1`)],
    ['method', () => req(`${pick(r, ['PUT', 'PATCH', 'PROPFIND', 'TRACE', 'MKCOL', 'SEARCH'])} /api/${pick(r, ['version', 'jobs', 'transcribe'])} HTTP/1.1`)],
    ['bad method token', () => req(`${pick(r, ['FOO', 'G E T', 'GET\tX', 'ÿÿÿ'])} /api/version HTTP/1.1`)],
    ['bad version header', () => req('GET /api/jobs HTTP/1.1', [`X-Frontend-Version: ${pick(r, ['99.0', '3.0.1.0', 'abc', '', '0', junk(r).replace(/[^ -~]/g, 'x')])}`])],
    ['bad host', () => req('GET /api/version HTTP/1.1', [], '', { host: pick(r, ['127.0.0.1.evil.example', '127.attacker.example', `evil-${int(r, 0, 99)}.example`, 'localhost.', '0x7f.1']) + `:${host.split(':').pop()}` })],
    ['bad origin', () => req('GET /api/version HTTP/1.1', [`Origin: ${pick(r, ['http://evil.example', `http://127.0.0.1.evil.example:${host.split(':').pop()}`, 'null', 'javascript:x', junk(r, 20)])}`])],
    ['bad header', () => req('GET /api/version HTTP/1.1', [pick(r, ['No Colon Here', 'X-A\u0000: b', ': empty-name', 'X-B: a\rb'])])],
    ['bad framing', () => req('POST /api/transcribe HTTP/1.1', pick(r, [['Content-Length: abc'], ['Content-Length: 5', 'Content-Length: 6'], ['Transfer-Encoding: chunked', 'Content-Length: 3'], ['Transfer-Encoding: chunked']]), pick(r, ['zz\r\n', 'abc', '5\r\nab\r\n']), { length: false })],
    ['body too large', () => req('POST /api/transcribe HTTP/1.1', [json], JSON.stringify({ path: 'x'.repeat(int(r, 1024 * 1024, 1024 * 1024 + 5000)) }))],
    ['header too large', () => req('GET /api/version HTTP/1.1', [`X-Big: ${'h'.repeat(int(r, 17_000, 40_000))}`])],
    ['paths array', () => req('POST /api/transcribe HTTP/1.1', [json], JSON.stringify({ path: Array.from({ length: MAX_ENQUEUE_PATHS + 1 }, (_, i) => `p${i}`) }))],
  ];
  const cases: HttpCase[] = Array.from({ length: count }, () => {
    const [kind, make] = pick(r, makers);
    return { kind, raw: make() };
  });
  // A few bodies that never finish: the request timeout must answer them.
  for (let i = 0; i < Math.min(5, count); i++) {
    cases[int(r, 0, count - 1)] = { kind: 'unfinished body', raw: req('POST /api/transcribe HTTP/1.1', [json, 'Content-Length: 1000'], '{"path":', { length: false }) };
  }
  return cases;
}

/** One malformed WebSocket frame: text (or bytes, sent binary) that no well-formed client sends. */
export interface WsCase {
  kind: string;
  data: string | Buffer;
}

const VERSION = '1.0.0.0-fuzz';

/**
 * `count` malformed WebSocket frames from `seed`: invalid JSON, binary, wrong types, huge and negative ids, unknown
 * channels, known channels with wrong inputs, incompatible versions. Each must get a response frame carrying an
 * error envelope, an error frame, or a close; none is a valid request.
 */
export function wsCases(seed: number, count: number): WsCase[] {
  const r = seeded(seed);
  const frame = (id: unknown, channel: unknown, input: unknown, frontendVersion: unknown = VERSION) => JSON.stringify({ type: 'request', id, channel, frontendVersion, input });
  const badInputs: Array<() => [string, unknown]> = [
    () => ['jobs.get', { id: junk(r) }],
    () => ['jobs.cancel', { id: int(r, 0, 1e9) }],
    () => ['jobs.list', { limit: pick(r, [-1, 0, 1e9, 'x', 1.5]) }],
    () => ['jobs.list', { cursor: `x${junk(r)}` }],
    () => ['jobs.enqueue', { paths: [] }],
    () => ['jobs.enqueue', { paths: Array.from({ length: MAX_ENQUEUE_PATHS + 1 }, (_, i) => `x${i}`) }],
    () => ['jobs.enqueue', { paths: [int(r, 0, 9)] }],
    () => ['transcripts.get', { id: '00000000-0000-4000-8000-000000000000', format: junk(r, 5) }],
    () => ['transcripts.export', { id: junk(r), format: 'txt', path: '../x' }],
    () => ['recordings.append', { id: junk(r), seq: -1, chunkBase64: junk(r) }],
    () => ['recordings.stop', { id: 'not-a-uuid' }],
    () => ['jobs.delete', null],
    () => ['version.get', junk(r)],
  ];
  const makers: Array<[string, () => string | Buffer]> = [
    ['not JSON', () => pick(r, ['not json', '{', '{"type":', junk(r), ''])],
    ['binary', () => Buffer.from(Array.from({ length: int(r, 1, 64) }, () => int(r, 0, 255)))],
    ['wrong type', () => JSON.stringify(pick(r, [null, 42, 'request', [1, 2], true, { type: 'response', id: 1 }]))],
    ['no id', () => JSON.stringify({ type: 'request', channel: 'version.get', frontendVersion: VERSION, input: {} })],
    ['bad id', () => frame(pick(r, [-1, 1.5, '7', null, 1e308, 2 ** 60, -(2 ** 53)]), 'version.get', {})],
    ['huge id', () => frame(int(r, 0, 2 ** 53 - 1), `nope.${junk(r, 10)}`, {})],
    ['unknown channel', () => frame(int(r, 0, 1e6), pick(r, ['jobs.nuke', '__proto__', 'constructor', 'earshot:jobs.list', 'shell.pickPaths', junk(r)]), {})],
    ['wrong input', () => {
      const [channel, input] = pick(r, badInputs)();
      return frame(int(r, 0, 1e6), channel, input);
    }],
    ['bad version', () => frame(int(r, 0, 1e6), 'jobs.list', {}, pick(r, ['99.0', 'abc', 7, null, '']))],
  ];
  return Array.from({ length: count }, () => {
    const [kind, make] = pick(r, makers);
    return { kind, data: make() };
  });
}
