/** Labelled values instead of a form, for actors who may read but not edit. */
export function ReadOnlyDetails({ items }: { items: { label: string; value: React.ReactNode }[] }) {
  return (
    <dl className="space-y-3 px-5 py-4 text-sm">
      {items.map(({ label, value }) => (
        <div key={label}>
          <dt className="font-medium text-slate-700">{label}</dt>
          <dd className="mt-0.5 text-slate-900">{value || <span className="text-slate-400">—</span>}</dd>
        </div>
      ))}
    </dl>
  );
}
