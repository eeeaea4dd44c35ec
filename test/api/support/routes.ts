import type { Express } from 'express';

/** Layers of Express 5's router, as far as walking the mounted routes needs them. */
interface Layer {
  route?: { path: string | string[]; methods: Record<string, boolean> };
  handle?: { stack?: Layer[] };
  rawPath?: string | string[];
}

/** Every route the running app has mounted, as "METHOD /full/path" in Express syntax. */
export function mountedRoutes(app: Express): string[] {
  const out: string[] = [];
  const walk = (stack: Layer[], prefix: string) => {
    for (const layer of stack) {
      if (layer.route) {
        const paths = Array.isArray(layer.route.path) ? layer.route.path : [layer.route.path];
        for (const method of Object.keys(layer.route.methods).filter((m) => layer.route!.methods[m] && m !== '_all')) {
          for (const p of paths) out.push(`${method.toUpperCase()} ${prefix}${p}`);
        }
      } else if (layer.handle?.stack) {
        const raw = Array.isArray(layer.rawPath) ? layer.rawPath[0] : layer.rawPath;
        walk(layer.handle.stack, prefix + (raw && raw !== '/' ? raw : ''));
      }
    }
  };
  walk((app as unknown as { router: { stack: Layer[] } }).router.stack, '');
  return out.sort();
}

export interface Operation {
  method: string;
  /** OpenAPI template, e.g. /api/v1/years/{year}. */
  path: string;
  op: {
    operationId: string;
    summary: string;
    tags: string[];
    parameters: { name: string; in: string; required: boolean; schema: Record<string, unknown>; example?: unknown }[];
    requestBody?: { content: Record<string, unknown> };
    responses: Record<string, { content?: Record<string, unknown> }>;
    'x-access': { public: boolean; roles: string[]; scope: string[]; credential?: string };
  };
}

export function operationsOf(doc: { paths: Record<string, Record<string, Operation['op']>> }): Operation[] {
  return Object.entries(doc.paths).flatMap(([path, ops]) => Object.entries(ops).map(([method, op]) => ({ method: method.toUpperCase(), path, op })));
}

/** An OpenAPI template with values filled in. */
export function fillPath(template: string, values: Record<string, string>): string {
  return template.replace(/\{([^}]+)\}/g, (_, name: string) => {
    const value = values[name];
    if (value === undefined) throw new Error(`Không có giá trị mẫu cho tham số đường dẫn {${name}} của ${template}; thêm vào bảng giá trị của phép thử.`);
    return encodeURIComponent(value);
  });
}

export const MUTATING = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);
