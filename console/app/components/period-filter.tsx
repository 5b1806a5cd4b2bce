/** The period form of the report pages: first and last day (inclusive, UTC), errors next to the fields. */
import { Form } from '@remix-run/react';
import { FieldError, invalidProps } from './field-error';

export function PeriodFilter(props: {
  from: string;
  to: string;
  errors: { from?: string; to?: string };
  children?: React.ReactNode;
}) {
  return (
    <Form method="get" className="filters" aria-label="Choose the period">
      <div>
        <label htmlFor="from">First day</label>
        <input
          id="from"
          name="from"
          type="date"
          defaultValue={props.from}
          {...invalidProps('from', props.errors.from)}
        />
        <FieldError fieldId="from" message={props.errors.from} />
      </div>
      <div>
        <label htmlFor="to">Last day</label>
        <input id="to" name="to" type="date" defaultValue={props.to} {...invalidProps('to', props.errors.to)} />
        <FieldError fieldId="to" message={props.errors.to} />
      </div>
      {props.children}
      <button type="submit">Show</button>
    </Form>
  );
}
