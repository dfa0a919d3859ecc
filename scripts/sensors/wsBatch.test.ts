import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { describe, expect, it } from 'vitest';
import { WebSocket, WebSocketServer } from 'ws';
import { batchedWebSocketStream } from './wsBatch';

/** A server whose connection handler writes through a batched stream; the client collects the frames it receives. */
async function pair(onConnection: (stream: ReturnType<typeof batchedWebSocketStream>) => void) {
  const http = createServer();
  const wss = new WebSocketServer({ server: http });
  wss.on('connection', (socket) => onConnection(batchedWebSocketStream(socket)));
  await new Promise<void>((ok) => http.listen(0, '127.0.0.1', ok));
  const client = new WebSocket(`ws://127.0.0.1:${(http.address() as AddressInfo).port}`);
  const frames: Buffer[] = [];
  const closed = new Promise<void>((ok) => client.on('close', () => ok()));
  client.on('message', (data: Buffer) => frames.push(data));
  await new Promise((ok) => client.once('open', ok));
  return {
    client,
    frames,
    closed,
    stop: () =>
      new Promise<void>((ok) => {
        wss.close();
        http.close(() => ok());
        client.terminate();
      }),
  };
}

describe('batchedWebSocketStream', () => {
  it('sends what is written in one turn as one frame, in order', async () => {
    const p = await pair((s) => {
      for (let k = 0; k < 300; k++) s.write(Buffer.from([k & 255, 1, 2]));
    });
    try {
      while (p.frames.length === 0) await new Promise((r) => setTimeout(r, 10));
      await new Promise((r) => setTimeout(r, 50));
      expect(p.frames).toHaveLength(1);
      expect(p.frames[0].length).toBe(900);
      expect(Array.from(p.frames[0].subarray(0, 6))).toEqual([0, 1, 2, 1, 1, 2]);
    } finally {
      await p.stop();
    }
  });

  it('still delivers what was written just before the stream is destroyed (regression: a refusing CONNACK was lost)', async () => {
    const p = await pair((s) => {
      s.write(Buffer.from([0x20, 2, 0, 4]));
      s.destroy();
    });
    try {
      await p.closed;
      expect(p.frames.map((f) => Array.from(f))).toEqual([[0x20, 2, 0, 4]]);
    } finally {
      await p.stop();
    }
  });
});

describe('batchedWebSocketStream with a peer that does not read', () => {
  it('cuts it off once too much is unsent instead of holding the writer (regression: aedes queued deliveries and overflowed its stack)', async () => {
    let serverStream: ReturnType<typeof batchedWebSocketStream> | null = null;
    const p = await pair((s) => (serverStream = s));
    try {
      while (!serverStream) await new Promise((r) => setTimeout(r, 10));
      const s = serverStream as ReturnType<typeof batchedWebSocketStream>;
      const error = new Promise<Error>((ok) => s.once('error', ok));
      // The client stops reading from its TCP socket: everything piles up on the server.
      (p.client as unknown as { _socket: { pause(): void } })._socket.pause();
      const chunk = Buffer.alloc(60 * 1024, 7);
      let writes = 0;
      while (!s.destroyed && writes < 2000) {
        s.write(chunk);
        writes++;
        if (writes % 16 === 0) await new Promise((r) => setImmediate(r));
      }
      expect((await error).message).toMatch(/peer too slow/);
      expect(writes).toBeLessThan(2000);
    } finally {
      await p.stop();
    }
  });
});
