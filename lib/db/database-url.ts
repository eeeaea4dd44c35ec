/** Splits a PostgreSQL URL into the database name and a URL for the server's maintenance database. */
export function parseDatabaseUrl(databaseUrl: string): { database: string; maintenanceUrl: string } {
  const url = new URL(databaseUrl);
  const database = decodeURIComponent(url.pathname.replace(/^\//, ''));
  if (!database) throw new Error(`DATABASE_URL không có tên cơ sở dữ liệu: ${redactUrl(databaseUrl)}`);
  url.pathname = '/postgres';
  return { database, maintenanceUrl: url.toString() };
}

/** The URL with its password hidden, for logs and error messages. */
export function redactUrl(databaseUrl: string): string {
  try {
    const url = new URL(databaseUrl);
    if (url.password) url.password = '***';
    return url.toString();
  } catch {
    return '(URL không hợp lệ)';
  }
}

export function quoteIdent(name: string): string {
  return `"${name.replace(/"/g, '""')}"`;
}
