import Link from "next/link";
import { Button } from "@/components/ui/button";
import { Card } from "@/components/ui/card";
import { Field, Input } from "@/components/ui/field";
import { linkClass } from "@/components/ui/table";
import { AUDIT_ACTIONS } from "@/lib/dal/audit";

export const FILTER_KEYS = ["actor", "target", "targetType", "action", "from", "to"] as const;
export type AuditParams = Partial<Record<(typeof FILTER_KEYS)[number], string>>;

export const TARGET_TYPES = ["user", "group", "role", "application", "provider", "stage", "token"] as const;
const select =
  "h-9 w-full rounded-md border border-slate-300 bg-white px-2 text-sm shadow-xs focus-visible:outline-indigo-600";

/** A GET form: the filters live in the URL, so a filtered view can be shared and the back button works. */
export function AuditFilters({ values }: { values: AuditParams }) {
  return (
    <Card aria-label="Filters">
      <form
        role="search"
        aria-label="Filter the audit log"
        className="grid gap-4 px-5 py-4 sm:grid-cols-2 lg:grid-cols-3"
      >
        <Field id="actor" label="Actor">
          <Input id="actor" name="actor" defaultValue={values.actor} placeholder="Username" />
        </Field>
        <Field id="target" label="Target">
          <Input id="target" name="target" defaultValue={values.target} placeholder="User, group or role" />
        </Field>
        <Field id="targetType" label="Type">
          <select id="targetType" name="targetType" defaultValue={values.targetType ?? ""} className={select}>
            <option value="">Any type</option>
            {TARGET_TYPES.map((type) => (
              <option key={type} value={type}>
                {type[0]!.toUpperCase() + type.slice(1)}
              </option>
            ))}
          </select>
        </Field>
        <Field id="action" label="Action">
          <select id="action" name="action" defaultValue={values.action ?? ""} className={select}>
            <option value="">Any action</option>
            {Object.entries(AUDIT_ACTIONS).map(([action, label]) => (
              <option key={action} value={action}>
                {label[0]!.toUpperCase() + label.slice(1)}
              </option>
            ))}
          </select>
        </Field>
        <Field id="from" label="From">
          <Input id="from" name="from" type="date" defaultValue={values.from} />
        </Field>
        <Field id="to" label="To">
          <Input id="to" name="to" type="date" defaultValue={values.to} />
        </Field>
        <div className="flex items-center gap-3 sm:col-span-2 lg:col-span-3">
          <Button type="submit">Apply filters</Button>
          <Link href="/admin/audit" className={linkClass}>
            Clear
          </Link>
        </div>
      </form>
    </Card>
  );
}
