import { createHash, randomUUID } from 'node:crypto';
import { createReadStream, createWriteStream, type ReadStream } from 'node:fs';
import { link, mkdir, rm, stat } from 'node:fs/promises';
import path from 'node:path';
import type { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { Transform } from 'node:stream';
import { HEAD_BYTES, TAIL_BYTES } from './file-type';

/**
 * Evidence bytes, content-addressed: a file lives at <dir>/<first two hex digits>/<sha256>, never
 * under a name a person chose, outside anything served as static content. Equal content is stored
 * once; a stored file never changes.
 */

export interface Received {
  /** Where the bytes wait until they are accepted (or discarded). */
  tempPath: string;
  sha256: string;
  size: number;
  head: Buffer;
  tail: Buffer;
  /** The stream went past the size limit; the file is incomplete. */
  truncated: boolean;
}

export class EvidenceStore {
  constructor(readonly dir: string) {}

  pathOf(sha256: string): string {
    if (!/^[0-9a-f]{64}$/.test(sha256)) throw new Error('invalid sha256');
    return path.join(this.dir, sha256.slice(0, 2), sha256);
  }

  /** Streams an upload to a temporary file, hashing it and keeping its first and last bytes. */
  async receive(stream: Readable, isTruncated: () => boolean): Promise<Received> {
    const tmpDir = path.join(this.dir, 'tmp');
    await mkdir(tmpDir, { recursive: true });
    const tempPath = path.join(tmpDir, randomUUID());
    const hash = createHash('sha256');
    let size = 0;
    let head = Buffer.alloc(0);
    let tail = Buffer.alloc(0);
    const tap = new Transform({
      transform(chunk: Buffer, _enc, done) {
        hash.update(chunk);
        size += chunk.length;
        if (head.length < HEAD_BYTES) head = Buffer.concat([head, chunk.subarray(0, HEAD_BYTES - head.length)]);
        tail = Buffer.concat([tail, chunk]);
        if (tail.length > TAIL_BYTES) tail = tail.subarray(tail.length - TAIL_BYTES);
        done(null, chunk);
      },
    });
    try {
      await pipeline(stream, tap, createWriteStream(tempPath, { flags: 'wx', mode: 0o600 }));
    } catch (error) {
      await rm(tempPath, { force: true });
      throw error;
    }
    return { tempPath, sha256: hash.digest('hex'), size, head, tail, truncated: isTruncated() };
  }

  /** Moves accepted bytes to their content address (kept as they are when already there). */
  async keep(received: Received): Promise<void> {
    const target = this.pathOf(received.sha256);
    await mkdir(path.dirname(target), { recursive: true });
    try {
      // A hard link publishes the file atomically and fails if the content is already stored.
      await link(received.tempPath, target);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    } finally {
      await rm(received.tempPath, { force: true });
    }
  }

  async discard(received: Pick<Received, 'tempPath'>): Promise<void> {
    await rm(received.tempPath, { force: true });
  }

  async open(sha256: string): Promise<{ stream: ReadStream; size: number } | null> {
    const file = this.pathOf(sha256);
    try {
      const { size } = await stat(file);
      return { stream: createReadStream(file), size };
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null;
      throw error;
    }
  }
}
