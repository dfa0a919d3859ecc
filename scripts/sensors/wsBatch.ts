// A byte stream over a `ws` WebSocket that sends everything written during one event-loop turn as one binary frame.
// MQTT over WebSocket allows several control packets per frame (MQTT 3.1.1 §6, MQTT 5 §6), and at 10k messages/s
// one frame per packet costs more than the packets: every frame is a syscall here and a task on the receiving thread.
import { Duplex } from 'node:stream';
import { WebSocket } from 'ws';

export interface BatchOptions {
  /** A frame is sent as soon as this much is waiting (64 KiB). */
  maxFrameBytes?: number;
  /**
   * A peer that lets more than this pile up unsent (16 MiB) is cut off: it reconnects and backfills. Holding the writer
   * instead let aedes queue deliveries without bound, and draining that queue overflowed its stack (a saturated page).
   */
  maxBufferedBytes?: number;
}

/** Wraps an open or still connecting socket; closing either side ends the other. */
export function batchedWebSocketStream(socket: WebSocket, options: BatchOptions = {}): Duplex {
  const maxFrame = options.maxFrameBytes ?? 64 * 1024;
  const maxBuffered = options.maxBufferedBytes ?? 16 * 1024 * 1024;
  let chunks: Buffer[] = [];
  let bytes = 0;
  let scheduled = false;
  let slow = false;

  const flush = () => {
    scheduled = false;
    if (bytes === 0 || socket.readyState !== WebSocket.OPEN) return;
    const frame = chunks.length === 1 ? chunks[0] : Buffer.concat(chunks, bytes);
    chunks = [];
    bytes = 0;
    socket.send(frame, { binary: true });
    if (socket.bufferedAmount > maxBuffered && !slow) {
      slow = true;
      stream.destroy(new Error(`peer too slow: more than ${maxBuffered} bytes unsent`));
    }
  };

  const stream = new Duplex({
    read() {},
    write(chunk: Buffer, _encoding, done) {
      // Like ws's own stream: writing to a closing socket fails, so the writer learns the connection is gone.
      if (socket.readyState > WebSocket.OPEN) return done(new Error('WebSocket is not open'));
      chunks.push(chunk);
      bytes += chunk.length;
      if (bytes >= maxFrame) flush();
      else if (!scheduled) {
        scheduled = true;
        setImmediate(flush);
      }
      done();
    },
    final(done) {
      flush();
      socket.close();
      done();
    },
    destroy(err, done) {
      // What was written before (a refusing CONNACK, say) still leaves, then the closing handshake; a slow peer is cut.
      if (!slow) flush();
      chunks = [];
      bytes = 0;
      if (slow) socket.terminate();
      else if (socket.readyState === WebSocket.OPEN) socket.close();
      else if (socket.readyState === WebSocket.CONNECTING) socket.terminate();
      done(err);
    },
  });
  socket.on('open', flush);
  socket.on('message', (data: Buffer | ArrayBuffer | Buffer[]) => {
    stream.push(Array.isArray(data) ? Buffer.concat(data) : Buffer.isBuffer(data) ? data : Buffer.from(data));
  });
  socket.on('close', () => {
    stream.push(null);
    stream.destroy();
  });
  socket.on('error', (err) => stream.destroy(err));
  return stream;
}
