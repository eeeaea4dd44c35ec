import { readFileSync } from 'node:fs';
import path from 'node:path';
import { get_dmmf } from '@prisma/prisma-schema-wasm';

/**
 * The database shape that schema.prisma declares, read offline through Prisma's own schema parser
 * (the WASM build of get_dmmf), in the same terms information_schema speaks.
 */

export interface ColumnShape {
  type: string;
  nullable: boolean;
}

export interface ForeignKeyShape {
  columns: string[];
  refTable: string;
  refColumns: string[];
  onDelete: string;
  onUpdate: string;
}

export interface TableShape {
  columns: Record<string, ColumnShape>;
  primaryKey: string[];
  /** Column lists of unique constraints/indexes other than the primary key, as "a,b". */
  uniques: string[];
  /** Column lists of plain indexes, as "a,b". */
  indexes: string[];
  foreignKeys: ForeignKeyShape[];
}

interface DmmfField {
  name: string;
  dbName?: string | null;
  kind: 'scalar' | 'object' | 'enum';
  type: string;
  isList: boolean;
  isRequired: boolean;
  isId: boolean;
  nativeType?: [string, string[]] | null;
  relationFromFields?: string[];
  relationToFields?: string[];
  relationOnDelete?: string;
  relationOnUpdate?: string;
}
interface DmmfModel {
  name: string;
  dbName: string | null;
  fields: DmmfField[];
  primaryKey: { fields: string[] } | null;
}
interface DmmfIndex {
  model: string;
  type: 'id' | 'unique' | 'normal' | 'fulltext';
  fields: { name: string }[];
}

const SCALAR_TYPES: Record<string, string> = {
  String: 'text',
  Int: 'integer',
  BigInt: 'bigint',
  Boolean: 'boolean',
  DateTime: 'timestamp(3) without time zone',
  Json: 'jsonb',
  Float: 'double precision',
  Decimal: 'numeric(65,30)',
  Bytes: 'bytea',
};

function nativeType(native: [string, string[]]): string {
  const [name, args] = native;
  switch (name) {
    case 'Uuid':
      return 'uuid';
    case 'Char':
      return `character(${args[0]})`;
    case 'VarChar':
      return args.length ? `character varying(${args[0]})` : 'character varying';
    case 'Timestamptz':
      return `timestamp(${args[0] ?? 6}) with time zone`;
    case 'Timestamp':
      return `timestamp(${args[0] ?? 6}) without time zone`;
    case 'Text':
      return 'text';
    default:
      throw new Error(`Kiểu gốc chưa hỗ trợ trong phép so sánh: ${name}`);
  }
}

const ACTIONS: Record<string, string> = { Cascade: 'CASCADE', Restrict: 'RESTRICT', SetNull: 'SET NULL', NoAction: 'NO ACTION', SetDefault: 'SET DEFAULT' };

export function declaredSchema(schemaPath = path.resolve(__dirname, '../../prisma/schema.prisma')): Record<string, TableShape> {
  const dmmf = JSON.parse(get_dmmf(JSON.stringify({ prismaSchema: [[schemaPath, readFileSync(schemaPath, 'utf8')]] }))) as {
    datamodel: { models: DmmfModel[]; indexes: DmmfIndex[] };
  };
  const models = dmmf.datamodel.models;
  const tableOf = (modelName: string) => {
    const m = models.find((x) => x.name === modelName)!;
    return m.dbName ?? m.name;
  };
  const columnOf = (modelName: string, fieldName: string) => {
    const f = models.find((x) => x.name === modelName)!.fields.find((x) => x.name === fieldName)!;
    return f.dbName ?? f.name;
  };

  const tables: Record<string, TableShape> = {};
  for (const model of models) {
    const columns: Record<string, ColumnShape> = {};
    const foreignKeys: ForeignKeyShape[] = [];
    for (const f of model.fields) {
      if (f.kind === 'scalar') {
        const base = f.nativeType ? nativeType(f.nativeType) : SCALAR_TYPES[f.type];
        if (!base) throw new Error(`Kiểu chưa hỗ trợ: ${model.name}.${f.name} ${f.type}`);
        // Prisma creates scalar lists as nullable arrays.
        columns[f.dbName ?? f.name] = { type: f.isList ? `${base}[]` : base, nullable: f.isList ? true : !f.isRequired };
      } else if (f.kind === 'object' && f.relationFromFields?.length) {
        const required = f.relationFromFields.every((name) => model.fields.find((x) => x.name === name)!.isRequired);
        foreignKeys.push({
          columns: f.relationFromFields.map((n) => columnOf(model.name, n)),
          refTable: tableOf(f.type),
          refColumns: f.relationToFields!.map((n) => columnOf(f.type, n)),
          onDelete: ACTIONS[f.relationOnDelete ?? (required ? 'Restrict' : 'SetNull')]!,
          onUpdate: ACTIONS[f.relationOnUpdate ?? 'Cascade']!,
        });
      }
    }
    const indexes = dmmf.datamodel.indexes.filter((i) => i.model === model.name);
    const cols = (i: DmmfIndex) => i.fields.map((x) => columnOf(model.name, x.name)).join(',');
    tables[model.dbName ?? model.name] = {
      columns,
      primaryKey: indexes.filter((i) => i.type === 'id').flatMap((i) => i.fields.map((x) => columnOf(model.name, x.name))),
      uniques: indexes.filter((i) => i.type === 'unique').map(cols).sort(),
      indexes: indexes.filter((i) => i.type === 'normal').map(cols).sort(),
      foreignKeys: foreignKeys.sort((a, b) => a.columns.join().localeCompare(b.columns.join())),
    };
  }
  return tables;
}
