// A lean keep-alive HTTP GET for single-client latency figures. fetch (undici) costs the client about a millisecond
// per request here, which would be counted against the server when its latency is compared with raw SQL's.
import http from 'node:http';

const agent = new http.Agent({ keepAlive: true, maxSockets: 1 });

export interface Got {
  status: number;
  headers: http.IncomingHttpHeaders;
  body: Buffer;
}

export function httpGet(url: string, headers: Record<string, string> = {}): Promise<Got> {
  return new Promise((resolve, reject) => {
    const req = http.get(url, { agent, headers }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks) }));
      res.on('error', reject);
    });
    req.on('error', (err: NodeJS.ErrnoException) => {
      // A kept-alive socket the server closed as idle (its keepAliveTimeout) just as it was reused: ask again once on a
      // new socket, as Node's documentation advises (`request.reusedSocket`).
      if (req.reusedSocket && err.code === 'ECONNRESET') httpGet(url, headers).then(resolve, reject);
      else reject(err);
    });
  });
}
