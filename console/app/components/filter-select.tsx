/**
 * One labelled <select> of a GET filter form: id and name are the query parameter; an optional
 * first option with the empty value ("any", "every product") means "no filter"; then the choices.
 */
export interface FilterChoice {
  value: string;
  label: string;
}

/** Choices from rows with an id and a name (locations, products, persons). */
export const choicesByName = (rows: ReadonlyArray<{ id: string; name: string }>): FilterChoice[] =>
  rows.map((r) => ({ value: r.id, label: r.name }));

/** Choices whose label is their value (statuses, severities, event types). */
export const plainChoices = (values: readonly string[]): FilterChoice[] => values.map((v) => ({ value: v, label: v }));

export function FilterSelect({
  name,
  label,
  value,
  empty,
  choices,
}: {
  name: string;
  label: string;
  value: string;
  /** Label of the first, empty-valued option; none when a value must be chosen. */
  empty?: string;
  choices: readonly FilterChoice[];
}) {
  return (
    <div>
      <label htmlFor={name}>{label}</label>
      <select id={name} name={name} defaultValue={value}>
        {empty === undefined ? null : <option value="">{empty}</option>}
        {choices.map((c) => (
          <option key={c.value} value={c.value}>
            {c.label}
          </option>
        ))}
      </select>
    </div>
  );
}
