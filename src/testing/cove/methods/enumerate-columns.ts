/**
 * `EnumerateColumns {partnerId}`: the columns that partner may query, handy for diagnosing 13501.
 *
 * The real result shape is not publicly documented. The mock returns one row per column,
 * `{ Id: <canonical code>, Name, Type }` (e.g. `{ Id: 'D09F00', Name: 'Total / Last Session Status',
 * Type: 'Status' }`), covering property columns, every data-source × field pair and the partner's
 * custom `AA` columns, minus the codes restricted for that partner.
 *
 * @internal
 * @module
 */
import { DATA_SOURCES, PROPERTY_COLUMNS, STATISTIC_FIELDS } from '../codes';
import { type MethodHandler, scopedPartnerId } from './context';

/** `EnumerateColumns {partnerId}` → the columns that partner may query. */
export const enumerateColumns: MethodHandler = (params, ctx) => {
  const partnerId = scopedPartnerId(params.partnerId, ctx);
  const lineage = ctx.world.lineage(partnerId);
  const rows: { Id: string; Name: string; Type: string }[] = [];
  for (const [n, column] of PROPERTY_COLUMNS)
    rows.push({ Id: `I${n}`, Name: column.name, Type: column.type });
  for (const [source, dataSource] of DATA_SOURCES) {
    for (const [field, statistic] of STATISTIC_FIELDS) {
      const id = `D${String(source).padStart(2, '0')}F${String(field).padStart(2, '0')}`;
      rows.push({ Id: id, Name: `${dataSource.name} / ${statistic.name}`, Type: statistic.type });
    }
  }
  for (const custom of ctx.world.customColumns)
    rows.push({ Id: `AA${custom.id}`, Name: custom.name, Type: 'String' });
  return { result: rows.filter((row) => !ctx.restrictions.isRestricted(row.Id, lineage)) };
};
