import { existsSync } from 'node:fs';
import { rm } from 'node:fs/promises';
import net from 'node:net';
import path from 'node:path';
import { afterAll, describe, expect, it } from '@jest/globals';
import { Client } from 'pg';
import { parseConfig } from '../../config';
import { freePort, isListening } from '../../dev/free-port';
import { runningServer, startEmbeddedPostgres } from '../../dev/embedded-postgres';
import { chooseDatabase } from '../../scripts/start-database';

/** Which PostgreSQL `npm start` takes, and the embedded one's life: created once, kept, taken over after a crash. */
describe('the database npm start uses', () => {
  const dataDir = path.resolve(__dirname, `../../data/postgres/test-choose-${process.pid}`);
  afterAll(async () => {
    await rm(dataDir, { recursive: true, force: true });
    await rm(`${dataDir}.log`, { force: true });
  });

  it('is the one DATABASE_URL names, untouched', async () => {
    const url = 'postgresql://cchc:secret@db.example.vn:5432/chi_so_cchc';
    const choice = await chooseDatabase(parseConfig({ DATABASE_URL: url }), dataDir);
    expect(choice).toEqual({ url, description: expect.stringContaining('postgresql://cchc:***@db.example.vn:5432/chi_so_cchc') });
  });

  it('refuses EMBEDDED_POSTGRES=on together with DATABASE_URL', () => {
    expect(() => parseConfig({ EMBEDDED_POSTGRES: 'on', DATABASE_URL: 'postgresql://x@h/d' })).toThrow(/EMBEDDED_POSTGRES/);
    expect(() => parseConfig({ EMBEDDED_POSTGRES: 'yes' })).toThrow(/EMBEDDED_POSTGRES/);
  });

  it('starts the embedded server with its data kept across starts, and stops it', async () => {
    const port = await freePort();
    const config = parseConfig({ EMBEDDED_POSTGRES: 'on', EMBEDDED_POSTGRES_PORT: String(port) });

    const first = await chooseDatabase(config, dataDir);
    expect(first.url).toBe(`postgresql://postgres@127.0.0.1:${port}/chi_so_cchc`);
    expect(first.description).toMatch(/PostgreSQL nhúng 17\.\d+ .*\(mới tạo\); dừng khi thoát/);
    await withClient(first.url.replace('/chi_so_cchc', '/postgres'), (c) => c.query('CREATE DATABASE kept_across_starts'));
    await first.stop!();
    expect(await isListening(port)).toBe(false);

    const second = await chooseDatabase(config, dataDir);
    expect(second.description).not.toMatch(/mới tạo/);
    const { rows } = await withClient(second.url.replace('/chi_so_cchc', '/postgres'), (c) => c.query("SELECT 1 FROM pg_database WHERE datname = 'kept_across_starts'"));
    expect(rows).toHaveLength(1);
    await second.stop!();
    expect(existsSync(path.join(dataDir, 'postmaster.pid'))).toBe(false);
  });

  it('takes over its server left running by a start that was killed, and stops it on exit', async () => {
    const port = await freePort();
    const orphan = await startEmbeddedPostgres({ dataDir, port, detached: true });
    const choice = await chooseDatabase(parseConfig({ EMBEDDED_POSTGRES: 'on', EMBEDDED_POSTGRES_PORT: String(await freePort()) }), dataDir);
    expect(choice.url).toBe(`postgresql://postgres@127.0.0.1:${port}/chi_so_cchc`);
    expect(choice.description).toMatch(`pid ${orphan.pid}, cổng ${port}`);
    await choice.stop!();
    expect(runningServer(dataDir)).toBeUndefined();
    expect(await isListening(port)).toBe(false);
  });

  it('says which port is taken when the embedded one cannot listen', async () => {
    const blocker = net.createServer().listen(0, '127.0.0.1');
    await new Promise((r) => blocker.once('listening', r));
    const port = (blocker.address() as net.AddressInfo).port;
    try {
      await expect(chooseDatabase(parseConfig({ EMBEDDED_POSTGRES: 'on', EMBEDDED_POSTGRES_PORT: String(port) }), dataDir)).rejects.toThrow(
        `Cổng ${port} đã có chương trình khác`,
      );
    } finally {
      blocker.close();
    }
  });
});

async function withClient<T>(url: string, fn: (c: Client) => Promise<T>): Promise<T> {
  const client = new Client({ connectionString: url });
  await client.connect();
  try {
    return await fn(client);
  } finally {
    await client.end();
  }
}
