import type { Impact } from "@/lib/dal/impact";
import { count, plural } from "@/lib/text/plural";

/** What a change through a group takes away, and who keeps which role through another source. */
export function ImpactSummary({ impact }: { impact: Impact }) {
  return (
    <div className="space-y-3 text-sm text-slate-700">
      {impact.removesLastAdmin && (
        <p role="alert" className="rounded-md border border-red-200 bg-red-50 px-3 py-2 text-red-800">
          This would leave Gatehouse without an administrator, so it will be refused.
        </p>
      )}
      {impact.stage && (
        <p>
          In <span className="font-medium text-slate-900">{impact.stage.name}</span> only: the group&apos;s roles apply
          in no other stage.
        </p>
      )}
      {impact.roles.length === 0 ? (
        <p>Nobody loses a role{impact.stage ? ` in ${impact.stage.name}` : ""}.</p>
      ) : (
        <ul className="space-y-1">
          {impact.roles.map((role) => (
            <li key={role.roleId}>
              <span className="font-medium text-slate-900">{role.roleName}</span>{" "}
              <span className="text-slate-500">({role.applicationName})</span>: {count(role.losing, "member")}{" "}
              {plural(role.losing, "loses", "lose")} it
              {impact.stage ? ` in ${impact.stage.name}` : ""}
              {role.keeping > 0 && (
                <>
                  , {count(role.keeping, "member")} {plural(role.keeping, "keeps", "keep")} it through another source
                </>
              )}
              .
            </li>
          ))}
        </ul>
      )}
      {impact.keepers.length > 0 && (
        <details className="rounded-md bg-slate-50 px-3 py-2">
          <summary className="cursor-pointer font-medium">Who keeps what</summary>
          <ul className="mt-2 space-y-1">
            {impact.keepers.map((k) => (
              <li key={`${k.userId}-${k.roleName}`}>
                {k.username} keeps {k.roleName} through{" "}
                {k.via.map((v) => (v === "direct" ? "a direct grant" : v)).join(", ")}
              </li>
            ))}
          </ul>
        </details>
      )}
    </div>
  );
}
