import net from 'node:net';

/** A reply read off a raw socket: status, lower-cased headers, body text (chunked bodies decoded). */
export interface RawReply {
  status: number;
  headers: Record<string, string>;
  body: string;
}

/** Parses the bytes a server wrote before closing; status 0 when it wrote nothing (closed without a reply). */
export function parseRawReply(raw: Buffer): RawReply {
  const text = raw.toString('latin1');
  const end = text.indexOf('\r\n\r\n');
  if (end < 0) return { status: 0, headers: {}, body: text };
  const [statusLine, ...lines] = text.slice(0, end).split('\r\n');
  const headers: Record<string, string> = {};
  for (const line of lines) {
    const i = line.indexOf(':');
    if (i > 0) headers[line.slice(0, i).trim().toLowerCase()] = line.slice(i + 1).trim();
  }
  let body = text.slice(end + 4);
  if (headers['transfer-encoding'] === 'chunked') {
    let out = '';
    for (let at = 0; ; ) {
      const nl = body.indexOf('\r\n', at);
      const size = parseInt(body.slice(at, nl), 16);
      if (!(size > 0)) break;
      out += body.slice(nl + 2, nl + 2 + size);
      at = nl + 2 + size + 2;
    }
    body = out;
  }
  const length = headers['content-length'];
  if (length !== undefined) body = body.slice(0, Number(length));
  return { status: Number(/^HTTP\/1\.[01] (\d{3})/.exec(statusLine ?? '')?.[1] ?? 0), headers, body: Buffer.from(body, 'latin1').toString('utf8') };
}

/**
 * Writes `request` (raw bytes, exactly as given) to `url`'s host and port and resolves with what the server wrote
 * once it closes the connection, or once a complete reply (headers and Content-Length body) has arrived. Rejects
 * after `timeoutMs` (a safety net, not a measurement).
 */
export function rawRequest(url: string, request: string | Buffer, timeoutMs = 30_000): Promise<RawReply> {
  const { hostname, port } = new URL(url);
  return new Promise((resolve, reject) => {
    const socket = net.connect({ host: hostname.replace(/^\[|\]$/g, ''), port: Number(port) });
    const chunks: Buffer[] = [];
    const timer = setTimeout(() => {
      socket.destroy();
      reject(new Error(`no reply within ${timeoutMs} ms to ${JSON.stringify(request.toString().slice(0, 80))}`));
    }, timeoutMs);
    const finish = () => {
      clearTimeout(timer);
      socket.destroy();
      resolve(parseRawReply(Buffer.concat(chunks)));
    };
    socket.on('data', (d: Buffer) => {
      chunks.push(d);
      const reply = Buffer.concat(chunks).toString('latin1');
      const end = reply.indexOf('\r\n\r\n');
      const length = /\r\ncontent-length: *(\d+)/i.exec(reply.slice(0, end));
      if (end >= 0 && length && Buffer.byteLength(reply, 'latin1') >= end + 4 + Number(length[1])) finish();
    });
    socket.on('error', () => finish());
    socket.on('close', finish);
    socket.write(request);
  });
}

/**
 * Sends `head` then `piece` every `everyMs` until the server answers or closes; resolves with the reply and how
 * many pieces went out. `maxPieces` bounds the trickle (then it rejects: the server never cut it off).
 */
export function trickle(url: string, head: string, piece: string, everyMs: number, maxPieces: number): Promise<{ reply: RawReply; pieces: number }> {
  const { hostname, port } = new URL(url);
  return new Promise((resolve, reject) => {
    const socket = net.connect({ host: hostname, port: Number(port) });
    const chunks: Buffer[] = [];
    let pieces = 0;
    let timer: ReturnType<typeof setInterval> | null = null;
    let done = false;
    const finish = () => {
      if (done) return;
      done = true;
      if (timer) clearInterval(timer);
      socket.destroy();
      if (pieces >= maxPieces) reject(new Error(`the server let ${pieces} pieces trickle in without cutting the request off`));
      else resolve({ reply: parseRawReply(Buffer.concat(chunks)), pieces });
    };
    socket.on('connect', () => {
      socket.write(head);
      timer = setInterval(() => {
        if (pieces >= maxPieces) return finish();
        pieces++;
        if (socket.writable) socket.write(piece);
      }, everyMs);
    });
    socket.on('data', (d: Buffer) => chunks.push(d));
    socket.on('error', finish);
    socket.on('close', finish);
  });
}
