// HTTP(S) GET with a timeout, redirects, a size limit and per-origin credentials.
import { request as httpRequest, type IncomingMessage } from 'node:http';
import { request as httpsRequest } from 'node:https';
import { ChartsError } from './errors.js';

export interface TlsFiles {
  ca?: Buffer;
  cert?: Buffer;
  key?: Buffer;
}

interface GetOptions {
  headers?: Record<string, string>;
  /** Sent only to this origin (never across a redirect to another host). */
  authOrigin?: string;
  authorization?: string;
  timeoutMs: number;
  maxBytes: number;
  tls?: TlsFiles;
  /** Return non-2xx responses instead of throwing (for auth challenges). */
  allowStatus?: number[];
}

export interface Response {
  status: number;
  url: string;
  headers: IncomingMessage['headers'];
  body: Buffer;
}

export class HttpError extends ChartsError {
  constructor(message: string, readonly status?: number) {
    super(message);
  }
}

function describe(err: NodeJS.ErrnoException, url: string): string {
  switch (err.code) {
    case 'ECONNREFUSED': return `connection refused fetching ${url}`;
    case 'ENOTFOUND': case 'EAI_AGAIN': return `cannot resolve host of ${url} (${err.code})`;
    case 'ECONNRESET': return `connection reset fetching ${url}`;
    default: return `cannot fetch ${url}: ${err.message}`;
  }
}

function once(url: URL, opts: GetOptions): Promise<Response> {
  return new Promise((resolve, reject) => {
    const headers: Record<string, string> = { 'user-agent': 'tkts-charts/1', ...(opts.headers ?? {}) };
    if (opts.authorization && opts.authOrigin === url.origin) headers.authorization = opts.authorization;
    const isHttps = url.protocol === 'https:';
    if (!isHttps && url.protocol !== 'http:') {
      reject(new HttpError(`unsupported URL scheme in ${url.href}`));
      return;
    }
    const req = (isHttps ? httpsRequest : httpRequest)(url, { method: 'GET', headers, ...(isHttps ? opts.tls : {}) });
    let settled = false;
    const fail = (e: Error): void => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      req.destroy();
      reject(e);
    };
    // One deadline for the whole exchange: connect, headers and body.
    const timer = setTimeout(() => fail(new HttpError(`timed out after ${opts.timeoutMs / 1000}s fetching ${url.href}`)), opts.timeoutMs);
    req.on('error', (e) => fail(new HttpError(describe(e as NodeJS.ErrnoException, url.href))));
    req.on('response', (res) => {
      const chunks: Buffer[] = [];
      let size = 0;
      const declared = Number(res.headers['content-length'] ?? '0');
      if (declared > opts.maxBytes) {
        fail(new HttpError(`${url.href} is ${declared} bytes, over the limit of ${opts.maxBytes}`));
        return;
      }
      res.on('data', (c: Buffer) => {
        size += c.length;
        if (size > opts.maxBytes) fail(new HttpError(`${url.href} is over the limit of ${opts.maxBytes} bytes`));
        else chunks.push(c);
      });
      res.on('error', (e) => fail(new HttpError(describe(e as NodeJS.ErrnoException, url.href))));
      res.on('close', () => {
        if (!res.complete) fail(new HttpError(`connection closed before the whole response arrived from ${url.href}`));
      });
      res.on('end', () => {
        if (settled) return;
        settled = true;
        clearTimeout(timer);
        resolve({ status: res.statusCode ?? 0, url: url.href, headers: res.headers, body: Buffer.concat(chunks) });
      });
    });
    req.end();
  });
}

/** GET with up to 5 redirects; non-2xx is an HttpError naming the URL and status. */
export async function httpGet(urlText: string, opts: GetOptions): Promise<Response> {
  let url = new URL(urlText);
  for (let hop = 0; hop <= 5; hop++) {
    const res = await once(url, opts);
    if ([301, 302, 303, 307, 308].includes(res.status) && res.headers.location) {
      url = new URL(res.headers.location, url);
      continue;
    }
    if ((res.status < 200 || res.status >= 300) && !(opts.allowStatus ?? []).includes(res.status)) {
      const text = res.body.toString('utf8', 0, Math.min(res.body.length, 200)).trim();
      throw new HttpError(`HTTP ${res.status} fetching ${url.href}${text ? `: ${text.split('\n')[0]}` : ''}`, res.status);
    }
    return res;
  }
  throw new HttpError(`too many redirects fetching ${urlText}`);
}
