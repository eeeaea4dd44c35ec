import { z } from 'zod';
import { ROLE_LABELS } from '../../domain/roles';
import { isPublic } from './access';
import { isMutating, openApiPath, type RegisteredRoute } from './registry';

/**
 * The OpenAPI 3.1 document, written from the registered routes: paths, parameters, bodies and
 * responses come from the same zod schemas that validate the requests. `x-access` carries the access
 * rule of each operation (roles and scope), which the authorisation matrix test reads.
 */

export const problemSchema = z
  .object({
    type: z.string(),
    title: z.string().meta({ description: 'Tiêu đề lỗi (tiếng Việt)' }),
    status: z.number().int(),
    detail: z.string().optional().meta({ description: 'Mô tả lỗi và cách khắc phục (tiếng Việt)' }),
    instance: z.string().optional(),
    code: z.string().optional().meta({ description: 'Mã lỗi ổn định cho máy đọc, ví dụ VALIDATION_FAILED, ALREADY_SUBMITTED' }),
    errors: z.array(z.object({ field: z.string(), message: z.string() })).optional().meta({ description: 'Các trường không hợp lệ' }),
  })
  .meta({ description: 'Lỗi theo RFC 9457 (application/problem+json)' });

const STANDARD_ERRORS: Record<number, string> = {
  400: 'Tham số đường dẫn hoặc truy vấn không hợp lệ',
  401: 'Chưa đăng nhập hoặc phiên đã hết hạn',
  403: 'Không có quyền với tài nguyên này',
  404: 'Không tìm thấy',
  409: 'Xung đột với trạng thái hiện tại (giai đoạn, khóa, trùng lặp)',
  412: 'If-Match không khớp: dữ liệu đã bị người khác thay đổi',
  413: 'Nội dung quá lớn',
  415: 'Định dạng nội dung không được hỗ trợ',
  422: 'Dữ liệu không hợp lệ (trường lỗi trong `errors`)',
  429: 'Quá nhiều yêu cầu',
  500: 'Lỗi hệ thống',
};

function jsonSchema(schema: z.ZodType, io: 'input' | 'output'): Record<string, unknown> {
  const out = z.toJSONSchema(schema, { io, target: 'draft-2020-12', unrepresentable: 'any' }) as Record<string, unknown>;
  delete out.$schema;
  return out;
}

function parameters(route: RegisteredRoute): unknown[] {
  const list: unknown[] = [];
  const add = (where: 'path' | 'query', schema: z.ZodType | undefined) => {
    if (!(schema instanceof z.ZodObject)) return;
    const json = jsonSchema(schema, 'input') as { properties?: Record<string, Record<string, unknown>>; required?: string[] };
    for (const [name, prop] of Object.entries(json.properties ?? {})) {
      const { description, example, ...rest } = prop;
      list.push({
        name,
        in: where,
        required: where === 'path' || (json.required ?? []).includes(name),
        ...(description ? { description } : {}),
        ...(example !== undefined ? { example } : {}),
        schema: rest,
      });
    }
  };
  add('path', route.spec.params);
  add('query', route.spec.query);
  const credential = isPublic(route.spec.access) ? route.spec.access.credential : undefined;
  if (credential && !(route.spec.requestHeaders ?? []).some((h) => h.name === credential.header)) {
    list.push({ name: credential.header, in: 'header', required: true, description: credential.description, schema: { type: 'string' } });
  }
  for (const h of route.spec.requestHeaders ?? []) {
    list.push({ name: h.name, in: 'header', required: h.required ?? false, description: h.description, schema: { type: 'string' } });
  }
  if (isMutating(route.spec.method) && route.spec.idempotent !== false) {
    list.push({
      name: 'Idempotency-Key',
      in: 'header',
      required: false,
      description: 'Khóa chống lặp (8–128 ký tự chữ, số, . _ : -). Gửi lại cùng khóa và cùng nội dung: nhận lại kết quả lần đầu, thao tác chỉ thực hiện một lần.',
      schema: { type: 'string', pattern: '^[A-Za-z0-9_.:-]{8,128}$' },
    });
  }
  return list;
}

function responses(route: RegisteredRoute): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  const { spec } = route;
  for (const [status, r] of Object.entries(spec.responses)) {
    const content = r.schema
      ? { 'application/json': { schema: jsonSchema(r.schema, 'output') } }
      : r.contentType
        ? { [r.contentType]: { schema: { type: 'string', format: 'binary' } } }
        : undefined;
    out[status] = {
      description: r.description,
      ...(content ? { content } : {}),
      ...(r.headers ? { headers: Object.fromEntries(Object.entries(r.headers).map(([k, d]) => [k, { description: d, schema: { type: 'string' } }])) } : {}),
    };
  }
  const errors = new Set<number>([500]);
  if (!isPublic(spec.access)) errors.add(401).add(403);
  else if (spec.access.credential) errors.add(401);
  if (spec.params || spec.query) errors.add(400);
  if (isMutating(spec.method)) errors.add(422).add(413);
  if (spec.upload) errors.add(415).add(413);
  if (spec.body) errors.add(415);
  for (const status of errors) {
    out[String(status)] ??= { description: STANDARD_ERRORS[status], content: { 'application/problem+json': { schema: { $ref: '#/components/schemas/Problem' } } } };
  }
  for (const [status, r] of Object.entries(out)) {
    if (Number(status) >= 400 && !(r as { content?: unknown }).content) {
      (r as Record<string, unknown>).content = { 'application/problem+json': { schema: { $ref: '#/components/schemas/Problem' } } };
    }
  }
  return out;
}

export interface OpenApiDocument {
  openapi: string;
  info: Record<string, unknown>;
  paths: Record<string, Record<string, OpenApiOperation>>;
  components: Record<string, unknown>;
  [key: string]: unknown;
}

export interface OpenApiOperation {
  operationId: string;
  summary: string;
  tags: string[];
  parameters: { name: string; in: string; required: boolean; schema: Record<string, unknown>; example?: unknown }[];
  'x-access': { public: boolean; roles: string[]; scope: string[]; credential?: string };
  [key: string]: unknown;
}

function operationId(route: RegisteredRoute): string {
  const words = route.fullPath
    .replace(/^\/api\/v1/, '')
    .split('/')
    .filter(Boolean)
    .map((w) => (w.startsWith(':') ? `by-${w.slice(1)}` : w));
  return [route.spec.method, ...words]
    .join('-')
    .replace(/[^A-Za-z0-9]+(.)/g, (_, c: string) => c.toUpperCase())
    .replace(/[^A-Za-z0-9]/g, '');
}

export function buildOpenApiDocument(routes: readonly RegisteredRoute[], version: string): OpenApiDocument {
  const paths: OpenApiDocument['paths'] = {};
  const tags = new Set<string>();
  for (const route of routes) {
    const { spec } = route;
    const path = openApiPath(route.fullPath);
    paths[path] ??= {};
    route.tags.forEach((t) => tags.add(t));
    const access = spec.access;
    const body = spec.body
      ? { required: true, content: { 'application/json': { schema: jsonSchema(spec.body, 'input') } } }
      : spec.upload
        ? {
            required: true,
            description: spec.upload.description,
            content: Object.fromEntries(
              spec.upload.contentTypes.map((t) => [t, { schema: spec.upload!.schema ? jsonSchema(spec.upload!.schema, 'input') : { type: 'string', format: 'binary' } }]),
            ),
          }
        : undefined;
    paths[path][spec.method] = {
      operationId: operationId(route),
      summary: spec.summary,
      ...(spec.description ? { description: spec.description } : {}),
      tags: route.tags,
      parameters: parameters(route) as OpenApiOperation['parameters'],
      ...(body ? { requestBody: body } : {}),
      responses: responses(route),
      security: isPublic(access) ? (access.credential ? [] : [{}, { bearer: [] }]) : [{ bearer: [] }],
      'x-access': isPublic(access)
        ? { public: true, roles: [], scope: [], ...(access.credential ? { credential: access.credential.header } : {}) }
        : { public: false, roles: [...access.roles], scope: [...(access.scope ?? [])] },
    };
  }
  return {
    openapi: '3.1.0',
    info: {
      title: 'Chỉ số CCHC — API',
      version,
      description:
        'API chấm điểm Chỉ số cải cách hành chính: tự đánh giá, minh chứng, thẩm định, giải trình, tổng hợp, xếp hạng và công bố. ' +
        'Đăng nhập bằng POST /api/v1/auth/login, gửi mã phiên trong tiêu đề “Authorization: Bearer …”. ' +
        'Lỗi trả về dạng application/problem+json (RFC 9457). Điểm và chỉ số là số thập phân tối đa 2 chữ số. ' +
        `Vai trò: ${Object.entries(ROLE_LABELS)
          .map(([k, v]) => `${k} — ${v}`)
          .join('; ')}.`,
    },
    servers: [{ url: '/' }],
    tags: [...tags].map((name) => ({ name })),
    paths,
    components: {
      securitySchemes: { bearer: { type: 'http', scheme: 'bearer', description: 'Mã phiên nhận được khi đăng nhập' } },
      schemas: { Problem: jsonSchema(problemSchema, 'output') },
    },
  };
}
