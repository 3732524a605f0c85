// A socket in front of the engine's, for tests of what the runtime does when the engine misbehaves,
// which the real one cannot be made to do on purpose: each client connection gets a connection of its
// own to the engine, and `connection` returns what to do with the client's bytes on it.
import { connect as netConnect, createServer, type Server, type Socket } from 'node:net';

export function engineProxy(path: string, connection: (upstream: Socket) => (chunk: Buffer) => void): { server: Server; sockets: Set<Socket> } {
  const sockets = new Set<Socket>();
  const server = createServer((client) => {
    const upstream = netConnect('/var/run/docker.sock');
    sockets.add(client).add(upstream);
    client.on('data', connection(upstream));
    upstream.pipe(client);
    const drop = () => {
      client.destroy();
      upstream.destroy();
    };
    client.on('error', drop);
    upstream.on('error', drop);
  });
  server.listen(path);
  return { server, sockets };
}
