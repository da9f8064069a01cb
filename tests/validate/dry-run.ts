// A small client for the test API server: discovery (kind → resource), server-side apply for the
// objects a dry run needs to exist (namespaces, CRDs), and create with `dryRun=All` and strict field
// validation, i.e. what `kubectl create --dry-run=server` sends.

import { readFileSync } from 'node:fs';
import { Agent, request } from 'node:https';

export type Obj = { [k: string]: any };

export interface Verdict {
  accepted: boolean;
  status: number;
  message: string;
}

interface Resource {
  plural: string;
  namespaced: boolean;
}

export class DryRunClient {
  private readonly agent: Agent;
  private readonly resources = new Map<string, Resource>();
  private readonly base: URL;

  constructor(
    server: string,
    private readonly token: string,
    caFile: string,
  ) {
    this.base = new URL(server);
    this.agent = new Agent({ ca: readFileSync(caFile), keepAlive: true, maxSockets: 8 });
  }

  close(): void {
    this.agent.destroy();
  }

  async call(method: string, path: string, body?: unknown, contentType = 'application/json'): Promise<{ status: number; json: Obj }> {
    const data = body === undefined ? undefined : Buffer.from(JSON.stringify(body));
    return new Promise((resolve, reject) => {
      const req = request(
        {
          host: this.base.hostname,
          port: this.base.port,
          path,
          method,
          agent: this.agent,
          headers: { Authorization: `Bearer ${this.token}`, Accept: 'application/json', ...(data ? { 'Content-Type': contentType, 'Content-Length': data.length } : {}) },
        },
        (res) => {
          const chunks: Buffer[] = [];
          res.on('data', (c: Buffer) => chunks.push(c));
          res.on('end', () => {
            const text = Buffer.concat(chunks).toString('utf8');
            let json: Obj;
            try {
              json = JSON.parse(text) as Obj;
            } catch {
              json = { message: text };
            }
            resolve({ status: res.statusCode ?? 0, json });
          });
        },
      );
      req.on('error', reject);
      if (data) req.write(data);
      req.end();
    });
  }

  /** Fills the kind → resource map from the server's discovery documents. */
  async discover(): Promise<void> {
    const lists: string[] = ['/api/v1'];
    const groups = await this.call('GET', '/apis');
    for (const g of groups.json.groups ?? []) for (const v of g.versions ?? []) lists.push(`/apis/${v.groupVersion}`);
    for (const path of lists) {
      const r = await this.call('GET', path);
      if (r.status !== 200) continue;
      const gv = r.json.groupVersion as string;
      for (const res of r.json.resources ?? []) {
        if (String(res.name).includes('/')) continue; // subresources
        this.resources.set(`${gv}|${res.kind}`, { plural: res.name, namespaced: res.namespaced });
      }
    }
  }

  private pathFor(obj: Obj): string {
    const res = this.resources.get(`${obj.apiVersion}|${obj.kind}`);
    if (!res) throw new Error(`the API server does not serve ${obj.apiVersion} ${obj.kind}`);
    const prefix = String(obj.apiVersion).includes('/') ? `/apis/${obj.apiVersion}` : `/api/${obj.apiVersion}`;
    const ns = res.namespaced ? `/namespaces/${encodeURIComponent(obj.metadata?.namespace ?? 'default')}` : '';
    return `${prefix}${ns}/${res.plural}`;
  }

  /** Server-side apply (creates or updates): for what the dry runs need to exist. */
  async apply(obj: Obj): Promise<void> {
    const path = `${this.pathFor(obj)}/${encodeURIComponent(obj.metadata.name)}?fieldManager=validate-differential&force=true`;
    const r = await this.call('PATCH', path, obj, 'application/apply-patch+yaml');
    if (r.status >= 300) throw new Error(`applying ${obj.kind} ${obj.metadata.name}: ${r.status} ${r.json.message}`);
  }

  /** Waits until the CRDs answer Established. */
  async waitEstablished(names: string[], timeoutMs = 60_000): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    for (const name of names) {
      for (;;) {
        const r = await this.call('GET', `/apis/apiextensions.k8s.io/v1/customresourcedefinitions/${name}`);
        if ((r.json.status?.conditions ?? []).some((c: Obj) => c.type === 'Established' && c.status === 'True')) break;
        if (Date.now() > deadline) throw new Error(`CRD ${name} not Established after ${timeoutMs} ms`);
        await new Promise((res) => setTimeout(res, 200));
      }
    }
  }

  /** `kubectl create --dry-run=server` with strict field validation: does the API server accept the object? */
  async dryRunCreate(obj: Obj): Promise<Verdict> {
    // kubectl refuses a kind the server does not serve ("no matches for kind") before sending anything.
    if (!this.resources.has(`${obj.apiVersion}|${obj.kind}`)) return { accepted: false, status: 404, message: `no matches for kind "${obj.kind}" in version "${obj.apiVersion}"` };
    const r = await this.call('POST', `${this.pathFor(obj)}?dryRun=All&fieldValidation=Strict`, obj);
    if (r.status === 200 || r.status === 201) return { accepted: true, status: r.status, message: '' };
    if (r.status === 400 || r.status === 422) return { accepted: false, status: r.status, message: String(r.json.message ?? '') };
    // Anything else (missing namespace, conflicts, server errors) says nothing about the object: the test must fail.
    throw new Error(`dry run of ${obj.kind} ${obj.metadata?.namespace ?? ''}/${obj.metadata?.name}: unexpected ${r.status} ${r.json.message}`);
  }
}

/** Runs `fn` over items with at most `n` in flight, keeping order. */
export async function mapLimit<T, R>(items: T[], n: number, fn: (x: T, i: number) => Promise<R>): Promise<R[]> {
  const out = new Array<R>(items.length);
  let next = 0;
  await Promise.all(
    Array.from({ length: Math.min(n, items.length) }, async () => {
      while (next < items.length) {
        const i = next++;
        out[i] = await fn(items[i]!, i);
      }
    }),
  );
  return out;
}
