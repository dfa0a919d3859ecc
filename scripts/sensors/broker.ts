// Embedded MQTT broker (aedes) with a WebSocket listener on 127.0.0.1, for the simulator, the viewer and tests.
import { createServer, type Server } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { Aedes } from 'aedes';
import { WebSocketServer } from 'ws';
import { batchedWebSocketStream } from './wsBatch';

/** The conventional MQTT-over-WebSocket port (Mosquitto's examples use it too). */
export const DEFAULT_MQTT_WS_PORT = 9001;

export interface Credentials {
  username?: string;
  password?: string;
}

export interface BrokerOptions extends Credentials {
  /** 0 picks a free port (tests). */
  port?: number;
  host?: string;
}

export interface RunningBroker {
  /** `ws://host:port/mqtt` (any path is accepted). */
  url: string;
  port: number;
  aedes: Aedes;
  /** Closes every client connection and the listener. */
  stop(): Promise<void>;
}

/** Credentials from CIM_MQTT_USER / CIM_MQTT_PASSWORD; nothing is compiled in anywhere. */
export function credentialsFromEnv(env: NodeJS.ProcessEnv = process.env): Credentials {
  return { username: env.CIM_MQTT_USER || undefined, password: env.CIM_MQTT_PASSWORD || undefined };
}

const listen = (server: Server, port: number, host: string) =>
  new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      server.off('error', reject);
      resolve();
    });
  });

/** Starts aedes behind a WebSocket server; with a username set, clients must present it and the password. */
export async function startBroker(options: BrokerOptions = {}): Promise<RunningBroker> {
  const host = options.host ?? '127.0.0.1';
  const { username, password } = options;
  const aedes = await Aedes.createBroker(
    username === undefined
      ? {}
      : {
          authenticate: (_client, user, pass, done) => {
            const ok = user === username && (password === undefined || pass?.toString('utf8') === password);
            if (ok) return done(null, true);
            done(Object.assign(new Error('bad username or password'), { returnCode: 4 as const }), false);
          },
        },
  );
  const http = createServer((_req, res) => {
    res.writeHead(426, { 'content-type': 'text/plain' }).end('MQTT over WebSocket only\n');
  });
  const wss = new WebSocketServer({
    server: http,
    maxPayload: 256 * 1024,
    handleProtocols: (protocols) => ['mqtt', 'mqttv3.1'].find((p) => protocols.has(p)) ?? false,
  });
  wss.on('connection', (socket, req) => {
    // Packets written in one turn leave as one frame: a subscriber at 10k messages/s gets a few hundred frames a second.
    const stream = batchedWebSocketStream(socket);
    stream.on('error', () => socket.terminate());
    aedes.handle(stream, req);
  });
  // Every socket, upgraded or not, so stop() can end them all (a late handshake would otherwise keep the server open).
  const sockets = new Set<Socket>();
  http.on('connection', (socket) => {
    sockets.add(socket);
    socket.once('close', () => sockets.delete(socket));
  });
  await listen(http, options.port ?? DEFAULT_MQTT_WS_PORT, host);
  const port = (http.address() as AddressInfo).port;
  let stopped: Promise<void> | null = null;
  return {
    url: `ws://${host}:${port}/mqtt`,
    port,
    aedes,
    stop: () => {
      stopped ??= (async () => {
        wss.close();
        const closed = new Promise<void>((resolve) => http.close(() => resolve()));
        for (const client of wss.clients) client.terminate();
        for (const socket of sockets) socket.destroy();
        await closed;
        await new Promise<void>((resolve) => aedes.close(() => resolve()));
      })();
      return stopped;
    },
  };
}
