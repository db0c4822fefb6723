import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ErrorReply } from '../../../../electron/shared/http.js';
import { rawRequest, type RawReply } from './raw-http.js';
import { startTestServer, type TestServer } from './server-fixture.js';
import { WsSession } from './ws-session.js';

/** The reply is a 4xx whose body is exactly the contract's `{ error: { code, message } }`. */
function expectContractError(reply: RawReply, status: number, code: string, what: string): void {
  expect(reply.status, `${what}: ${reply.body}`).toBe(status);
  expect(reply.headers['content-type'], what).toMatch(/^application\/json/);
  const body: unknown = JSON.parse(reply.body);
  expect(ErrorReply.strict().safeParse(body).success, `${what}: ${reply.body}`).toBe(true);
  expect((body as ErrorReply).error.code, what).toBe(code);
}

describe('earshot serve: every HTTP-layer error answers the contract shape; Host and Origin match exactly (issue 12 #13, #17)', () => {
  let t: TestServer;
  let host: string;
  let port: number;
  /** A raw request with this server's Host header, closing after the reply. */
  const req = (head: string, body = '', extra = '') =>
    rawRequest(t.url, `${head} HTTP/1.1\r\nHost: ${host}\r\nConnection: close\r\n${extra}${body ? `Content-Length: ${Buffer.byteLength(body)}\r\n` : ''}\r\n${body}`);

  beforeAll(async () => {
    t = await startTestServer({ runJobs: false });
    host = new URL(t.url).host;
    port = Number(new URL(t.url).port);
  });
  afterAll(async () => {
    await t?.close();
  });

  it('bad JSON, wrong content type, body too large, unknown route, bad multipart', async () => {
    const json = 'Content-Type: application/json\r\n';
    expectContractError(await req('POST /api/transcribe', '{"path":', json), 400, 'BAD_REQUEST', 'bad JSON');
    const xml = await req('POST /api/transcribe', '<path/>', 'Content-Type: application/xml\r\n');
    expectContractError(xml, 415, 'BAD_REQUEST', 'wrong content type');
    expect(xml.body).toContain('application/json');
    const big = JSON.stringify({ path: 'x'.repeat(2 * 1024 * 1024) });
    expectContractError(await req('POST /api/transcribe', big, json), 413, 'TOO_LARGE', 'body too large');
    expectContractError(await req('GET /api/nothing-here'), 404, 'NOT_FOUND', 'unknown route');
    expectContractError(await req('PUT /api/jobs'), 404, 'NOT_FOUND', 'unknown method');
    const form = 'Content-Type: multipart/form-data; boundary=zzz\r\n';
    expectContractError(await req('POST /api/transcribe', 'not a multipart body at all', form), 400, 'BAD_REQUEST', 'bad multipart');
    expectContractError(await req('POST /api/transcribe', '--zzz\r\nContent-Disposition: form-data; name="file"; filename="a.wav"\r\n\r\nabc', form), 400, 'BAD_REQUEST', 'truncated multipart');
    expectContractError(await req('POST /api/transcribe', 'x', 'Content-Type: multipart/form-data\r\n'), 400, 'BAD_REQUEST', 'multipart without boundary');
    expectContractError(await req('GET /api/jobs/%E0%A4%A'), 400, 'BAD_REQUEST', 'bad percent-encoding');
  });

  it('malformed HTTP: request line, header, framing, headers too large', async () => {
    expectContractError(await rawRequest(t.url, 'GARBAGE\r\n\r\n'), 400, 'BAD_REQUEST', 'request line');
    expectContractError(await req('GET /api/version', '', 'Bad Header Line\r\n'), 400, 'BAD_REQUEST', 'header without colon');
    expectContractError(await req('POST /api/transcribe', '', 'Transfer-Encoding: chunked\r\n\r\nzz\r\n'), 400, 'BAD_REQUEST', 'bad chunk size');
    expectContractError(await req('POST /api/transcribe', '', 'Content-Length: 5\r\nContent-Length: 7\r\n'), 400, 'BAD_REQUEST', 'two lengths');
    expectContractError(await req('GET /api/version', '', `X-Big: ${'a'.repeat(20_000)}\r\n`), 431, 'BAD_REQUEST', 'headers too large');
    // The server is still up and answers normally.
    expect((await req('GET /api/version')).status).toBe(200);
  });

  it('accepts only the exact loopback names with this port in Host', async () => {
    const withHost = (h: string) => rawRequest(t.url, `GET /api/version HTTP/1.1\r\nHost: ${h}\r\nConnection: close\r\n\r\n`);
    for (const ok of [`127.0.0.1:${port}`, `localhost:${port}`, `LOCALHOST:${port}`, `[::1]:${port}`]) {
      expect((await withHost(ok)).status, ok).toBe(200);
    }
    for (const bad of [
      `127.0.0.1.evil.example:${port}`,
      `127.attacker.example:${port}`,
      `localhost.evil.example:${port}`,
      `evil.example:${port}`,
      `127.0.0.1:${port + 1}`,
      '127.0.0.1',
      `127.0.0.1@evil.example:${port}`,
      `127.0.0.1:${port}/x`,
      `[::1]evil:${port}`,
      '',
    ]) {
      expectContractError(await withHost(bad), 403, 'FORBIDDEN', `Host ${bad}`);
    }
  });

  it('accepts only an Origin on an allowed name and this port', async () => {
    const withOrigin = (o: string) => req('GET /api/version', '', `Origin: ${o}\r\n`);
    for (const ok of [`http://127.0.0.1:${port}`, `http://localhost:${port}`, `http://[::1]:${port}`]) {
      expect((await withOrigin(ok)).status, ok).toBe(200);
    }
    for (const bad of [`http://127.0.0.1.evil.example:${port}`, `http://127.attacker.example:${port}`, `http://127.0.0.1:${port + 1}`, 'http://127.0.0.1', 'null', `file://127.0.0.1:${port}`]) {
      expectContractError(await withOrigin(bad), 403, 'FORBIDDEN', `Origin ${bad}`);
    }
  });

  it('refuses the WebSocket upgrade for a rebinding Host or a look-alike Origin, accepts the real ones', async () => {
    const refused: Array<Record<string, string>> = [{ host: `127.0.0.1.evil.example:${port}` }, { host: `127.attacker.example:${port}` }, { origin: `http://127.0.0.1.evil.example:${port}` }];
    for (const headers of refused) {
      await expect(WsSession.open(t.url, headers), JSON.stringify(headers)).rejects.toThrow(/403/);
    }
    const ok = await WsSession.open(t.url, { host: `localhost:${port}`, origin: `http://localhost:${port}` });
    expect(await ok.request('version.get', {})).toMatchObject({ ok: true });
    await ok.close();
  });
});
