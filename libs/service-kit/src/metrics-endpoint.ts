import { createServer, type Server } from 'node:http';

/**
 * A backend's only HTTP listener besides pst-export's file stream: `GET /metrics` in Prometheus
 * text, everything else 404. The service's requests travel over TCP; this is for scraping.
 */
export async function serveMetrics(
  host: string,
  port: number,
  render: () => Promise<string>,
): Promise<Server> {
  const server = createServer((request, response) => {
    if (request.method !== 'GET' || request.url !== '/metrics') {
      response.writeHead(404, { 'content-type': 'text/plain' }).end('not found\n');
      return;
    }
    render().then(
      (text) => response.writeHead(200, { 'content-type': 'text/plain; version=0.0.4' }).end(text),
      () => response.writeHead(503, { 'content-type': 'text/plain' }).end('metrics unavailable\n'),
    );
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => resolve());
  });
  return server;
}
