import { buildWeb } from '../web/build';

/** Builds the browser app into web/dist when its sources changed (`--force` always). */
buildWeb({ force: process.argv.includes('--force') })
  .then((built) => {
    if (built) console.log('▸ Đã dựng giao diện web (web/dist)');
  })
  .catch((error: unknown) => {
    console.error(`✗ Không dựng được giao diện web: ${error instanceof Error ? error.message : String(error)}`);
    process.exit(1);
  });
