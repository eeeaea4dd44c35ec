import type { Server } from 'node:http';
import type { Client } from '@temporalio/client';
import type { Config } from '../config';
import type { Db } from '../lib/db/prisma';
import type { Logger } from '../lib/logger';
import { createApp } from './app';

/** Listens with the app; resolves once the port is bound. */
export function listen(deps: { db: Db; temporal: Client; config: Config; logger: Logger }): Promise<Server> {
  const app = createApp(deps);
  return new Promise((resolve, reject) => {
    const server = app.listen(deps.config.port, deps.config.host, (error?: Error) => (error ? reject(error) : resolve(server)));
    server.once('error', reject);
  });
}
