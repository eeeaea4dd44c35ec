import path from 'node:path';
import { z } from 'zod';

/**
 * The whole configuration, read from the environment once and validated, so a bad value stops the
 * process at start with the variable's name instead of failing later somewhere else.
 */

const ROOT = path.resolve(__dirname, '..');

const port = z.coerce.number().int().min(1).max(65535);
const bool = z.enum(['true', 'false', '1', '0']).transform((v) => v === 'true' || v === '1');
const optional = z.string().min(1).optional();

const schema = z.object({
  HOST: z.string().min(1).default('127.0.0.1'),
  PORT: port.default(3000),
  PUBLIC_URL: z.url().optional(),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  DATABASE_URL: z
    .string()
    .regex(/^postgres(ql)?:\/\//, 'phải bắt đầu bằng postgresql://')
    .default('postgresql://postgres@127.0.0.1:5432/chi_so_cchc'),
  EMBEDDED_POSTGRES: z.enum(['auto', 'on', 'off'], { error: 'phải là auto, on hoặc off' }).default('auto'),
  EMBEDDED_POSTGRES_PORT: port.default(5432),
  TEMPORAL_ADDRESS: z.string().regex(/^[^\s:]+:\d+$/, 'phải có dạng host:port').default('127.0.0.1:7233'),
  TEMPORAL_NAMESPACE: z.string().min(1).default('default'),
  TEMPORAL_TASK_QUEUE: z.string().min(1).default('chi-so-cchc'),
  TEMPORAL_UI_URL: z.url().default('http://127.0.0.1:8233'),
  TEMPORAL_TLS: bool.default(false),
  TEMPORAL_TLS_CERT_PATH: optional,
  TEMPORAL_TLS_KEY_PATH: optional,
  TEMPORAL_API_KEY: optional,
  SMTP_HOST: z.string().min(1).default('127.0.0.1'),
  SMTP_PORT: port.default(1025),
  SMTP_SECURE: bool.default(false),
  SMTP_USER: optional,
  SMTP_PASS: optional,
  MAIL_FROM: z.string().min(3).default('"Chỉ số CCHC - Sở Nội vụ" <chisocchc@localhost>'),
  SECRETARIAT_EMAIL: z.email().default('sonoivu@localhost'),
  EVIDENCE_DIR: z.string().min(1).default(path.join(ROOT, 'data', 'evidence')),
  EVIDENCE_MAX_BYTES: z.coerce.number().int().min(1024).default(20 * 1024 * 1024),
  SESSION_TTL_MINUTES: z.coerce.number().int().min(5).max(7 * 24 * 60).default(8 * 60),
  CORS_ORIGINS: z
    .string()
    .transform((v) => v.split(',').map((o) => o.trim()).filter(Boolean))
    .pipe(z.array(z.url({ error: 'mỗi nguồn phải là URL, ví dụ https://cchc.tuyenquang.gov.vn' })))
    .optional(),
  TRUST_PROXY: z
    .string()
    .regex(/^(false|true|loopback|\d{1,2})$/, 'phải là false, true, loopback hoặc số lớp proxy (0–99)')
    .default('false'),
  METRICS_TOKEN: z.string().min(16, 'cần ít nhất 16 ký tự').optional(),
  TEMPORAL_METRICS_ADDRESS: z.string().regex(/^[^\s:]+:\d+$/, 'phải có dạng host:port').optional(),
  WORKER_METRICS_ADDRESS: z.string().regex(/^([^\s:]+:\d+|off)$/, 'phải có dạng host:port hoặc off').default('127.0.0.1:9465'),
  WORKFLOW_BUNDLE_PATH: optional,
});

export type Env = z.input<typeof schema>;

export interface Config {
  host: string;
  port: number;
  publicUrl: string;
  logLevel: z.infer<typeof schema>['LOG_LEVEL'];
  databaseUrl: string;
  /** Whether DATABASE_URL was given, and when `npm start` / `npm test` run PostgreSQL from npm instead. */
  postgres: { urlConfigured: boolean; embedded: 'auto' | 'on' | 'off'; embeddedPort: number };
  temporal: {
    address: string;
    namespace: string;
    taskQueue: string;
    uiUrl: string;
    tls: boolean;
    tlsCertPath?: string;
    tlsKeyPath?: string;
    apiKey?: string;
  };
  smtp: { host: string; port: number; secure: boolean; user?: string; pass?: string; from: string };
  secretariatEmail: string;
  evidence: { dir: string; maxBytes: number };
  sessionTtlMinutes: number;
  /** Browser origins allowed to call the API from elsewhere; none by default. */
  corsOrigins: string[];
  /** Express's 'trust proxy': false, true, 'loopback' or a hop count (for the client address behind a reverse proxy). */
  trustProxy: boolean | string | number;
  metrics: {
    /** Bearer token for /metrics; without one only loopback clients reached directly may read it. */
    token?: string;
    /** Where the Temporal SDK exports its worker metrics; unset: a free loopback port. */
    temporalAddress?: string;
    /** The worker's own metrics listener when it runs apart (`npm run worker`); undefined when off. */
    workerAddress?: string;
  };
  /** A workflow bundle built beforehand (bundleWorkflowCode); the worker bundles at start without one. */
  workflowBundlePath?: string;
}

export class ConfigError extends Error {
  override name = 'ConfigError';
}

export function parseConfig(env: Record<string, string | undefined>): Config {
  // Empty strings count as unset, as shells and .env files often leave them.
  const present = Object.fromEntries(Object.entries(env).filter(([, v]) => v !== undefined && v !== ''));
  const parsed = schema.safeParse(present);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => `- ${i.path.join('.')}: ${i.message}`);
    throw new ConfigError(`Cấu hình môi trường không hợp lệ:\n${lines.join('\n')}`);
  }
  const e = parsed.data;
  if (Boolean(e.TEMPORAL_TLS_CERT_PATH) !== Boolean(e.TEMPORAL_TLS_KEY_PATH)) {
    throw new ConfigError(
      'Cấu hình môi trường không hợp lệ:\n- TEMPORAL_TLS_KEY_PATH: phải đi cùng TEMPORAL_TLS_CERT_PATH (cả hai hoặc không)',
    );
  }
  if (e.EMBEDDED_POSTGRES === 'on' && present.DATABASE_URL) {
    throw new ConfigError('Cấu hình môi trường không hợp lệ:\n- EMBEDDED_POSTGRES: on không đi cùng DATABASE_URL (chọn một trong hai)');
  }
  return {
    host: e.HOST,
    port: e.PORT,
    publicUrl: e.PUBLIC_URL ?? `http://localhost:${e.PORT}`,
    logLevel: e.LOG_LEVEL,
    databaseUrl: e.DATABASE_URL,
    postgres: { urlConfigured: Boolean(present.DATABASE_URL), embedded: e.EMBEDDED_POSTGRES, embeddedPort: e.EMBEDDED_POSTGRES_PORT },
    temporal: {
      address: e.TEMPORAL_ADDRESS,
      namespace: e.TEMPORAL_NAMESPACE,
      taskQueue: e.TEMPORAL_TASK_QUEUE,
      uiUrl: e.TEMPORAL_UI_URL,
      tls: e.TEMPORAL_TLS || Boolean(e.TEMPORAL_TLS_CERT_PATH) || Boolean(e.TEMPORAL_API_KEY),
      tlsCertPath: e.TEMPORAL_TLS_CERT_PATH,
      tlsKeyPath: e.TEMPORAL_TLS_KEY_PATH,
      apiKey: e.TEMPORAL_API_KEY,
    },
    smtp: {
      host: e.SMTP_HOST,
      port: e.SMTP_PORT,
      secure: e.SMTP_SECURE,
      user: e.SMTP_USER,
      pass: e.SMTP_PASS,
      from: e.MAIL_FROM,
    },
    secretariatEmail: e.SECRETARIAT_EMAIL,
    evidence: { dir: path.resolve(e.EVIDENCE_DIR), maxBytes: e.EVIDENCE_MAX_BYTES },
    sessionTtlMinutes: e.SESSION_TTL_MINUTES,
    corsOrigins: e.CORS_ORIGINS ?? [],
    metrics: {
      token: e.METRICS_TOKEN,
      temporalAddress: e.TEMPORAL_METRICS_ADDRESS,
      workerAddress: e.WORKER_METRICS_ADDRESS === 'off' ? undefined : e.WORKER_METRICS_ADDRESS,
    },
    workflowBundlePath: e.WORKFLOW_BUNDLE_PATH ? path.resolve(e.WORKFLOW_BUNDLE_PATH) : undefined,
    trustProxy: e.TRUST_PROXY === 'false' ? false : e.TRUST_PROXY === 'true' ? true : /^\d+$/.test(e.TRUST_PROXY) ? Number(e.TRUST_PROXY) : e.TRUST_PROXY,
  };
}

let cached: Config | undefined;

/** The process's configuration, parsed from process.env on first use. */
export function loadConfig(): Config {
  cached ??= parseConfig(process.env);
  return cached;
}
