#!/usr/bin/env bash
# Nightly backup: a consistent dump of the database (pg_dump, custom format) and the evidence files
# (content-addressed, so a copy never changes once written). Keeps 14 days. Usage: backup.sh DIR
set -euo pipefail
dest="${1:?backup folder}"
: "${DATABASE_URL:?DATABASE_URL is not set}"
evidence="${EVIDENCE_DIR:-/var/lib/chi-so-cchc/evidence}"
stamp="$(date -u +%Y%m%dT%H%M%SZ)"
mkdir -p "$dest"
# Prisma's URL may carry ?schema=…, which libpq does not know.
pg_dump --format=custom --no-owner --file="$dest/db-$stamp.dump.tmp" "${DATABASE_URL%%\?*}"
mv "$dest/db-$stamp.dump.tmp" "$dest/db-$stamp.dump"
tar -C "$(dirname "$evidence")" -cf "$dest/evidence-$stamp.tar.tmp" "$(basename "$evidence")"
mv "$dest/evidence-$stamp.tar.tmp" "$dest/evidence-$stamp.tar"
find "$dest" -maxdepth 1 -name 'db-*.dump' -mtime +14 -delete
find "$dest" -maxdepth 1 -name 'evidence-*.tar' -mtime +14 -delete
echo "backup $stamp: $(du -h "$dest/db-$stamp.dump" | cut -f1) database, $(du -h "$dest/evidence-$stamp.tar" | cut -f1) evidence"
