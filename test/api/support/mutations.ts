/**
 * Bad bodies derived from a route's documented request schema and one valid sample: each mutation
 * breaks exactly one rule (malformed, missing, extra, wrong type, out of range, oversized, hostile),
 * so every one of them must be refused.
 */
export interface Mutation {
  what: string;
  body?: unknown;
  raw?: string;
}

type Schema = {
  type?: string | string[];
  properties?: Record<string, Schema>;
  required?: string[];
  items?: Schema;
  enum?: unknown[];
  const?: unknown;
  pattern?: string;
  format?: string;
  minimum?: number;
  maximum?: number;
  exclusiveMinimum?: number;
  exclusiveMaximum?: number;
  maxLength?: number;
  maxItems?: number;
  oneOf?: Schema[];
  anyOf?: Schema[];
  additionalProperties?: boolean | Schema;
};

/** Vietnamese text, emoji, SQL and HTML fragments, path separators: refused wherever a code, date or number is expected. */
export const HOSTILE_STRINGS = [
  'Nguyễn Văn Ánh',
  '😀🇻🇳',
  "' OR '1'='1'; DROP TABLE users; --",
  '<script>alert("xss")</script>',
  '../../etc/passwd',
  '..\\..\\windows\\system32',
  '\u0000\u0007',
  ' ',
];

const typesOf = (s: Schema): string[] => {
  if (Array.isArray(s.type)) return s.type;
  if (s.type) return [s.type];
  if (s.properties) return ['object'];
  const branches = [...(s.anyOf ?? []), ...(s.oneOf ?? [])];
  return [...new Set(branches.flatMap(typesOf))];
};

/** A value of a JSON type the schema does not accept. */
function wrongType(s: Schema): unknown[] {
  const types = typesOf(s);
  if (!types.length) return [];
  const candidates: [string, unknown][] = [
    ['string', 12345],
    ['number', 'mười hai'],
    ['integer', '12'],
    ['boolean', 'true'],
    ['array', { khong: 'phai mang' }],
    ['object', ['khong phai doi tuong']],
    ['null', null],
  ];
  const out: unknown[] = [];
  for (const [type, value] of candidates) {
    if (!types.includes(type)) continue;
    const valueType = value === null ? 'null' : Array.isArray(value) ? 'array' : typeof value === 'number' ? 'number' : typeof value;
    if (!types.includes(valueType) && !(valueType === 'number' && types.includes('integer'))) out.push(value);
  }
  if (types.includes('integer') && !types.includes('number')) out.push(1.5);
  return out;
}

function outOfRange(s: Schema): unknown[] {
  const out: unknown[] = [];
  const types = typesOf(s);
  if (types.includes('number') || types.includes('integer')) {
    if (s.minimum !== undefined) out.push(s.minimum - 1);
    if (s.exclusiveMinimum !== undefined) out.push(s.exclusiveMinimum);
    if (s.maximum !== undefined) out.push(s.maximum + 1);
    if (s.exclusiveMaximum !== undefined) out.push(s.exclusiveMaximum);
  }
  if (types.includes('string') && s.maxLength !== undefined) out.push('ư'.repeat(s.maxLength + 1));
  if (types.includes('array') && s.maxItems !== undefined) out.push(Array.from({ length: s.maxItems + 1 }, () => 'x'));
  return out;
}

/** Strings with a pattern, a format or a fixed set of values refuse what people type freely. */
function hostile(s: Schema): unknown[] {
  const types = typesOf(s);
  if (!types.includes('string')) return [];
  if (s.pattern === undefined && s.format === undefined && s.enum === undefined && s.const === undefined) return [];
  return HOSTILE_STRINGS;
}

function mutateValue(schema: Schema, path: string, value: unknown, rebuild: (v: unknown) => unknown, out: Mutation[]): void {
  for (const v of wrongType(schema)) out.push({ what: `${path}: sai kiểu (${JSON.stringify(v)})`, body: rebuild(v) });
  for (const v of outOfRange(schema)) out.push({ what: `${path}: ngoài khoảng`, body: rebuild(v) });
  for (const v of hostile(schema)) out.push({ what: `${path}: ${JSON.stringify(v).slice(0, 30)}`, body: rebuild(v) });
  for (const branch of [...(schema.anyOf ?? []), ...(schema.oneOf ?? [])]) {
    if (branch.properties) mutateValue(branch, path, value, rebuild, out);
  }
  if (schema.properties) {
    const obj = value && typeof value === 'object' && !Array.isArray(value) ? (value as Record<string, unknown>) : {};
    out.push({ what: `${path}: trường lạ`, body: rebuild({ ...obj, truongLa: '<b>x</b>' }) });
    for (const required of schema.required ?? []) {
      if (!(required in obj)) continue;
      const { [required]: _removed, ...rest } = obj;
      out.push({ what: `${path}.${required}: thiếu`, body: rebuild(rest) });
    }
    for (const [name, sub] of Object.entries(schema.properties)) {
      mutateValue(sub, `${path}.${name}`, obj[name], (v) => rebuild({ ...obj, [name]: v }), out);
    }
  }
}

export function bodyMutations(schema: Schema, sample: unknown): Mutation[] {
  const out: Mutation[] = [
    { what: 'JSON hỏng', raw: '{"a": [1, 2' },
    { what: 'quá lớn', body: { ...(sample as object), dem: 'ư'.repeat(700_000) } },
    { what: 'không phải đối tượng', body: ['mảng'] },
  ];
  if ((schema.required ?? []).length) out.push({ what: 'rỗng', body: {} });
  if (!schema.properties) out.push({ what: 'trường lạ', body: { ...(sample as object), truongLa: '<b>x</b>' } });
  mutateValue(schema, 'body', sample, (v) => v, out);
  return out;
}
